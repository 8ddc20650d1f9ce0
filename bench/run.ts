// `npm run bench`'s CPU part (`tsx bench/run.ts [--quick | --smoke] [--json FILE] [--only a,b]
// [--models mlp,cnn,xor,lstm,gpt]`): the training steps of cpu/spec.ts on Model Lab's CPU backends
// and on the peers — PyTorch as Debian ships it, PyTorch with OpenBLAS (the ceiling), tfjs-wasm and
// tfjs-cpu — back to back in one run, each side in a process of its own, 1 thread and all cores.
// Prints a table per model with ratios against the strongest peer of this run, then the per-step
// overhead (XOR steps/s, heap growth over 100,000 steps). Asserts nothing; a missing peer is a loud
// line and a `skipped` entry, never a crash. Only ratios within one run mean anything here.

import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { HeapReply } from './cpu/heap-check';
import { modelOf, printModel, printOverhead, type Measurement } from './cpu/report';
import { BENCH_SCHEMA, BenchDoc } from './cpu/schema';
import { SIDES, tsChild, type Side } from './cpu/sides';
import { ALLOC_SLACK, CASES, HEAP_STEPS, TIMINGS, type CaseKey } from './cpu/spec';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const mode = argv.includes('--smoke') ? 'smoke' : argv.includes('--quick') ? 'quick' : 'full';
const timing = TIMINGS[mode];
const limitS = mode === 'full' ? 900 : 300;
const only = opt('--only')?.split(',');
const keys = (opt('--models')?.split(',') ?? CASES.map((c) => c.key)) as CaseKey[];

type Skip = BenchDoc['skipped'][number];
const skipped: Skip[] = [];
function skip(side: Side, threads: number | null, model: CaseKey | null, reason: string): void {
  skipped.push({ side: side.id, label: side.label, threads, model, reason });
  const what = [side.label, threads && `${threads} threads`, model].filter(Boolean).join(', ');
  console.error(`*** NOT MEASURED: ${what}: ${reason}`);
}

/** tfjs-cpu's steps that take minutes here: only the full run has them. */
const TFJS_CPU_SLOW: Partial<Record<CaseKey, string>> = {
  cnn: 'one tfjs-cpu CNN step takes about two minutes here',
  lstm: 'tfjs-cpu language model steps take minutes here (past the quick run time limit)',
  gpt: 'tfjs-cpu language model steps take minutes here (past the quick run time limit)',
};

/** The models a side runs at all. */
function casesFor(side: Side): CaseKey[] {
  if (side.id !== 'tfjs-cpu' || mode === 'full') return keys;
  const slow = keys.filter((k) => TFJS_CPU_SLOW[k]);
  for (const k of slow) skip(side, null, k, `${TFJS_CPU_SLOW[k]!}; measured in the full run only`);
  return keys.filter((k) => !slow.includes(k));
}

function measureSides(sides: readonly Side[]): { ms: Measurement[]; info: BenchDoc['sides'] } {
  const ms: Measurement[] = [];
  const info: BenchDoc['sides'] = [];
  for (const side of sides) {
    const why = side.missing();
    if (why) {
      skip(side, null, null, why);
      continue;
    }
    if (side.noThreads) skip(side, availableParallelism(), null, side.noThreads);
    const cases = casesFor(side);
    for (const threads of side.threads) {
      process.stderr.write(`${side.label}, ${threads} thread(s) ...\n`);
      try {
        const reply = side.run(threads, cases, timing, limitS);
        if (!info.some((s) => s.side === side.id))
          info.push({ side: side.id, label: side.label, kind: side.kind, version: reply.version, notes: reply.notes });
        for (const r of reply.results) {
          if ('error' in r) skip(side, threads, r.key, r.error);
          else ms.push({ side: side.id, label: side.label, kind: side.kind, threads, result: r });
        }
      } catch (e) {
        skip(side, threads, null, e instanceof Error ? e.message : String(e));
      }
    }
  }
  return { ms, info };
}

/** heap-check.ts for each Model Lab backend at its most threads. */
function overhead(sides: readonly Side[]): BenchDoc['overhead'] {
  return sides
    .filter((s) => s.kind === 'model-lab' && !skipped.some((k) => k.side === s.id && k.threads === null))
    .flatMap((s) => {
      const threads = Math.max(...s.threads);
      try {
        const h = tsChild<HeapReply>('heap-check.ts', { side: s.id, threads }, limitS, ['--expose-gc'], s.node);
        const allocates = h.gcs > 0 || h.allocatedBytes / h.steps > ALLOC_SLACK;
        return [{ side: s.id, label: s.label, threads, ...h, allocates }];
      } catch (e) {
        skip(s, threads, 'xor', `heap check over ${HEAP_STEPS} steps failed: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      }
    });
}

function main(): void {
  const load0 = loadavg()[0]!;
  const sides = SIDES.filter((s) => !only || only.includes(s.id));
  const { ms, info } = measureSides(sides);
  const models = CASES.filter((c) => keys.includes(c.key)).map((c) =>
    modelOf(
      c,
      ms.filter((m) => m.result.key === c.key),
    ),
  );
  const heap = overhead(sides);
  const doc = BenchDoc.parse({
    schema: BENCH_SCHEMA,
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadavg: [load0, loadavg()[0]!],
    },
    mode,
    timing,
    sides: info,
    models,
    overhead: heap,
    skipped,
  });
  const { cpu, cores, node, loadavg: load } = doc.machine;
  console.log(
    `\nCPU bench (${mode}), ${doc.date.slice(0, 10)}, ${cpu}, ${cores} cores, Node ${node}, load ${load.map((l) => l.toFixed(1)).join(' -> ')}`,
  );
  for (const s of info) console.log(`  ${s.label}: ${s.version}${s.notes.length ? ` (${s.notes.join('; ')})` : ''}`);
  for (const m of models) console.log(printModel(m, skipped));
  if (heap.length)
    console.log(
      printOverhead(
        heap,
        models.find((m) => m.key === 'xor'),
      ),
    );
  const whole = skipped.filter((k) => k.model === null);
  if (whole.length)
    console.log(`\nNot measured:\n${whole.map((k) => `  ${k.label}${k.threads ? ` ${k.threads} threads` : ''}: ${k.reason}`).join('\n')}`);
  const file = opt('--json');
  if (file) {
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
}

main();
