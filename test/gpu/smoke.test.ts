// The GPU layer's first check: a WGSL matmul on a real WebGPU device (Dawn) against a plain CPU
// loop in float64. The engine's full kernel conformance table builds on this harness.
import { strict as assert } from 'node:assert';
import { deviceOrSkip, readBuffer, storageBuffer } from './dawn';

const MATMUL_WGSL = /* wgsl */ `
struct Dims { m: u32, k: u32, n: u32 }
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= dims.n || id.y >= dims.m) { return; }
  var sum = 0.0;
  for (var i = 0u; i < dims.k; i++) { sum += a[id.y * dims.k + i] * b[i * dims.n + id.x]; }
  c[id.y * dims.n + id.x] = sum;
}`;

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1);
}

describe('WebGPU (Dawn) smoke', function () {
  let device: GPUDevice;
  before(async function () {
    device = await deviceOrSkip(this);
  });
  after(() => device?.destroy());

  for (const [m, k, n] of [
    [1, 1, 1],
    [37, 53, 29],
    [64, 128, 96],
  ] as const) {
    it(`matmul ${m}×${k} · ${k}×${n} matches the CPU`, async () => {
      const a = seeded(m * k, 1),
        b = seeded(k * n, 2);
      const expected = new Float64Array(m * n);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
          expected[i * n + j] = s;
        }
      const module = device.createShaderModule({ code: MATMUL_WGSL });
      const info = await module.getCompilationInfo();
      assert.deepEqual(
        info.messages.filter((msg) => msg.type === 'error').map((msg) => msg.message),
        [],
      );
      const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
      const out = device.createBuffer({ size: m * n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
      const dims = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(dims, 0, new Uint32Array([m, k, n, 0]));
      const bind = device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [storageBuffer(device, a), storageBuffer(device, b), out, dims].map((buffer, binding) => ({
          binding,
          resource: { buffer },
        })),
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bind);
      pass.dispatchWorkgroups(Math.ceil(n / 8), Math.ceil(m / 8));
      pass.end();
      device.queue.submit([encoder.finish()]);
      const got = await readBuffer(device, out, m * n * 4);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
      assert.ok(worst < 1e-5, `largest relative error ${worst}`);
    });
  }
});
