import { nodeGpu } from './src/engine/backends/webgpu/node-device';
import { WebGpuBackend } from './src/engine/backends/webgpu';
async function main() {
  const gpu = await nodeGpu();
  if ('error' in gpu) throw new Error(gpu.error);
  const adapter = (await gpu.requestAdapter())!;
  const lim: Record<string, number> = {};
  for (const k of ['maxStorageBuffersPerShaderStage','maxStorageBufferBindingSize','maxBufferSize','maxComputeWorkgroupsPerDimension','maxComputeInvocationsPerWorkgroup','maxComputeWorkgroupSizeX','maxComputeWorkgroupStorageSize','maxBindGroups']) lim[k] = (adapter.limits as any)[k];
  console.log(lim, [...adapter.features]);
  const mode = process.argv[2];
  const device = await adapter.requestDevice(mode === 'lim' ? { requiredLimits: lim } : mode === 'ts' ? { requiredFeatures: ['timestamp-query'] } : { label: 'model-lab' });
  console.log('device ok');
  const be = new WebGpuBackend(device);
  for (let it = 0; it < 30; it++) {
    const h = be.alloc(8), h2 = be.alloc(8);
    be.write(h, new Float32Array([1,2,3,4,5,6,7,it]));
    const prog = be.compile([{ kernel: 'copy', args: [{buffer: h, offset: 0, size: 8}, {buffer: h2, offset: 0, size: 8}], p: { len: 8 } }]);
    prog.run({ n: 1, step: 1, lr: 0, seed: 0, lossSlot: 0 });
    const t = Date.now();
    const r = await be.read(h2);
    console.log(it, r[7], Date.now() - t, 'ms');
  }
  be.dispose(); device.destroy();
}
void main();
