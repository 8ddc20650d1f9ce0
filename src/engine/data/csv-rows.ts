// A CSV file as rows of strings (csv-parse does the quoting rules), its header sniffed, and
// columns found by name: what the table, text and series sources share.
import { CsvError, parse } from 'csv-parse/sync';
import { DataError } from './host';

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?']);
export const isMissing = (s: string): boolean => MISSING.has(s.toLowerCase());
export const isNumber = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

export interface Row {
  readonly cells: string[];
  readonly line: number;
}

export interface CsvRows {
  readonly names: readonly string[];
  /** The rows after the header (when there is one). */
  readonly body: readonly Row[];
  /** A column's index by name; a missing one is a DataError that lists the columns. */
  col(name: string): number;
}

export function readCsvRows(text: string, path: string): CsvRows {
  let rows: Row[];
  try {
    const recs = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    rows = recs.map((r) => ({ cells: r.record, line: r.info.lines }));
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      const fields = (e as { record?: unknown[] }).record?.length;
      const msg =
        e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
          ? `ragged row: ${fields ?? 'a different number of'} fields, the rows above have ${/expect (\d+)/.exec(e.message)?.[1] ?? 'another count'}`
          : e.message.replace(/ on line \d+.*$/, '');
      throw new DataError(`${path}:${line ?? '?'}: ${msg}`, path, line);
    }
    throw e;
  }
  if (rows.length === 0) throw new DataError(`${path}: the file is empty`, path);
  const width = rows[0]!.cells.length;
  const header = hasHeader(rows);
  const names = header ? rows[0]!.cells.map((c, i) => c || `col${i + 1}`) : Array.from({ length: width }, (_, i) => `col${i + 1}`);
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new DataError(`${path}: the file has a header but no rows`, path);
  const col = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new DataError(
        `${path}: no column '${name}'${header ? '' : ' (the file has no header row: columns are col1, col2, ...)'}; the columns are ${names.join(', ')}`,
        path,
        1,
      );
    return i;
  };
  return { names, body, col };
}

/** Sniffs a header as Python's csv.Sniffer does: the first row differs in type from the rest. */
function hasHeader(rows: readonly Row[]): boolean {
  if (rows.length < 2) return true;
  const first = rows[0]!.cells;
  let anyNumericColumn = false;
  for (let c = 0; c < first.length; c++) {
    const rest = rows
      .slice(1, 51)
      .map((r) => r.cells[c]!)
      .filter((v) => !isMissing(v));
    const numeric = rest.length > 0 && rest.filter(isNumber).length * 2 > rest.length;
    anyNumericColumn ||= numeric;
    if (numeric && !isNumber(first[c]!) && !isMissing(first[c]!)) return true;
  }
  return !anyNumericColumn; // all text: assume the header the format asks for
}
