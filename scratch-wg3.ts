import { requestNodeDevice } from './src/engine/backends/webgpu/node-device';
import { WebGpuBackend } from './src/engine/backends/webgpu';
async function main() {
  const got = await requestNodeDevice();
  if ('error' in got) throw new Error(got.error);
  console.log('device ok', got.info.description);
  const be = new WebGpuBackend(got.device);
  for (let it = 0; it < 40; it++) {
    const a = be.alloc(28), b = be.alloc(35), c = be.alloc(20);
    be.write(a, new Float32Array(28).fill(1)); be.write(b, new Float32Array(35).fill(1)); be.write(c, new Float32Array(20).fill(1));
    const prog = be.compile([{ kernel: 'gemm', args: [{buffer: a, offset: 0, size: 28}, {buffer: b, offset: 0, size: 35}, {buffer: c, offset: 0, size: 20}], p: { m: 1, n: 5, k: 7, bm: 1 } }]);
    console.log('compiled');
    prog.run({ n: 3, step: 1, lr: 0, seed: 0, lossSlot: 0 });
    const t = Date.now();
    const r = [await be.read(a), await be.read(b), await be.read(c)];
    console.log(it, r[2][0], Date.now() - t, 'ms');
  }
  be.dispose(); got.device.destroy();
}
void main();
