// Knowledge distillation's soft targets: the teacher's logits, from its trained weights in eval
// mode (dropout off, batchnorm's running statistics), on the same backend as the student.
//
// Cached or on the fly: without augmentation a training example is the same input every epoch,
// so the teacher's logits for the whole training set are computed once, before the first step
// (one forward pass of the teacher over the set; N x classes floats), and each batch gathers its
// rows — no teacher work and no read-back inside the step loop. With augmentation every batch is a
// new input, so the teacher runs on the augmented batch itself (a forward and a read per step).
// A teacher forward inside the student's plan was the alternative: it would need a second graph's
// weights in the plan and gives the same numbers; two executables keep the plan compiler unchanged.

import type { Graph } from '../../graph/ir';
import type { Backend } from '../backend';
import { newRuntime } from '../backend';
import type { Dataset } from '../data/dataset';
import { compilePlan } from '../plan/compile';
import { Executable } from '../plan/executable';
import type { NamedTensors } from './types';

/** A trained teacher: its graph and weights (a finished run's record and weights.safetensors). */
export interface TeacherModel {
  readonly graph: Graph;
  readonly weights: NamedTensors;
}

export class DistillError extends Error {}

/** The teacher's logits ([n, classes]) for batches of inputs. */
export class Teacher {
  private readonly exe: Executable;
  private readonly out: { buffer: number; offset: number };
  readonly classes: number;

  constructor(backend: Backend, teacher: TeacherModel, maxBatch: number, fuse: boolean) {
    const g = teacher.graph;
    const outNode = g.nodes[g.output]!;
    // A softmax output: its input is the logits (log of the probabilities would lose the small ones).
    const logits = outNode.op.kind === 'softmax' ? outNode.inputs[0]! : g.output;
    const plan = compilePlan(g, {
      maxBatch,
      loss: { kind: 'cross_entropy', labelSmoothing: 0 },
      optimizer: { kind: 'sgd', lr: 0, momentum: 0, nesterov: false, dampening: 0 },
      weightDecay: 0,
      l1: 0,
      clipNorm: null,
      fuse,
      ...(logits !== g.output ? { observe: [logits] } : {}),
    });
    this.exe = new Executable(plan, backend);
    this.exe.writeWeights(this.exe.flat(teacher.weights));
    const observed = plan.observed.find((o) => o.node === logits);
    this.out = observed ?? { buffer: plan.evalOutput, offset: 0 };
    this.classes = observed?.len ?? plan.outputLen;
  }

  get inputLen(): number {
    return this.exe.plan.inputLen;
  }

  get maxBatch(): number {
    return this.exe.plan.maxBatch;
  }

  /** Logits of the first n inputs of xs (n <= maxBatch). */
  async logits(xs: Float32Array, n: number): Promise<Float32Array> {
    const rt = newRuntime();
    rt.n = n;
    rt.lossSlot = this.exe.plan.lossWindow;
    this.exe.backend.write(this.exe.handle(this.exe.plan.x), xs.subarray(0, n * this.inputLen));
    this.exe.evaluate.run(rt);
    return this.exe.backend.read(this.exe.handle(this.out.buffer), this.out.offset, n * this.classes);
  }
}

/** The soft targets of each training batch: cached over the set, or computed per batch. */
export class SoftTargets {
  private cache: Float32Array | null = null;

  private constructor(
    private readonly teacher: Teacher,
    private readonly cached: boolean,
  ) {}

  /** Checks the teacher fits the student (same input, same number of outputs), then fills the cache. */
  static async create(teacher: Teacher, student: { inputLen: number; outputLen: number }, ds: Dataset, cached: boolean) {
    if (teacher.inputLen !== student.inputLen)
      throw new DistillError(`the teacher takes ${teacher.inputLen} inputs per example, the student ${student.inputLen}`);
    if (teacher.classes !== student.outputLen)
      throw new DistillError(
        `the teacher has ${teacher.classes} outputs, the student ${student.outputLen}: they must predict the same classes`,
      );
    const soft = new SoftTargets(teacher, cached);
    if (cached) soft.cache = await soft.wholeSet(ds);
    return soft;
  }

  private async wholeSet(ds: Dataset): Promise<Float32Array> {
    const d = this.teacher.classes,
      B = this.teacher.maxBatch,
      L = ds.inputLen;
    const all = new Float32Array(ds.size * d);
    for (let s0 = 0; s0 < ds.size; s0 += B) {
      const n = Math.min(B, ds.size - s0);
      all.set(await this.teacher.logits(ds.x.subarray(s0 * L, (s0 + n) * L), n), s0 * d);
    }
    return all;
  }

  /** Logits of the batch: rows order[s0 .. s0 + n) of the set, whose inputs (augmented) are xs. */
  async batch(xs: Float32Array, order: Uint32Array, s0: number, n: number): Promise<Float32Array> {
    if (!this.cached || !this.cache) return this.teacher.logits(xs, n);
    const d = this.teacher.classes,
      out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) out.set(this.cache.subarray(order[s0 + i]! * d, (order[s0 + i]! + 1) * d), i * d);
    return out;
  }
}
