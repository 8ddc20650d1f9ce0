// From the sides' replies to the bench document's models (ratios against the strongest peer of the
// same run) and to the printed tables. Pure: run.ts does the measuring.

import { table } from '../webgpu-core';
import type { BenchDoc } from './schema';
import type { CaseRate } from './side';
import type { BenchCase } from './spec';

type Model = BenchDoc['models'][number];
type Row = Model['results'][number];

export interface Measurement {
  readonly side: string;
  readonly label: string;
  readonly kind: 'model-lab' | 'peer';
  readonly threads: number;
  readonly result: CaseRate;
}

const threadWord = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;
const who = (r: { label: string; threads: number }) => `${r.label} ${threadWord(r.threads)}`;
export const times = (x: number): string => `${x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2)}x`;
const num = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/** Each peer side's best thread count for one model. */
function bestPerPeer(rows: readonly Row[]): Row[] {
  const best = new Map<string, Row>();
  for (const r of rows) if (r.kind === 'peer' && r.rate > (best.get(r.side)?.rate ?? 0)) best.set(r.side, r);
  return [...best.values()].sort((a, b) => b.rate - a.rate);
}

export function modelOf(c: BenchCase, ms: readonly Measurement[]): Model {
  const results: Row[] = ms.map((m) => ({
    side: m.side,
    label: m.label,
    kind: m.kind,
    threads: m.threads,
    rate: m.result.rate,
    windows: m.result.windows,
    steps: m.result.steps,
    slow: m.result.slow,
  }));
  const peers = bestPerPeer(results);
  const strongest = peers[0];
  const ratios = results
    .filter((r) => r.kind === 'model-lab')
    .flatMap((r) =>
      peers.map((p) => ({
        side: r.side,
        label: r.label,
        threads: r.threads,
        against: { side: p.side, label: p.label, threads: p.threads },
        ratio: r.rate / p.rate,
      })),
    );
  return {
    key: c.key,
    name: c.name,
    unit: c.unit,
    batch: c.batch,
    results,
    strongestPeer: strongest ? { side: strongest.side, label: strongest.label, threads: strongest.threads, rate: strongest.rate } : null,
    ratios,
  };
}

/** One model's table, then one ratio line per Model Lab row ("3.1x PyTorch as shipped 2 threads, ..."). */
export function printModel(m: Model, skipped: BenchDoc['skipped']): string {
  const s = m.strongestPeer;
  const rows = m.results.map((r) => [
    r.label,
    String(r.threads),
    num(r.rate) + (r.slow ? ' (1 step)' : ''),
    s ? (r.side === s.side && r.threads === s.threads ? 'strongest peer' : times(r.rate / s.rate)) : '-',
  ]);
  const out = [`\n${m.name}`, table(['side', 'threads', m.unit, 'vs strongest peer'], rows)];
  for (const r of m.results.filter((x) => x.kind === 'model-lab')) {
    const mine = m.ratios.filter((q) => q.side === r.side && q.threads === r.threads);
    if (mine.length) out.push(`  ${who(r)}: ${mine.map((q) => `${times(q.ratio)} ${who(q.against)}`).join(', ')}`);
  }
  for (const k of skipped.filter((x) => x.model === m.key))
    out.push(`  not measured: ${k.label}${k.threads ? ` ${threadWord(k.threads)}` : ''}: ${k.reason}`);
  return out.join('\n');
}

/** The per-step overhead section: XOR steps/s and the allocation check. */
export function printOverhead(o: BenchDoc['overhead'], xor: Model | undefined): string {
  const torch = xor?.results.filter((r) => r.side === 'torch').sort((a, b) => b.rate - a.rate)[0];
  const rows = o.map((h) => [
    who(h),
    num(h.stepsPerSecond),
    torch ? times(h.stepsPerSecond / torch.rate) : '-',
    `${Math.round(h.allocatedBytes / h.steps)} B/step, ${h.gcs} GCs, ${Math.round(h.retainedBytes / 1024)} KiB retained`,
    h.allocates ? 'yes' : 'no',
  ]);
  const head = [
    'XOR step, --expose-gc',
    'steps/s',
    torch ? `vs ${who(torch)}` : 'vs PyTorch',
    `heap over ${o[0]?.steps ?? 0} steps`,
    'allocates',
  ];
  return `\nPer-step overhead\n${table(head, rows)}`;
}
