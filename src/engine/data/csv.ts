// CSV tables (csv-parse does the quoting rules). A header row is detected; numeric columns are
// read as numbers, text columns one-hot encoded; the target is a class (text labels, or the loss
// asks for classes) or a number. Missing values: an empty cell, NA, N/A, NaN, null, None or ?.
// A missing feature becomes NaN here and is filled with the training split's column mean later;
// a row whose target is missing is dropped. A stray word in a numeric column is an error that
// names its line and column.

import { isMissing, isNumber, readCsvRows, type Row } from './csv-rows';
import { DataError, type DataHost, type DataLocation, readData } from './host';
import type { RawSet } from './source';

export type TargetKind = 'class' | 'number';

export interface CsvOptions {
  readonly target: string;
  readonly features: readonly string[] | null;
  /** From the loss: cross-entropy wants classes, mse numbers; null guesses from the values. */
  readonly targetKind: TargetKind | null;
  /** The training source's encoding, so a test file lines up with it. */
  readonly like?: RawSet;
}

export async function loadCsv(host: DataHost, loc: DataLocation, path: string, o: CsvOptions): Promise<RawSet> {
  const text = new TextDecoder().decode(await readData(host, loc, path));
  return parseCsvTable(text, path, o);
}

export function parseCsvTable(text: string, path: string, o: CsvOptions): RawSet {
  const { names, body, col } = readCsvRows(text, path);
  const t = col(o.target);
  const featureCols = (o.features ?? names.filter((_, i) => i !== t)).map(col);
  if (featureCols.includes(t)) throw new DataError(`${path}: the target '${o.target}' is also listed as a feature`, path);
  if (featureCols.length === 0) throw new DataError(`${path}: no feature columns besides the target '${o.target}'`, path);

  // Targets first: rows without one are dropped before anything else is read.
  const notes: string[] = [];
  const kept = body.filter((r) => !isMissing(r.cells[t]!));
  if (kept.length < body.length) notes.push(`${body.length - kept.length} row(s) without a '${o.target}' value were dropped`);
  if (kept.length === 0) throw new DataError(`${path}: every row lacks a '${o.target}' value`, path);
  const target = encodeTarget(kept, t, path, names[t]!, o);

  // Features: numbers, or one-hot categories.
  const columns: { name: string; numeric: boolean; cats: string[] }[] = featureCols.map((c) => {
    const name = names[c]!;
    const known = o.like?.categories?.[name];
    const numeric = known ? false : numericColumn(kept, c, path, name);
    const cats = known ? [...known] : numeric ? [] : [...new Set(kept.map((r) => r.cells[c]!).filter((v) => !isMissing(v)))].sort();
    return { name, numeric, cats };
  });
  const featureNames = columns.flatMap((c) => (c.numeric ? [c.name] : c.cats.map((k) => `${c.name}=${k}`)));
  const d = featureNames.length,
    x = new Float32Array(kept.length * d);
  let filled = 0;
  kept.forEach((r, i) => {
    let j = i * d;
    featureCols.forEach((c, k) => {
      const v = r.cells[c]!,
        info = columns[k]!;
      if (info.numeric) {
        if (isMissing(v)) filled++;
        x[j++] = isMissing(v) ? NaN : Number(v);
      } else {
        const at = info.cats.indexOf(v);
        if (at < 0 && !isMissing(v))
          throw new DataError(
            `${path}:${r.line}: column ${c + 1} ('${info.name}'): category '${v}' does not occur in the training data`,
            path,
            r.line,
            c + 1,
          );
        if (at >= 0) x[j + at] = 1; // a missing category leaves all zeros
        j += info.cats.length;
      }
    });
  });
  if (filled > 0) notes.push(`${filled} missing feature value(s) will be filled with the training mean of their column`);
  if (o.like && d !== o.like.featureNames.length)
    throw new DataError(`${path}: ${d} input columns, the training data has ${o.like.featureNames.length}`, path);
  const categories = Object.fromEntries(columns.filter((c) => !c.numeric).map((c) => [c.name, c.cats]));
  return {
    kind: 'table',
    x,
    y: target.y,
    inputShape: [d],
    targetLen: 1,
    classes: target.classes,
    classNames: target.names,
    featureNames,
    categories,
    notes,
  };
}

/** Numeric when most values are numbers; then any other word is a bad value. */
function numericColumn(rows: readonly Row[], c: number, path: string, name: string): boolean {
  const present = rows.filter((r) => !isMissing(r.cells[c]!));
  const numbers = present.filter((r) => isNumber(r.cells[c]!)).length;
  if (present.length === 0 || numbers * 2 <= present.length) return present.length === 0;
  const bad = present.find((r) => !isNumber(r.cells[c]!));
  if (bad)
    throw new DataError(`${path}:${bad.line}: column ${c + 1} ('${name}'): '${bad.cells[c]}' is not a number`, path, bad.line, c + 1);
  return true;
}

export function encodeTarget(
  rows: readonly Row[],
  t: number,
  path: string,
  name: string,
  o: Pick<CsvOptions, 'targetKind' | 'like'>,
): { y: Float32Array; classes: number; names: string[] } {
  const values = rows.map((r) => r.cells[t]!);
  const numeric = values.every(isNumber);
  const ints = numeric && values.every((v) => Number.isInteger(Number(v)) && Number(v) >= 0);
  const kind: TargetKind = o.targetKind ?? (!numeric || (ints && new Set(values).size <= 32) ? 'class' : 'number');
  if (kind === 'number') {
    const bad = rows.find((r) => !isNumber(r.cells[t]!));
    if (bad)
      throw new DataError(
        `${path}:${bad.line}: column ${t + 1} ('${name}'): '${bad.cells[t]}' is not a number, and the loss needs numeric targets`,
        path,
        bad.line,
        t + 1,
      );
    return { y: Float32Array.from(values, Number), classes: 0, names: [] };
  }
  if (ints && !o.like?.classNames.length) {
    // Integer labels are class indices already (0..K-1).
    const y = Float32Array.from(values, Number);
    let classes = Math.max(2, o.like?.classes ?? 0);
    for (const v of y) classes = Math.max(classes, v + 1);
    return { y, classes, names: [] };
  }
  const names = o.like?.classNames.length ? [...o.like.classNames] : [...new Set(values)].sort();
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    const k = names.indexOf(r.cells[t]!);
    if (k < 0)
      throw new DataError(
        `${path}:${r.line}: column ${t + 1} ('${name}'): class '${r.cells[t]}' does not occur in the training data`,
        path,
        r.line,
        t + 1,
      );
    y[i] = k;
  });
  return { y, classes: Math.max(2, names.length), names };
}
