// The WebGPU backend: the CPU backend's kernels in WGSL, behind the same Backend interface.
//
// - Buffers are allocated once per run from the plan (STORAGE | COPY_SRC | COPY_DST, zeroed).
// - compile() builds pipelines (cached by WGSL source), bind groups and uniform blocks once.
// - Program.run() records its dispatches into the backend's open compute pass; the pass is
//   submitted once, on the next read()/write(), when the runtime ring wraps, or at the end of
//   the current task (a microtask). The trainer's forward + backward + update of one step
//   therefore go to the queue as ONE command buffer.
// - read() copies into a staging buffer from a pool (the "ring"), submits and awaits mapAsync:
//   the queue never waits for the CPU; the caller decides when to await.
// - Errors: WGSL compilation (validation scope around each new pipeline, messages from
//   getCompilationInfo, named by kernel), validation and out-of-memory around each submit and
//   allocation, device loss: the first one is kept and thrown by the next run()/read()/ready().
// The same code runs in the browser and in Node (node-device.ts gives it a Dawn device).

import type { Backend, BufferRef, KernelCall, Program, Runtime } from '../../backend';
import type { KernelName } from '../../kernels/contract';
import { type GpuSource, deviceFrom } from './device';
import { RUNTIME_BYTES, packRuntime } from './kernel';
import { WGSL_KERNELS } from './kernels';
import { compileProgram } from './program';
import { isSoftwareAdapter } from '../adapter-kind';
import { type Fused, fuseAttention } from './fuse-attention';
import { AUTO_CHOICE, fusesAttention, type KernelChoice, kernelFor as selectKernel } from './select';
import { type DeviceFacts, type KernelForce, deviceFacts, kernelFor } from './variants';

export { WGSL_KERNELS } from './kernels';
export { type KernelChoice } from './select';
export { CONV_VARIANTS, GEMM_VARIANTS, type ConvVariant, type GemmVariant, type KernelForce } from './variants';
export { LONG_ROW } from './kernels/rows';
export { requestAdapter, requestDeviceFor, WebGpuUnavailableError, type GpuSource } from './device';

// GPUBufferUsage / GPUMapMode / GPUShaderStage values (fixed by the spec; Node has no globals).
const MAP_READ = 0x1,
  COPY_SRC = 0x4,
  COPY_DST = 0x8,
  UNIFORM = 0x40,
  STORAGE = 0x80;
const MAP_MODE_READ = 0x1,
  STAGE_COMPUTE = 0x4;
const RING = 256; // runtime slots: runs recorded before a submit is forced

export class WebGpuError extends Error {}

export interface WebGpuOptions {
  /** Kernel variants forced whatever the device and shape (tests, benchmarks). */
  readonly force?: KernelForce;
}

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  readonly limits: GPUSupportedLimits;
  readonly runtimeBuffer: GPUBuffer;
  /** What the kernel choice knows about this device (variants.ts). */
  readonly facts: DeviceFacts;
  private readonly force: KernelForce;
  private readonly buffers: ({ buffer: GPUBuffer; bytes: number } | null)[] = [];
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly programs: { destroy(): void }[] = [];
  private readonly staging = new Map<number, GPUBuffer[]>();
  private readonly checks = new Set<Promise<void>>();
  private readonly rtData = new DataView(new ArrayBuffer(RUNTIME_BYTES));
  private readonly rtStride: number;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private slot = 0;
  private slotsOpen = 0;
  private failure: Error | null = null;
  private disposed = false;
  /** Submits so far (one per training step when the trainer writes a batch per step). */
  submits = 0;
  /** Kernel variants for programs compiled from now on (select.ts); tests force them. */
  kernels: KernelChoice = { ...AUTO_CHOICE };
  /** A GPU, not an emulation of one (device.adapterInfo; unknown counts as software). */
  readonly hardware: boolean;
  private readonly fusedAttention: Fused = new Map();

  /** A backend on a device from navigator.gpu, a Dawn GPU object, an adapter, or a device. */
  static async create(source: GpuSource, options: WebGpuOptions = {}): Promise<WebGpuBackend> {
    const { device, owned } = await deviceFrom(source);
    return new WebGpuBackend(device, owned, options);
  }

  constructor(
    readonly device: GPUDevice,
    private readonly ownsDevice = false,
    options: WebGpuOptions = {},
  ) {
    this.limits = device.limits;
    const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    this.hardware = !!info && !isSoftwareAdapter(info);
    this.facts = deviceFacts(device);
    this.force = options.force ?? {};
    this.rtStride = Math.max(RUNTIME_BYTES, device.limits.minUniformBufferOffsetAlignment);
    this.runtimeBuffer = device.createBuffer({ label: 'model-lab runtime ring', size: this.rtStride * RING, usage: UNIFORM | COPY_DST });
    void device.lost.then((info) => {
      if (!this.disposed)
        this.fail(
          new WebGpuError(
            `WebGPU device lost (${info.reason}): ${info.message || 'no message'}. The run cannot continue; restart it (or train on the CPU).`,
          ),
        );
    });
    device.addEventListener?.('uncapturederror', (ev) =>
      this.fail(new WebGpuError(`WebGPU error: ${(ev as GPUUncapturedErrorEvent).error.message}`)),
    );
  }

  alloc(size: number): number {
    this.throwIfFailed();
    const bytes = Math.max(1, size) * 4;
    if (bytes > this.limits.maxBufferSize) {
      throw new WebGpuError(
        `WebGPU: a buffer of ${size} floats (${mb(bytes)}) exceeds this device's maxBufferSize (${mb(this.limits.maxBufferSize)}); ` +
          `use a smaller batch or model`,
      );
    }
    this.device.pushErrorScope('out-of-memory');
    const buffer = this.device.createBuffer({
      label: `model-lab buffer ${this.buffers.length}`,
      size: bytes,
      usage: STORAGE | COPY_SRC | COPY_DST,
    });
    this.check(
      this.device.popErrorScope(),
      (e) => `WebGPU out of memory allocating ${mb(bytes)}: ${e.message}. Use a smaller batch or model.`,
    );
    this.buffers.push({ buffer, bytes });
    return this.buffers.length - 1;
  }

  write(handle: number, data: Float32Array, offset = 0): void {
    this.throwIfFailed();
    const b = this.gpuBuffer(handle);
    if ((offset + data.length) * 4 > b.bytes)
      throw new WebGpuError(`WebGPU: write of ${data.length} floats at ${offset} runs past buffer ${handle}`);
    this.flush(); // queue.writeBuffer lands before any submit after it: earlier recorded runs go first
    if (data.length > 0) this.device.queue.writeBuffer(b.buffer, offset * 4, data.buffer, data.byteOffset, data.byteLength);
  }

  async read(handle: number, offset = 0, size?: number): Promise<Float32Array> {
    this.throwIfFailed();
    const b = this.gpuBuffer(handle);
    const n = size ?? b.bytes / 4 - offset;
    if (offset < 0 || n < 0 || (offset + n) * 4 > b.bytes)
      throw new WebGpuError(`WebGPU: read of ${n} floats at ${offset} runs past buffer ${handle}`);
    if (n === 0) return new Float32Array(0);
    const bytes = n * 4;
    const staging = this.takeStaging(bytes);
    this.endPass();
    this.openEncoder().copyBufferToBuffer(b.buffer, offset * 4, staging, 0, bytes);
    this.flush();
    try {
      await staging.mapAsync(MAP_MODE_READ, 0, bytes);
    } catch (e) {
      await this.ready();
      throw new WebGpuError(`WebGPU read failed: ${(e as Error).message}`);
    }
    const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    this.giveStaging(staging);
    await this.ready();
    return out;
  }

  /** Every kernel of the contract has a WGSL twin, the optional ones included. */
  supports(kernel: KernelName): boolean {
    return Object.hasOwn(WGSL_KERNELS, kernel);
  }

  /** `keep`: slices read after a run (observed outputs), which no fusion may leave unwritten. */
  compile(calls: readonly KernelCall[], keep?: readonly BufferRef[]): Program {
    this.throwIfFailed();
    const fused = fuseAttention(calls, this.fusedAttention, keep, fusesAttention(this.kernels, this.hardware));
    const p = compileProgram(this, fused, `program ${this.programs.length}`);
    this.programs.push(p);
    return p;
  }

  /** compile() and wait until its WGSL has compiled; throws a compile error with the kernel's name. */
  async compileAsync(calls: readonly KernelCall[]): Promise<Program> {
    const p = this.compile(calls);
    await this.ready();
    return p;
  }

  /** Resolves once every pending error check has come back; rejects with the first failure. */
  async ready(): Promise<void> {
    while (this.checks.size > 0) await Promise.all([...this.checks]);
    this.throwIfFailed();
  }

  /** Submits what has been recorded; GPU work proceeds without the CPU waiting. */
  flush(): void {
    if (!this.encoder) return;
    this.endPass();
    const encoder = this.encoder;
    this.encoder = null;
    this.slotsOpen = 0;
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.device.queue.submit([encoder.finish()]);
    this.submits++;
    this.check(this.device.popErrorScope(), (e) => `WebGPU validation error in a submitted step: ${e.message}`);
    this.check(
      this.device.popErrorScope(),
      (e) => `WebGPU out of memory while running a step: ${e.message}. Use a smaller batch or model.`,
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    for (const b of this.buffers) b?.buffer.destroy();
    this.buffers.length = 0;
    for (const list of this.staging.values()) for (const s of list) s.destroy();
    this.staging.clear();
    for (const p of this.programs) p.destroy();
    this.runtimeBuffer.destroy();
    if (this.ownsDevice) this.device.destroy();
  }

  // ---- used by programs (ProgramHost) ----

  /** The gemm's and the convolutions' variants (variants.ts), select.ts's choice for the rest. */
  kernelFor(call: KernelCall): ReturnType<typeof kernelFor> {
    const mine = kernelFor(call, this.facts, this.force);
    if (mine) return mine;
    const got = selectKernel(call, this.kernels, this.hardware);
    return got && { kernel: got.kernel, label: got.name };
  }

  gpuBuffer(handle: number): { buffer: GPUBuffer; bytes: number } {
    const b = this.buffers[handle];
    if (!b) throw new WebGpuError(`webgpu backend: no buffer ${handle}`);
    return b;
  }

  pipeline(name: string, code: string, bindings: readonly { writable: boolean }[]): GPUComputePipeline {
    const cached = this.pipelines.get(code);
    if (cached) return cached;
    const d = this.device;
    d.pushErrorScope('validation');
    const module = d.createShaderModule({ label: `kernel ${name}`, code });
    const layout = d.createBindGroupLayout({
      label: `kernel ${name}`,
      entries: [
        { binding: 0, visibility: STAGE_COMPUTE, buffer: { type: 'uniform' } },
        { binding: 1, visibility: STAGE_COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true } },
        ...bindings.map((b, i) => ({
          binding: i + 2,
          visibility: STAGE_COMPUTE,
          buffer: { type: b.writable ? ('storage' as const) : ('read-only-storage' as const) },
        })),
      ],
    });
    const pipeline = d.createComputePipeline({
      label: `kernel ${name}`,
      layout: d.createPipelineLayout({ label: `kernel ${name}`, bindGroupLayouts: [layout] }),
      compute: { module, entryPoint: 'main' },
    });
    const scope = d.popErrorScope().then(async (err) => {
      if (!err) return null;
      const info = await module.getCompilationInfo();
      const lines = info.messages.filter((m) => m.type === 'error').map((m) => `  line ${m.lineNum}:${m.linePos}: ${m.message}`);
      return { message: lines.length ? lines.join('\n') : err.message } as GPUError;
    });
    this.check(scope, (e) => `WGSL kernel '${name}' failed to compile:\n${e.message}`);
    this.pipelines.set(code, pipeline);
    return pipeline;
  }

  beginRun(rt: Runtime): { pass: GPUComputePassEncoder; runtimeOffset: number } {
    if (this.slotsOpen >= RING) this.flush();
    const offset = this.slot * this.rtStride;
    this.slot = (this.slot + 1) % RING;
    this.slotsOpen++;
    packRuntime(rt, this.rtData, 0);
    this.device.queue.writeBuffer(this.runtimeBuffer, offset, this.rtData.buffer);
    if (!this.pass) this.pass = this.openEncoder().beginComputePass({ label: 'model-lab step' });
    return { pass: this.pass, runtimeOffset: offset };
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
    if (this.disposed) throw new WebGpuError('webgpu backend: used after dispose()');
  }

  /** Number of distinct pipelines compiled (for tests of the cache). */
  get pipelineCount(): number {
    return this.pipelines.size;
  }

  // ---- internals ----

  private openEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder({ label: 'model-lab step' });
      queueMicrotask(() => {
        if (!this.disposed) this.flush();
      });
    }
    return this.encoder;
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  private takeStaging(bytes: number): GPUBuffer {
    const size = Math.max(256, 2 ** Math.ceil(Math.log2(bytes)));
    const free = this.staging.get(size)?.pop();
    return free ?? this.device.createBuffer({ label: `model-lab staging ${size}`, size, usage: MAP_READ | COPY_DST });
  }

  private giveStaging(b: GPUBuffer): void {
    const list = this.staging.get(b.size) ?? [];
    if (list.length < 8) {
      list.push(b);
      this.staging.set(b.size, list);
    } else {
      b.destroy();
    }
  }

  private check(scope: Promise<GPUError | null>, message: (e: GPUError) => string): void {
    const p: Promise<void> = scope
      .then(
        (e) => {
          if (e) this.fail(new WebGpuError(message(e)));
        },
        (e: unknown) => {
          this.fail(new WebGpuError(`WebGPU: ${(e as Error).message}`));
        },
      )
      .finally(() => this.checks.delete(p));
    this.checks.add(p);
  }

  private fail(e: Error): void {
    this.failure ??= e;
  }
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
