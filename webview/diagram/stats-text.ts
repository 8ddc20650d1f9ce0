// What a diagram node says about its layer while the model trains: a compact line of numbers
// ("μ 0.12 σ 0.85 · ‖g‖ 3.1e-3") and a cue for the usual troubles. Pure (no DOM), so the unit
// tests read it directly; render.ts puts it on the page.
import type { LayerStatsWire } from '../../src/protocol/runs';

export type LayerStatWire = LayerStatsWire['layers'][number];

/** error: a value is not finite; warn: dead (std ≈ 0), vanishing or exploding. */
export interface StatCue {
  readonly level: 'error' | 'warn';
  readonly word: string;
}

/** Below this the output no longer varies over the probe batch (every unit stuck, e.g. a dead relu). */
export const DEAD_STD = 1e-6;
/** A gradient norm this small moves nothing, whatever the learning rate. */
export const VANISHING_GRAD = 1e-7;
/** Activations or gradients this large are running away. */
export const EXPLODING = 1e4;

/** Two significant digits, plain between 0.01 and 1000, else "3.1e-3"; null (not finite) as "—". */
export function compact(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 0.01 && a < 1000) return String(Number(v.toPrecision(2)));
  return v.toExponential(1).replace('e+', 'e');
}

/** A pruned layer's share of zero weights: "50%", "99.5%". */
export const sparsityText = (s: number): string => `${Number((100 * s).toPrecision(3))}%`;

/** A pruned layer's line says its sparsity where the gradient norm would be (the tooltip keeps both),
 *  so the line is never wider than WIDEST_STATS_LINE. */
export function statsLine(s: LayerStatWire): string {
  const g =
    s.sparsity !== undefined ? ` · ${sparsityText(s.sparsity)} zero` : s.gradNorm === undefined ? '' : ` · ‖g‖ ${compact(s.gradNorm)}`;
  return `μ ${compact(s.mean)} σ ${compact(s.std)}${g}`;
}

/** The widest line statsLine makes, for sizing the boxes once (updates never re-lay out). */
export const WIDEST_STATS_LINE = 'μ -8.8e-88 σ 8.8e-88 · ‖g‖ 8.8e-88';

export function statCue(s: LayerStatWire): StatCue | null {
  if (s.mean === null || s.std === null || s.gradNorm === null || s.weightNorm === null) return { level: 'error', word: 'not finite' };
  if (s.std < DEAD_STD) return { level: 'warn', word: 'dead?' };
  if (s.gradNorm !== undefined && s.gradNorm < VANISHING_GRAD) return { level: 'warn', word: 'vanishing?' };
  if (Math.abs(s.mean) > EXPLODING || s.std > EXPLODING || (s.gradNorm ?? 0) > EXPLODING) return { level: 'warn', word: 'exploding?' };
  return null;
}

/** The tooltip's statistics: full precision and the cue in words. */
export function statsTitle(s: LayerStatWire, samples: number): string {
  const num = (v: number | null | undefined) => (v === null ? 'not finite' : v === undefined ? '' : v.toPrecision(4));
  const parts = [`output over ${samples} probe examples: mean ${num(s.mean)}, std ${num(s.std)}`];
  if (s.gradNorm !== undefined) parts.push(`gradient norm ${num(s.gradNorm)}, weight norm ${num(s.weightNorm)}`);
  if (s.sparsity !== undefined) parts.push(`pruned: ${sparsityText(s.sparsity)} of its weights are 0`);
  const cue = statCue(s);
  if (cue) parts.push(cue.word);
  return parts.join('\n');
}

/** The header line: "live · step 1,234" or "last run · step 1,234", and how many layers look wrong. */
export function statsHeader(run: { live: boolean; stats: LayerStatsWire }): string {
  const counts = new Map<string, number>();
  for (const l of run.stats.layers) {
    const c = statCue(l);
    if (c) counts.set(c.word, (counts.get(c.word) ?? 0) + 1);
  }
  const cues = [...counts].map(([word, n]) => `${n} ${n === 1 ? 'layer' : 'layers'} ${word}`);
  return [`${run.live ? 'live' : 'last run'} · step ${run.stats.step.toLocaleString('en-US')}`, ...cues].join(' · ');
}
