// A real WebGPU device in Node through Dawn (the `webgpu` package), via the engine's own helper
// (src/engine/backends/webgpu/node-device.ts): VK_ICD_FILENAMES when set, else the system's
// Vulkan drivers (lavapipe from Mesa >= 25 here), else Chromium's SwiftShader. The helper keeps
// the Dawn instance alive for the whole process (a collected instance crashes Dawn's threads).
// No adapter: the suite skips loudly, except on CI where that is a failure.
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { requestNodeDevice } from '../../src/engine/backends/webgpu/node-device';

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: GPUAdapterInfo;
}

export async function requestDawnDevice(): Promise<GpuContext | { skip: string }> {
  const got = await requestNodeDevice();
  if ('error' in got) return { skip: got.error };
  return { device: got.device, adapterInfo: got.info };
}

/** Call from a mocha `before`: returns the device, or skips the suite (fails on CI). */
export async function deviceOrSkip(suite: Mocha.Context): Promise<GPUDevice> {
  const got = await requestDawnDevice();
  if ('skip' in got) {
    const banner = `\n${'!'.repeat(78)}\n!! GPU tests SKIPPED: ${got.skip}\n${'!'.repeat(78)}`;
    if (process.env.CI === 'true') throw new Error(banner.replace('SKIPPED', 'CANNOT RUN ON CI'));
    console.error(banner);
    suite.skip();
  }
  const { device, adapterInfo } = got as GpuContext;
  console.log(`      WebGPU adapter: ${adapterInfo.vendor} ${adapterInfo.architecture} ${adapterInfo.description}`.trimEnd());
  return device;
}

/**
 * Call in a describe body: the suite's device (deviceOrSkip, in `before`; destroyed in `after`) and
 * a fresh backend on it before each test, `setup` applied (forced kernels), disposed after the
 * test. Read `device` and `gpu` inside tests and hooks.
 */
export function backendPerTest(setup: (gpu: WebGpuBackend) => void = () => {}): {
  readonly device: GPUDevice;
  readonly gpu: WebGpuBackend;
} {
  let device: GPUDevice | undefined, gpu: WebGpuBackend | undefined;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  beforeEach(() => {
    gpu = new WebGpuBackend(device!);
    setup(gpu);
  });
  afterEach(() => gpu?.dispose());
  after(() => device?.destroy());
  return {
    get device() {
      return device!;
    },
    get gpu() {
      return gpu!;
    },
  };
}

/** Call in a describe body: one backend for the whole suite (the conformance tables), on its own
 *  device, disposed with it at the end. Read `gpu` inside tests. */
export function backendPerSuite(): { readonly gpu: WebGpuBackend } {
  let gpu: WebGpuBackend | undefined;
  before(async function () {
    gpu = new WebGpuBackend(await deviceOrSkip(this));
  });
  after(() => {
    const device = gpu?.device;
    gpu?.dispose();
    device?.destroy();
  });
  return {
    get gpu() {
      return gpu!;
    },
  };
}

export async function readBuffer(device: GPUDevice, source: GPUBuffer, bytes: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

export function storageBuffer(device: GPUDevice, data: Float32Array): GPUBuffer {
  const buffer = device.createBuffer({
    size: data.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Float32Array(buffer.getMappedRange()).set(data);
  buffer.unmap();
  return buffer;
}
