// The WebGPU backend's own contract, beyond kernel values: pipeline cache, ordering of writes
// against recorded runs, large dispatches, and errors that name what failed (WGSL compilation,
// unknown kernels, missing parameters, a lost device).

import { strict as assert } from 'node:assert';
import type { KernelCall } from '../../src/engine/backend';
import { WebGpuBackend } from '../../src/engine/backends/webgpu';
import { requestNodeDevice } from '../../src/engine/backends/webgpu/node-device';
import { backendPerTest } from './dawn';

const rt = { n: 1, step: 1, lr: 0, seed: 0, lossSlot: 0 };
const ref = (buffer: number, size: number, offset = 0) => ({ buffer, offset, size });

describe('WebGPU backend', function () {
  const t = backendPerTest();

  it('caches pipelines by WGSL source', () => {
    const a = t.gpu.alloc(8),
      b = t.gpu.alloc(8),
      c = t.gpu.alloc(8);
    const call = (src: number, dst: number): KernelCall => ({ kernel: 'copy', args: [ref(src, 8), ref(dst, 8)], p: { len: 8 } });
    t.gpu.compile([call(a, b), call(b, c)]);
    t.gpu.compile([call(c, a)]);
    assert.equal(t.gpu.pipelineCount, 1);
    t.gpu.compile([{ kernel: 'copy', args: [ref(a, 4), ref(a, 4, 4)], p: { len: 4 } }]); // aliased: one binding
    assert.equal(t.gpu.pipelineCount, 2);
  });

  it('orders a write after the runs recorded before it', async () => {
    const a = t.gpu.alloc(4),
      b = t.gpu.alloc(4);
    t.gpu.write(a, new Float32Array([1, 2, 3, 4]));
    const prog = t.gpu.compile([{ kernel: 'copy', args: [ref(a, 4), ref(b, 4)], p: { len: 4 } }]);
    prog.run(rt);
    t.gpu.write(a, new Float32Array([9, 9, 9, 9])); // must not overtake the copy
    assert.deepEqual([...(await t.gpu.read(b))], [1, 2, 3, 4]);
    prog.run(rt);
    assert.deepEqual([...(await t.gpu.read(b))], [9, 9, 9, 9]);
  });

  it('reads concurrently and at offsets', async () => {
    const a = t.gpu.alloc(300);
    t.gpu.write(
      a,
      Float32Array.from({ length: 300 }, (_, i) => i),
    );
    const [x, y, z] = await Promise.all([t.gpu.read(a, 0, 3), t.gpu.read(a, 97, 2), t.gpu.read(a)]);
    assert.deepEqual([...x!], [0, 1, 2]);
    assert.deepEqual([...y!], [97, 98]);
    assert.equal(z!.length, 300);
  });

  it('splits a dispatch of more than 65535 workgroups over two dimensions', async () => {
    const len = 65535 * 64 + 100;
    const a = t.gpu.alloc(len),
      b = t.gpu.alloc(len);
    const data = Float32Array.from({ length: len }, (_, i) => i % 1000);
    t.gpu.write(a, data);
    t.gpu.compile([{ kernel: 'copy', args: [ref(a, len), ref(b, len)], p: { len } }]).run(rt);
    const tail = await t.gpu.read(b, len - 200, 200);
    assert.deepEqual([...tail], [...data.subarray(len - 200)]);
  });

  it('names the kernel when its WGSL does not compile', async () => {
    t.gpu.pipeline('broken_kernel', 'fn main( { nope }', []);
    await assert.rejects(t.gpu.ready(), /WGSL kernel 'broken_kernel' failed to compile/);
    assert.throws(() => t.gpu.compile([]), /broken_kernel/); // the failure sticks: the run ends
  });

  it('refuses unknown kernels and missing parameters by name', () => {
    const a = t.gpu.alloc(4);
    // Each is a compile error under the kernel contract; the backend still checks untyped calls.
    // @ts-expect-error unknown kernel
    assert.throws(() => t.gpu.compile([{ kernel: 'no_such_kernel', args: [], p: {} }]), /no WGSL kernel 'no_such_kernel'/);
    // @ts-expect-error missing parameter
    assert.throws(() => t.gpu.compile([{ kernel: 'copy', args: [ref(a, 4), ref(a, 4)], p: {} }]), /'copy': parameter 'len' missing/);
    // @ts-expect-error wrong arity
    assert.throws(() => t.gpu.compile([{ kernel: 'copy', args: [ref(a, 4)], p: { len: 4 } }]), /1 arguments given, 2 expected/);
  });

  it('says so when the device is lost', async () => {
    const got = await requestNodeDevice();
    if ('error' in got) throw new Error(got.error);
    const own = new WebGpuBackend(got.device);
    const a = own.alloc(4);
    got.device.destroy();
    await got.device.lost;
    await new Promise((r) => setTimeout(r, 0));
    assert.throws(() => own.compile([{ kernel: 'copy', args: [ref(a, 4), ref(a, 4)], p: { len: 4 } }]), /device lost \(destroyed\)/);
    await assert.rejects(own.read(a), /device lost/);
  });
});
