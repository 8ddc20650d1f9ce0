import { create, globals } from 'webgpu';
Object.assign(globalThis, globals);
const CODE = `@group(0) @binding(0) var<storage, read_write> a: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) { if (id.x < 8u) { a[id.x] = a[id.x] + 1.0; } }`;
async function main() {
  const gpu = create([]);
  const adapter = (await gpu.requestAdapter())!;
  const device = await adapter.requestDevice();
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: CODE }), entryPoint: 'main' } });
  const mode = process.argv[2] ?? '';
  for (let it = 0; it < 60; it++) {
    const buf = device.createBuffer({ size: 32, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buf, 0, new Float32Array(8).fill(it));
    const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: buf } }] });
    const staging = device.createBuffer({ size: 32, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass(); pass.setPipeline(pipeline); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(1); pass.end();
    enc.copyBufferToBuffer(buf, 0, staging, 0, 32);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const r = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    if (mode.includes('destroy')) { staging.destroy(); buf.destroy(); }
    console.log(it, r[0]);
  }
  device.destroy();
}
void main();
