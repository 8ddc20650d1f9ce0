// A plan bound to a backend: buffers allocated, programs compiled, and the host-side helpers the
// trainer needs (write a batch, run a step, read and write parameters).

import type { Backend, BufferRef, KernelCall, Program, Runtime } from '../backend';
import { mapArgs } from '../kernels/contract';
import type { Plan } from './types';

export class Executable {
  private readonly handles: number[];
  readonly forward: Program;
  readonly backward: Program;
  readonly update: Program;
  readonly evaluate: Program;

  constructor(
    readonly plan: Plan,
    readonly backend: Backend,
  ) {
    this.handles = plan.buffers.map((b) => backend.alloc(b.size));
    const bind = (calls: readonly KernelCall[], keep: readonly BufferRef[] = []) =>
      backend.compile(
        calls.map((c) => mapArgs(c, (r): BufferRef => ({ ...r, buffer: this.handle(r.buffer) }))),
        keep.map((r) => ({ ...r, buffer: this.handle(r.buffer) })),
      );
    this.forward = bind(plan.programs.forward);
    this.backward = bind(plan.programs.backward);
    this.update = bind(plan.programs.update);
    this.evaluate = bind(
      plan.programs.eval,
      plan.observed.map((o) => ({ buffer: o.buffer, offset: o.offset, size: o.len * plan.maxBatch })),
    );
  }

  /** Backend handle of a plan buffer. */
  handle(planBuffer: number): number {
    return this.handles[planBuffer]!;
  }

  /** Inputs and targets of rt.n samples (x: n * inputLen, target: n * targetLen). */
  writeBatch(x: Float32Array, target: Float32Array): void {
    this.backend.write(this.handle(this.plan.x), x);
    this.backend.write(this.handle(this.plan.target), target);
  }

  /** One training step: forward, backward, optimizer update. */
  trainStep(rt: Runtime): void {
    this.forward.run(rt);
    this.backward.run(rt);
    this.update.run(rt);
  }

  /** Flat contents of the params (trainable) and state (running statistics) buffers. */
  async readWeights(): Promise<{ params: Float32Array; state: Float32Array }> {
    const params = await this.backend.read(this.handle(this.plan.paramsBuffer));
    const state = await this.backend.read(this.handle(this.plan.stateBuffer));
    return { params, state };
  }

  writeWeights(w: { params: Float32Array; state: Float32Array }): void {
    this.backend.write(this.handle(this.plan.paramsBuffer), w.params);
    this.backend.write(this.handle(this.plan.stateBuffer), w.state);
  }

  /** Named tensors (for checkpoints) from flat buffers. */
  named(w: { params: Float32Array; state: Float32Array }): Map<string, { shape: readonly number[]; data: Float32Array }> {
    const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
    for (const e of this.plan.params) {
      const src = e.trainable ? w.params : w.state;
      out.set(e.name, { shape: e.shape, data: src.slice(e.offset, e.offset + e.size) });
    }
    return out;
  }

  /** Flat buffers from named tensors; every parameter must be present with its exact size. */
  flat(named: ReadonlyMap<string, { data: Float32Array }>): { params: Float32Array; state: Float32Array } {
    const params = new Float32Array(this.plan.buffers[this.plan.paramsBuffer]!.size);
    const state = new Float32Array(this.plan.buffers[this.plan.stateBuffer]!.size);
    for (const e of this.plan.params) {
      const t = named.get(e.name);
      if (!t) throw new Error(`missing tensor '${e.name}'`);
      if (t.data.length !== e.size) throw new Error(`tensor '${e.name}' has ${t.data.length} values, the model needs ${e.size}`);
      (e.trainable ? params : state).set(t.data, e.offset);
    }
    return { params, state };
  }
}
