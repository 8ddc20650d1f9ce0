// KernelCall[] -> a recorded-per-run list of dispatches. Everything that does not change from
// step to step is built once here: the pipeline (cached by WGSL source), the bind group, each
// call's uniform block (argument offsets + parameters, packed into one buffer per program).
// What changes per step (Runtime: n, step, lr, seed, loss slot) lives in a ring of uniform
// slots bound with a dynamic offset, so running a step only writes 32 bytes and records
// setPipeline / setBindGroup / dispatch for each call.

import type { KernelCall, Runtime } from '../../backend';
import { type WgslKernel, RUNTIME_BYTES, aliasing, packUniform, uniformBytes, wgslSource } from './kernel';

/** What a program needs from the backend. */
export interface ProgramHost {
  readonly device: GPUDevice;
  readonly limits: GPUSupportedLimits;
  readonly runtimeBuffer: GPUBuffer;
  /** The WGSL kernel that runs this call (select.ts, variants.ts: several for some), or undefined. */
  kernelFor(call: KernelCall): { kernel: WgslKernel; label: string } | undefined;
  gpuBuffer(handle: number): { buffer: GPUBuffer; bytes: number };
  pipeline(name: string, code: string, bindings: readonly { writable: boolean }[]): GPUComputePipeline;
  /** Writes rt into a fresh ring slot and returns the pass to record into and the slot's offset. */
  beginRun(rt: Runtime): { pass: GPUComputePassEncoder; runtimeOffset: number };
  throwIfFailed(): void;
}

interface Bound {
  readonly name: string;
  readonly kernel: WgslKernel;
  readonly call: KernelCall;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
}

const UNIFORM = 0x40,
  COPY_DST = 0x8;

export function compileProgram(
  host: ProgramHost,
  calls: readonly KernelCall[],
  label = 'program',
): { run(rt: Runtime): void; destroy(): void } {
  const { device, limits } = host;
  const align = limits.minUniformBufferOffsetAlignment;
  const storageAlign = limits.minStorageBufferOffsetAlignment;
  const chosen = calls.map((c) => {
    const got = host.kernelFor(c);
    if (!got) throw new Error(`webgpu backend: no WGSL kernel '${c.kernel}'`);
    if (c.args.length !== got.kernel.args.length)
      throw new Error(`webgpu kernel '${c.kernel}': ${c.args.length} arguments given, ${got.kernel.args.length} expected`);
    return got;
  });
  const kernels = chosen.map((c) => c.kernel);
  const stride = Math.max(align, ...kernels.map((k) => Math.ceil(uniformBytes(k) / align) * align));
  const params = new ArrayBuffer(Math.max(stride * calls.length, 16));
  const view = new DataView(params);
  const uniforms = device.createBuffer({ label: `${label} params`, size: params.byteLength, usage: UNIFORM | COPY_DST });

  const bound: Bound[] = calls.map((call, ci) => {
    const k = kernels[ci]!;
    const al = aliasing(
      k,
      call.args.map((r) => r.buffer),
    );
    if (al.bindings.length > limits.maxStorageBuffersPerShaderStage) {
      throw new Error(
        `webgpu kernel '${call.kernel}': needs ${al.bindings.length} storage buffers, the device allows ${limits.maxStorageBuffersPerShaderStage}`,
      );
    }
    // One binding per distinct buffer, covering all its argument slices, offset aligned down.
    const ranges = al.bindings.map(() => ({ lo: Infinity, hi: 0 }));
    call.args.forEach((r, i) => {
      const g = ranges[al.argBinding[i]!]!;
      g.lo = Math.min(g.lo, r.offset * 4);
      g.hi = Math.max(g.hi, (r.offset + Math.max(1, r.size)) * 4);
    });
    const entries: GPUBindGroupEntry[] = ranges.map((g, b) => {
      const handle = call.args[al.argBinding.indexOf(b)]!.buffer;
      const { buffer, bytes } = host.gpuBuffer(handle);
      const offset = Math.floor(g.lo / storageAlign) * storageAlign;
      const hi = Math.min(g.hi, bytes);
      if (g.hi > bytes) throw new Error(`webgpu kernel '${call.kernel}': an argument slice runs past the end of buffer ${handle}`);
      const size = hi - offset;
      if (size > limits.maxStorageBufferBindingSize) {
        throw new Error(
          `webgpu kernel '${call.kernel}': binding of ${size} bytes exceeds maxStorageBufferBindingSize ${limits.maxStorageBufferBindingSize}`,
        );
      }
      g.lo = offset;
      return { binding: b + 2, resource: { buffer, offset, size } };
    });
    const offsets = call.args.map((r, i) => r.offset - ranges[al.argBinding[i]!]!.lo / 4);
    packUniform(call.kernel, k, offsets, call.p, view, ci * stride);
    const name = chosen[ci]!.label;
    const pipeline = host.pipeline(name, wgslSource(name, k, al), al.bindings);
    const bindGroup = device.createBindGroup({
      label: `${label}[${ci}] ${call.kernel}`,
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniforms, offset: ci * stride, size: uniformBytes(k) } },
        { binding: 1, resource: { buffer: host.runtimeBuffer, offset: 0, size: RUNTIME_BYTES } },
        ...entries,
      ],
    });
    return { name, kernel: k, call, pipeline, bindGroup };
  });
  device.queue.writeBuffer(uniforms, 0, params);

  const maxDim = limits.maxComputeWorkgroupsPerDimension;
  return {
    run(rt: Runtime): void {
      host.throwIfFailed();
      if (bound.length === 0) return;
      const { pass, runtimeOffset } = host.beginRun(rt);
      for (const b of bound) {
        const groups = b.kernel.groups(b.call.p, rt);
        if (!(groups > 0)) continue;
        const x = Math.min(groups, maxDim),
          y = Math.ceil(groups / x);
        if (y > maxDim) throw new Error(`webgpu kernel '${b.name}': ${groups} workgroups is more than one dispatch can hold`);
        pass.setPipeline(b.pipeline);
        pass.setBindGroup(0, b.bindGroup, [runtimeOffset]);
        pass.dispatchWorkgroups(x, y);
      }
    },
    destroy(): void {
      uniforms.destroy();
    },
  };
}
