// Small helpers over SourceRange (0-based line/col, end exclusive).
import type { SourceRange } from '../graph/ir';

export interface Position {
  readonly line: number;
  readonly col: number;
}

export function makeRange(startLine: number, startCol: number, endLine: number, endCol: number): SourceRange {
  return { startLine, startCol, endLine, endCol };
}

/** The smallest range covering both. */
export function spanRanges(a: SourceRange, b: SourceRange): SourceRange {
  const startFirst = a.startLine < b.startLine || (a.startLine === b.startLine && a.startCol <= b.startCol);
  const endLast = a.endLine > b.endLine || (a.endLine === b.endLine && a.endCol >= b.endCol);
  const start = startFirst ? a : b;
  const end = endLast ? a : b;
  return { startLine: start.startLine, startCol: start.startCol, endLine: end.endLine, endCol: end.endCol };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.col - b.col;
}

/** True when pos lies inside range; the end is inclusive so a cursor right after a word still hits it. */
export function rangeContains(range: SourceRange, pos: Position): boolean {
  const afterStart = comparePositions(pos, { line: range.startLine, col: range.startCol }) >= 0;
  const beforeEnd = comparePositions(pos, { line: range.endLine, col: range.endCol }) <= 0;
  return afterStart && beforeEnd;
}

export function startOf(range: SourceRange): Position {
  return { line: range.startLine, col: range.startCol };
}

export function endOf(range: SourceRange): Position {
  return { line: range.endLine, col: range.endCol };
}

/** "line:col" 1-based, as compilers print it. */
export function formatPosition(range: SourceRange): string {
  return `${range.startLine + 1}:${range.startCol + 1}`;
}
