// `csv("series.csv", target temp, window 48, horizon 12)`: numeric columns read as one series in
// file order, for forecasting. Rows are cut into train, val and test in time order (the last
// fractions are val, then test) before windowing, so a validation window never sees training
// rows. Every column is normalised with the training part's statistics (standardize unless the
// block says `normalize: minmax`), the target too, so the model predicts in those units; the
// fitted shift and divisor are in the run record's data stats. x is [window, features], y the
// target's next `horizon` values.
import type { DataSource, DataSpec } from '../../graph/data-spec';
import { isMissing, isNumber, readCsvRows } from './csv-rows';
import { Dataset, type Splits } from './dataset';
import { DataError, readData } from './host';
import type { LoadedData, LoadOptions } from './load';
import type { RawSet } from './source';
import { contentHash, describe } from './stats';
import { cutRows, forecastWindows } from './windows';

type CsvSource = Extract<DataSource, { kind: 'csv' }>;

/** The listed columns as rows × F numbers; a missing value repeats the row above (forward fill). */
export function readSeries(text: string, path: string, columns: readonly string[]): { values: Float32Array; filled: number } {
  const table = readCsvRows(text, path);
  const cols = columns.map((c) => table.col(c));
  const F = cols.length,
    rows = table.body;
  const values = new Float32Array(rows.length * F);
  let filled = 0;
  rows.forEach((r, i) =>
    cols.forEach((c, j) => {
      const v = r.cells[c] ?? '';
      if (isMissing(v)) {
        if (i === 0)
          throw new DataError(`${path}:${r.line}: column ${c + 1} ('${columns[j]}') is missing in the first row`, path, r.line, c + 1);
        values[i * F + j] = values[(i - 1) * F + j]!;
        filled++;
      } else if (!isNumber(v)) {
        throw new DataError(`${path}:${r.line}: column ${c + 1} ('${columns[j]}'): '${v}' is not a number`, path, r.line, c + 1);
      } else values[i * F + j] = Number(v);
    }),
  );
  return { values, filled };
}

const extent = (v: readonly number[]): [number, number] =>
  v.reduce<[number, number]>(([a, b], x) => [Math.min(a, x), Math.max(b, x)], [Infinity, -Infinity]);

/** Per-column shift and divisor of rows [0, n). */
function fit(values: Float32Array, F: number, n: number, method: 'standardize' | 'minmax'): { shift: number[]; div: number[] } {
  const shift: number[] = [],
    div: number[] = [];
  for (let j = 0; j < F; j++) {
    const col = Array.from({ length: n }, (_, i) => values[i * F + j]!);
    if (method === 'minmax') {
      const [lo, hi] = extent(col);
      shift.push(lo);
      div.push(hi - lo || 1);
    } else {
      const mean = col.reduce((a, b) => a + b, 0) / n;
      shift.push(mean);
      div.push(Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1);
    }
  }
  return { shift, div };
}

export async function loadSeries(spec: DataSpec, o: LoadOptions): Promise<LoadedData> {
  const src = spec.source as CsvSource;
  const w = src.sequence!;
  const columns = src.features ?? [src.target];
  const target = columns.indexOf(src.target);
  const all = target >= 0 ? columns : [...columns, src.target];
  const F = all.length,
    T = w.window,
    H = w.horizon;
  const { values, filled } = readSeries(new TextDecoder().decode(await readData(o.host, o.location, src.path)), src.path, all);
  const n = values.length / F;
  const parts = cutRows(n, spec.split.val, spec.split.test);
  const method = spec.normalize ?? 'standardize';
  const hash = contentHash({ x: values, y: new Float32Array(0) }); // of the file's values, before normalising
  const nz = fit(values, F, parts.train[1], method);
  for (let i = 0; i < n; i++) for (let j = 0; j < F; j++) values[i * F + j] = (values[i * F + j]! - nz.shift[j]!) / nz.div[j]!;
  const shape = o.inputShape && o.inputShape.reduce((a, b) => a * b, 1) === T * F ? o.inputShape : [T, F];
  const windows = ([a, b]: [number, number], what: string): Dataset | null => {
    if (b === a) return null;
    const win = forecastWindows(values.subarray(a * F, b * F), F, all.indexOf(src.target), T, H, w.stride);
    if (win.count === 0)
      throw new DataError(
        `${src.path}: window ${T} + horizon ${H} is longer than the ${what} (${b - a} rows); lower them or the split`,
        src.path,
      );
    return new Dataset(win.x, win.y, shape, H, 0);
  };
  const splits: Splits = {
    train: windows(parts.train, 'training rows')!,
    val: windows(parts.val, 'validation rows'),
    test: windows(parts.test, 'test rows'),
  };
  const notes = [`${splits.train.size} training windows of ${T} rows × ${F} column(s), predicting ${src.target} ${H} rows ahead`];
  if (filled) notes.push(`${filled} missing value(s) repeat the row above`);
  const raw: RawSet = {
    kind: 'series',
    x: splits.train.x.slice(), // copies: the splits may be transferred to a worker
    y: splits.train.y.slice(),
    inputShape: shape,
    targetLen: H,
    classes: 0,
    classNames: [],
    featureNames: all,
    notes,
  };
  const base = describe(raw, splits, null, hash);
  const features = all.map((name, j) => {
    const col = Array.from({ length: parts.train[1] }, (_, i) => values[i * F + j]!);
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
    const [min, max] = extent(col);
    return { name, mean, std, min, max };
  });
  const stats = { ...base, features, normalizer: { method, ...nz } };
  return { splits, augment: null, stats, normalizer: null, source: raw };
}
