// The compression report of an experiment: one row per variant of its models — the original
// (a train block without pruning or a teacher), each pruned run, any other finished run of a
// train block (a distilled student is labelled "student of X" when its record says so), and the
// int8 variant of each run that has one (RUN/int8/) — with the ONNX file's size in bytes, its
// non-zero parameters, test accuracy, the median latency of one batch in onnxruntime-web (Node,
// its wasm SIMD build, one thread: what a webview, which has no SharedArrayBuffer, gets too) and
// the differences from the original it was made from (reference()). The newest
// finished run of each train block counts. A float run without its model.onnx is exported first
// (checked against the engine, as `model-lab export` does). Node only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRunRecord } from '../../engine/io/read-record';
import { readRunSummary, type RunSummary } from '../../engine/io/run-summary';
import { Rng } from '../../engine/rng';
import { exportOnnxFile } from './export-run';
import { INT8_DIR, readInt8Record } from './int8-run';
import { nodeOrt } from './ort-node';
import { decodeModel } from './proto';
import { EXPORTABLE_STATUSES, ONNX_FILE, sourceFromRun, WEIGHTS_FILE } from './sources';

export interface CompressRow {
  readonly label: string;
  readonly kind: 'original' | 'pruned' | 'int8' | 'student' | 'run';
  readonly model: string;
  readonly run: string;
  readonly onnx: string;
  readonly bytes: number;
  readonly nonZero: number;
  readonly params: number;
  /** Test accuracy (0..1); null when the run has no test split or no accuracy metric. */
  readonly accuracy: number | null;
  readonly latencyMs: number;
  /** Against the original it was made from (reference(); null for an original itself, or when there is none). */
  readonly vs: { readonly bytes: number; readonly accuracyPoints: number | null; readonly latency: number } | null;
}

export interface CompressOptions {
  /** Timed runs per variant (the median is reported). */
  readonly repeats?: number;
  /** Samples per timed batch (default: the run's batch size). */
  readonly batch?: number;
  /** Told before each variant is timed: the share done (0..1) and the variant's label. */
  readonly onProgress?: (done: number, label: string) => void;
}

interface Variant {
  readonly label: string;
  readonly kind: CompressRow['kind'];
  readonly model: string;
  readonly run: string;
  readonly onnx: string;
  readonly inputShape: readonly number[];
  /** The file reads int64 token ids (a language or text model), not floats. */
  readonly tokens: boolean;
  readonly batch: number;
  readonly accuracy: number | null;
  /** The run record's graphHash: the same layers whatever the model's name (a pruned copy of a model). */
  readonly graphHash: string | null;
  /** A student's (or its int8's) teacher: run folder and model. */
  readonly teacher: { readonly run: string; readonly model: string } | null;
}

/**
 * The original a variant is measured against: a student's is its teacher (the teacher run when it
 * is a row, else its model's original); any other's the original of its model, else an original
 * of the same graph (`mlp_pruned`, a copy of `mlp` with a prune line, against `mlp`).
 */
export function reference<V extends Pick<Variant, 'kind' | 'model' | 'run' | 'graphHash' | 'teacher'>>(v: V, all: readonly V[]): V | null {
  const originals = all.filter((o) => o.kind === 'original');
  const base = v.teacher
    ? (originals.find((o) => resolve(o.run) === resolve(v.teacher!.run)) ?? originals.find((o) => o.model === v.teacher!.model))
    : (originals.find((o) => o.model === v.model) ?? (v.graphHash ? originals.find((o) => o.graphHash === v.graphHash) : undefined));
  return base && base !== v ? base : null;
}

export async function compressReport(file: string, runsDir: string, opts: CompressOptions = {}): Promise<CompressRow[]> {
  const floats: Variant[] = [];
  for (const run of newestPerBlock(file, runsDir)) floats.push(await floatVariant(run));
  // Each model's original first, then the other variants in the order they were trained.
  floats.sort((a, b) => Number(b.kind === 'original') - Number(a.kind === 'original'));
  const variants: Variant[] = [];
  for (const v of floats) {
    variants.push(v);
    const q = readInt8Record(v.run);
    if (q)
      variants.push({
        ...v,
        label: `int8 of ${v.label}${q.aware ? ' (quantization-aware)' : ''}`,
        kind: 'int8',
        onnx: join(v.run, INT8_DIR, ONNX_FILE),
        accuracy: q.split === 'test' ? (q.int8?.metrics.accuracy ?? null) : null,
      });
  }
  const times = await latencies(variants, opts);
  const measured = variants.map((v, i) => ({
    ...v,
    ...countParams(readFileSync(v.onnx)),
    bytes: readFileSync(v.onnx).length,
    latencyMs: times[i]!,
  }));
  return measured.map((m) => {
    const base = reference(m, measured);
    const vs = base
      ? {
          bytes: m.bytes / base.bytes,
          accuracyPoints: m.accuracy !== null && base.accuracy !== null ? 100 * (m.accuracy - base.accuracy) : null,
          latency: m.latencyMs / base.latencyMs,
        }
      : null;
    const { inputShape: _s, tokens: _t, batch: _b, graphHash: _g, teacher: _r, ...row } = m;
    return { ...row, vs };
  });
}

/** The newest finished run (with weights) of each train block of `file`: a block is its model, data, pruning and teacher. */
function newestPerBlock(file: string, runsDir: string): RunSummary[] {
  const target = resolve(file);
  const runs = listRuns(runsDir)
    .map((d) => readRunSummary(d))
    .filter(
      (r): r is RunSummary =>
        !!r && resolve(r.file) === target && EXPORTABLE_STATUSES.has(r.status) && existsSync(join(r.dir, WEIGHTS_FILE)),
    )
    .sort((a, b) => b.time.localeCompare(a.time));
  const seen = new Set<string>();
  return runs
    .filter((r) => {
      const c = readRunRecord(r.dir).start.config as unknown as Record<string, unknown>;
      const key = JSON.stringify([r.model, c.data, c.prune ?? null, c.distill ?? null]);
      return !seen.has(key) && (seen.add(key), true);
    })
    .reverse();
}

function listRuns(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string, depth: number) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const sub = join(d, n);
      if (existsSync(join(sub, 'record.jsonl'))) out.push(sub);
      else if (depth === 0) visit(sub, 1);
    }
  };
  visit(dir, 0);
  return out;
}

async function floatVariant(run: RunSummary): Promise<Variant> {
  const record = readRunRecord(run.dir);
  const config = record.start.config as unknown as Record<string, unknown> & {
    batch: number;
    data: string;
    prune?: { sparsity: number } | null;
  };
  const end = record.end as (typeof record.end & { sparsity?: unknown; nonZeroParams?: number }) | null;
  const distill = record.start.distill; // written by a student's run (src/cli/teacher.ts)
  const kind: Variant['kind'] = config.prune ? 'pruned' : distill ? 'student' : 'original';
  const label =
    kind === 'pruned'
      ? `${run.model} pruned ${Math.round(100 * config.prune!.sparsity)}%`
      : kind === 'student'
        ? `${run.model}, student of ${distill!.teacherModel}`
        : `train ${run.model} on ${config.data}`;
  const onnx = join(run.dir, ONNX_FILE);
  const source = await sourceFromRun(run.dir);
  if (!existsSync(onnx)) await exportOnnxFile({ ...source, out: [onnx] });
  return {
    label,
    kind,
    model: run.model,
    run: run.dir,
    onnx,
    inputShape: source.graph.inputShape,
    tokens: source.graph.inputKind === 'tokens',
    batch: config.batch,
    accuracy: end?.final?.test_accuracy ?? null,
    graphHash: record.start.graphHash ?? null,
    teacher: distill ? { run: distill.teacher, model: distill.teacherModel } : null,
  };
}

const INT8 = 3,
  FLOAT = 1,
  INT32 = 6;
const BYTES: Record<number, number> = { [FLOAT]: 4, [INT8]: 1, [INT32]: 4 };

/** Parameters of an ONNX file and how many are non-zero: its float, int8 and int32 (an int8 file's
 *  biases) initializers, less the quantizers' scales and zero points. */
export function countParams(bytes: Uint8Array): { params: number; nonZero: number } {
  let params = 0,
    nonZero = 0;
  for (const t of decodeModel(bytes).graph.initializer) {
    const size = BYTES[t.dataType];
    if (/\.(scale|zero_point)$/.test(t.name) || !size || t.dims.length === 0) continue;
    const raw = t.rawData ?? new Uint8Array();
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const n = raw.length / size;
    const at = (i: number) =>
      t.dataType === FLOAT ? view.getFloat32(i * 4, true) : t.dataType === INT32 ? view.getInt32(i * 4, true) : view.getInt8(i);
    params += n;
    for (let i = 0; i < n; i++) if (at(i) !== 0) nonZero++;
  }
  return { params, nonZero };
}

/**
 * Median milliseconds of one batch through each variant's file in onnxruntime-web, after two
 * warm-up runs. The variants take turns, one run each per round: a burst of load on a shared
 * machine then slows every variant alike instead of one block of runs, so the ratios hold.
 */
async function latencies(variants: readonly Variant[], opts: CompressOptions): Promise<number[]> {
  const ort = nodeOrt();
  const ready: {
    session: Awaited<ReturnType<typeof ort.InferenceSession.create>>;
    feeds: Record<string, InstanceType<typeof ort.Tensor>>;
  }[] = [];
  try {
    for (const [i, v] of variants.entries()) {
      opts.onProgress?.(i / variants.length, v.label);
      const n = opts.batch ?? v.batch;
      const len = v.inputShape.reduce((a, d) => a * d, 1);
      const rng = new Rng(0x1a7e);
      const session = await ort.InferenceSession.create(readFileSync(v.onnx), {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
      });
      const dims = [n, ...v.inputShape];
      // Token ids 0 and 1 exist in every vocabulary; the time does not depend on which ids.
      const input = v.tokens
        ? new ort.Tensor(
            'int64',
            BigInt64Array.from({ length: n * len }, (_, i) => BigInt(i & 1)),
            dims,
          )
        : new ort.Tensor(
            'float32',
            Float32Array.from({ length: n * len }, () => rng.uniform()),
            dims,
          );
      const feeds = { [session.inputNames[0]!]: input };
      ready.push({ session, feeds });
      for (let w = 0; w < 2; w++) await session.run(feeds);
    }
    const times = ready.map((): number[] => []);
    for (let r = 0; r < (opts.repeats ?? 20); r++)
      for (const [i, { session, feeds }] of ready.entries()) {
        const t0 = performance.now();
        await session.run(feeds);
        times[i]!.push(performance.now() - t0);
      }
    return times.map(median);
  } finally {
    for (const { session } of ready) await session.release();
  }
}

function median(values: number[]): number {
  const t = [...values].sort((a, b) => a - b);
  const m = t.length >> 1;
  return t.length % 2 ? t[m]! : (t[m - 1]! + t[m]!) / 2;
}
