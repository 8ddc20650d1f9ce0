// Magnitude pruning on the host, between epochs: the schedule's sparsity for an epoch, the mask
// of the dense and conv weights at that sparsity (global or per layer, single weights or whole
// output channels), written into the plan's `prune.mask` buffer and applied to the weights. The
// plan's mask_apply calls keep it through every step (plan/update.ts `pruneCalls`).
//
// The mask is recomputed at every epoch's start from the current weights: pruned weights are
// exactly 0, so they are the smallest and stay pruned as the sparsity only grows; a resumed run
// rebuilds the same mask from its checkpoint's weights, with nothing more to save.

import type { PruneSpec } from '../../graph/train-config';
import type { Executable } from '../plan/executable';
import type { ParamEntry } from '../plan/types';

/** The target sparsity at the start of `epoch` (0-based): 0 before `from`, the curve's value at the
 *  k-th of n pruning epochs, the full target from `to` on (Zhu & Gupta's cubic, or linear). */
export function sparsityAt(spec: PruneSpec, epoch: number): number {
  const e = epoch + 1;
  if (e < spec.from) return 0;
  const n = spec.to - spec.from + 1;
  const frac = Math.min(1, (e - spec.from + 1) / n);
  return spec.curve === 'linear' ? spec.sparsity * frac : spec.sparsity * (1 - Math.pow(1 - frac, 3));
}

/** The tensors pruning reaches: dense and conv weights, at the start of the params buffer. */
export function prunable(params: readonly ParamEntry[]): ParamEntry[] {
  return params.filter((e) => e.trainable && e.decay);
}

/** A tensor's output channels: dense weights [in, out] by column (stride out), conv filters
 *  [o, c, kh, kw] by the first axis (contiguous): channel u holds start(u) + j·stride, j < per. */
function channelsOf(e: ParamEntry): { count: number; per: number; start: (u: number) => number; stride: number } {
  if (e.shape.length === 2) {
    const out = e.shape[1]!;
    return { count: out, per: e.size / out, start: (u) => u, stride: out };
  }
  const count = e.shape[0]!,
    per = e.size / count;
  return { count, per, start: (u) => u * per, stride: 1 };
}

/** One score per unit that can be pruned (a weight's magnitude, a channel's L2 norm or, ranked
 *  across layers, its RMS), with the weights each unit covers. */
interface Units {
  readonly scores: number[];
  readonly cover: (unit: number, mask: Float32Array) => void;
}

function unitsOf(w: Float32Array, e: ParamEntry, spec: PruneSpec): Units {
  if (spec.by === 'weight') {
    const scores = Array.from(w.subarray(e.offset, e.offset + e.size), Math.abs);
    return { scores, cover: (u, mask) => void (mask[e.offset + u] = 0) };
  }
  const ch = channelsOf(e);
  const each = (u: number, f: (i: number) => void) => {
    for (let j = 0, i = e.offset + ch.start(u); j < ch.per; j++, i += ch.stride) f(i);
  };
  const scores = Array.from({ length: ch.count }, (_, u) => {
    let sq = 0;
    each(u, (i) => (sq += w[i]! * w[i]!));
    return spec.scope === 'global' ? Math.sqrt(sq / ch.per) : Math.sqrt(sq);
  });
  return { scores, cover: (u, mask) => each(u, (i) => (mask[i] = 0)) };
}

/** Prunes the floor(sparsity · count) lowest-scoring units (ties: the first in order), exactly that many. */
function pruneLowest(groups: readonly Units[], sparsity: number, mask: Float32Array): void {
  const all = groups.flatMap((g, gi) => g.scores.map((s, u) => ({ s, gi, u })));
  const k = Math.floor(sparsity * all.length + 1e-9);
  all.sort((a, b) => a.s - b.s);
  for (let i = 0; i < k; i++) groups[all[i]!.gi]!.cover(all[i]!.u, mask);
}

/** The mask (1 kept, 0 pruned) over [0, size) of the params buffer at a sparsity. */
export function pruneMask(w: Float32Array, entries: readonly ParamEntry[], spec: PruneSpec, sparsity: number, size: number): Float32Array {
  const mask = new Float32Array(size).fill(1);
  if (sparsity <= 0) return mask;
  const units = entries.map((e) => unitsOf(w, e, spec));
  if (spec.scope === 'global') pruneLowest(units, sparsity, mask);
  else for (const u of units) pruneLowest([u], sparsity, mask);
  return mask;
}

/** Non-zero values among a layout's parameters, and each prunable tensor's sparsity (its share of zeros). */
export function sparsityOf(w: Float32Array, params: readonly ParamEntry[]): { nonZero: number; layers: Map<string, number> } {
  let nonZero = 0;
  const layers = new Map<string, number>();
  for (const e of params.filter((p) => p.trainable)) {
    let nz = 0;
    for (let i = e.offset; i < e.offset + e.size; i++) if (w[i] !== 0) nz++;
    nonZero += nz;
    if (e.decay) layers.set(e.name, 1 - nz / e.size);
  }
  return { nonZero, layers };
}

/** Writes the epoch's mask and applies it to the weights (the plan keeps it through the steps). */
export class Pruner {
  private readonly entries: ParamEntry[];
  constructor(
    private readonly exe: Executable,
    readonly spec: PruneSpec,
  ) {
    this.entries = prunable(exe.plan.params);
  }

  async atEpoch(epoch: number): Promise<number> {
    const plan = this.exe.plan;
    if (plan.pruneMask === null) return 0;
    const s = sparsityAt(this.spec, epoch);
    const w = await this.exe.readWeights();
    const size = plan.buffers[plan.pruneMask]!.size;
    const mask = pruneMask(w.params, this.entries, this.spec, s, size);
    for (let i = 0; i < size; i++) if (mask[i] === 0) w.params[i] = 0;
    this.exe.backend.write(this.exe.handle(plan.pruneMask), mask);
    this.exe.writeWeights(w);
    return s;
  }
}

/** `non-zero parameters: 134,410; sparsity fc1.weight 80.0 %, ...` (the CLI's summary line). */
export function describePruned(nonZero: number, sparsity: Readonly<Record<string, number>>): string {
  const layers = Object.entries(sparsity).map(([name, s]) => `${name} ${(100 * s).toFixed(1)} %`);
  return `non-zero parameters: ${nonZero.toLocaleString('en')}; sparsity ${layers.join(', ')}`;
}
