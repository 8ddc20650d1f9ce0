// The run report of a run folder: reload the run's data as the run did (same block, same seed),
// run the trained model over a split (test, else val, else train) on the CPU, and turn the
// analysis into the page's payload. Pure Node: no vscode (the caller says which folder is the
// workspace of the experiment file).
import { isAbsolute, relative, resolve } from 'node:path';
import { loadData, targetKindFor, type LoadedData } from '../../engine/data/load';
import { findWorkspace, locationOf, nodeDataHost } from '../../engine/data/node-host';
import type { Dataset } from '../../engine/data/dataset';
import { hashFloats } from '../../engine/hash';
import { analyze, AnalysisCancelled, type Analysis } from '../../engine/train/analysis';
import { REPORT_LIMITS, type ReportShow } from '../../protocol/report';
import { attentionSource, type AttentionSource } from './attention';
import { loadRun, ReportError, type LoadedRun } from './load-run';

export { ReportError } from './load-run';

export interface ReportOptions {
  /** The workspace folder holding the experiment file, if any (data paths must stay inside it). */
  readonly workspaceFor?: (file: string) => string | null;
  /** Share of the examples the model has run on, now and then. */
  readonly onProgress?: (share: number) => void;
  readonly cancelled?: () => boolean;
}

const GALLERY = 100;
const TABLE_FEATURES = 32;

export async function buildRunReport(dir: string, options: ReportOptions = {}): Promise<ReportShow> {
  const { report, attention } = await buildRunReportWith(dir, options);
  attention?.dispose();
  return report;
}

/** The report, and for a model with attention the source that answers the page's example selector. */
export async function buildRunReportWith(
  dir: string,
  options: ReportOptions = {},
): Promise<{ report: ReportShow; attention: AttentionSource | null }> {
  const run = await loadRun(dir);
  const { graph, start } = run;
  const config = start.config;
  const loaded = await reloadData(run, options);
  const { splits } = loaded;
  const [split, ds]: ['test' | 'val' | 'train', Dataset] = splits.test
    ? ['test', splits.test]
    : splits.val
      ? ['val', splits.val]
      : ['train', splits.train];
  const warnings: string[] = [];
  const hash = hashFloats(splits.train.x, splits.train.y);
  if (start.dataHash && start.dataHash !== hash) {
    warnings.push(
      `The data changed since this run (its training split hashes to ${hash}, the run trained on ${start.dataHash}): ` +
        `the report shows the model on the data as it is now.`,
    );
  }
  let a: Analysis;
  try {
    a = await analyze({
      graph,
      config,
      weights: run.weights,
      data: ds,
      extent: split === 'train' ? [] : [splits.train],
      maxMisclassified: GALLERY,
      onProgress: options.onProgress && ((done, total) => options.onProgress!(done / total)),
      cancelled: options.cancelled,
    });
  } catch (e) {
    if (e instanceof AnalysisCancelled) throw new ReportError('The report was cancelled.');
    throw new ReportError(`The trained model could not be run on its data: ${e instanceof Error ? e.message : String(e)}`);
  }
  const C = a.confusion?.classes ?? 0;
  if (C > REPORT_LIMITS.classes)
    warnings.push(`The model has ${C} classes: the report draws confusion matrices of at most ${REPORT_LIMITS.classes}.`);
  const names = loaded.stats.classNames;
  const end = run.end;
  const attention = await attentionOf(run, ds, warnings);
  const report: ReportShow = {
    run: {
      dir,
      model: start.model,
      time: start.time ?? '',
      status: end?.status ?? 'running',
      message: end?.message ?? '',
      device: start.device ?? '',
      epochs: end?.epochs ?? 0,
    },
    split,
    size: ds.size,
    warnings,
    recorded: { ...(end?.final ?? {}) },
    computed: { loss: a.loss, metrics: a.metrics },
    inputShape: [...graph.inputShape],
    classNames: C > 0 && C <= REPORT_LIMITS.classes ? Array.from({ length: C }, (_, i) => names[i] ?? String(i)) : [],
    featureNames: loaded.stats.features.slice(0, TABLE_FEATURES).map((f) => f.name),
    confusion:
      a.confusion && C <= REPORT_LIMITS.classes
        ? {
            counts: Array.from(a.confusion.counts),
            precision: [...a.confusion.precision],
            recall: [...a.confusion.recall],
            accuracy: a.confusion.accuracy,
          }
        : null,
    misclassified: a.confusion ? gallery(a, ds, loaded, start.data?.scale ?? null) : null,
    boundary:
      a.grid &&
      (a.grid.kind === 'classes'
        ? {
            kind: 'classes',
            n: a.grid.n,
            x: [...a.grid.x],
            y: [...a.grid.y],
            predicted: Float32Array.from(a.grid.predicted),
            probability: a.grid.probability,
          }
        : { kind: 'values', n: a.grid.n, x: [...a.grid.x], y: [...a.grid.y], values: a.grid.values }),
    points: a.grid ? points(a, ds, split === 'train' ? null : splits.train) : null,
    scatter: a.confusion || (a.task.tokens ?? 1) > 1 ? null : scatter(a, ds),
    attention: attention?.info ?? null,
    ...(run.samples.length > 0
      ? {
          samples: run.samples
            .slice(-REPORT_LIMITS.samples)
            .map(({ epoch, text, temperature, seed }) => ({ epoch, text, temperature, seed })),
        }
      : {}),
  };
  return { report, attention };
}

async function attentionOf(run: LoadedRun, ds: Dataset, warnings: string[]): Promise<AttentionSource | null> {
  try {
    return await attentionSource(run, ds);
  } catch (e) {
    warnings.push(`The attention maps could not be computed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

async function reloadData(run: LoadedRun, options: ReportOptions): Promise<LoadedData> {
  // Runs live in <workspace>/.modellab/runs/<run>; outside VS Code's folders, that folder is the
  // workspace, or for a run written elsewhere (the CLI's --out) the CLI's rule.
  const runsRoot = resolve(run.dir, '..', '..', '..');
  const file = run.start.file && isAbsolute(run.start.file) ? run.start.file : null;
  const inside = (f: string, folder: string) => !relative(folder, f).startsWith('..');
  // In VS Code (workspaceFor given) a record naming a file outside every folder gets the runs' folder,
  // not a root found from that file: a record is data, and must not choose what may be read.
  const fallback = (f: string) => (options.workspaceFor || inside(f, runsRoot) ? runsRoot : findWorkspace(f));
  const workspace = file ? (options.workspaceFor?.(file) ?? fallback(file)) : runsRoot;
  const location = file ? locationOf(file, workspace) : { base: workspace, workspace };
  try {
    return await loadData(run.data, run.start.config.seed, {
      host: nodeDataHost,
      location,
      inputShape: run.graph.inputShape,
      targetKind: targetKindFor(run.start.config.loss),
    });
  } catch (e) {
    throw new ReportError(
      `The data of this run could not be loaded (${file ? `experiment ${file}, ` : ''}data ${run.data.name}): ` +
        `${e instanceof Error ? e.message : String(e)}. The report runs the model on the examples it was trained with.`,
    );
  }
}

/** The mistakes' inputs as in the file: images whole, table rows' first features (normalisation and scale undone). */
function gallery(a: Analysis, ds: Dataset, loaded: LoadedData, scale: number | null): NonNullable<ReportShow['misclassified']> {
  const d = ds.inputLen,
    shape = ds.inputShape;
  const image = shape.length === 3 && (shape[0] === 1 || shape[0] === 3);
  const width = image ? d : Math.min(d, TABLE_FEATURES);
  const keep = a.misclassified.slice(0, Math.max(1, Math.floor(REPORT_LIMITS.featureValues / Math.max(1, width))));
  const values = new Float32Array(keep.length * width),
    nz = loaded.normalizer,
    s = scale || 1;
  keep.forEach((m, k) => {
    for (let j = 0; j < width; j++) {
      const v = ds.x[m.index * d + j]!;
      values[k * width + j] = (nz ? v * nz.div[j]! + nz.shift[j]! : v) / s;
    }
  });
  return { total: a.misclassifiedCount, examples: keep.map((m) => ({ ...m })), width, values };
}

/** Evenly spaced rows, at most `max` of them. */
function sample(n: number, max: number): number[] {
  const k = Math.min(n, max);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k));
}

function points(a: Analysis, ds: Dataset, train: Dataset | null): ReportShow['points'] {
  const pick = (set: Dataset | null, rows: number[]) => ({
    xy: Float32Array.from(rows.flatMap((i) => [set!.x[i * 2]!, set!.x[i * 2 + 1]!])),
    label: Float32Array.from(rows, (i) => set!.y[i * set!.targetLen]!),
  });
  const rows = sample(ds.size, REPORT_LIMITS.points);
  const predicted = a.predicted ? Float32Array.from(rows, (i) => a.predicted![i]!) : null;
  return {
    train: train ? pick(train, sample(train.size, REPORT_LIMITS.points)) : { xy: new Float32Array(0), label: new Float32Array(0) },
    split: { ...pick(ds, rows), predicted },
  };
}

function scatter(a: Analysis, ds: Dataset): ReportShow['scatter'] {
  const rows = sample(ds.size, REPORT_LIMITS.points),
    D = a.task.outputLen;
  return { predicted: Float32Array.from(rows, (i) => a.outputs[i * D]!), truth: Float32Array.from(rows, (i) => ds.y[i * ds.targetLen]!) };
}
