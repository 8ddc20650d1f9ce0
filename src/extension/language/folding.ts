// Folding: every block, every residual/repeat body, and each run of two or more `#` note lines.
// The closing brace stays visible, as with braces in other languages.
import * as vscode from 'vscode';
import type { Analysis, LayerStmt } from '../../lang';
import type { SourceRange } from '../../graph/ir';
import type { AnalysisCache } from './analysis-cache';

export class ExperimentFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly analyses: AnalysisCache) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    const analysis = this.analyses.get(document);
    const ranges: vscode.FoldingRange[] = [];
    const fold = (range: SourceRange) => {
      const closed = document.lineAt(range.endLine).text.slice(0, range.endCol).trimEnd().endsWith('}');
      const end = closed ? range.endLine - 1 : range.endLine;
      if (end > range.startLine) ranges.push(new vscode.FoldingRange(range.startLine, end, vscode.FoldingRangeKind.Region));
    };
    for (const block of analysis.file.blocks) {
      fold(block.range);
      if (block.kind === 'model') bodies(block.layers, fold);
    }
    ranges.push(...noteRuns(analysis));
    return ranges.sort((a, b) => a.start - b.start);
  }
}

function bodies(stmts: readonly LayerStmt[], fold: (range: SourceRange) => void): void {
  for (const stmt of stmts) {
    if (!stmt.body) continue;
    fold(stmt.range);
    bodies(stmt.body, fold);
  }
}

/** Consecutive lines that hold only a note (indented or not). */
function noteRuns(analysis: Analysis): vscode.FoldingRange[] {
  const lines = analysis.text.split(/\r\n|\r|\n/);
  const noteLines = analysis.file.comments.map((c) => c.range.startLine).filter((line) => lines[line]?.trimStart().startsWith('#'));
  const runs: vscode.FoldingRange[] = [];
  let start = -1;
  noteLines.forEach((line, i) => {
    if (start < 0) start = line;
    const next = noteLines[i + 1];
    if (next === line + 1) return;
    if (line > start) runs.push(new vscode.FoldingRange(start, line, vscode.FoldingRangeKind.Comment));
    start = -1;
  });
  return runs;
}
