// Format Document: the language layer's formatter (re-indent, canonical spacing, one blank line
// between blocks). It works token by token, so formatting never changes what a file means.
import * as vscode from 'vscode';
import { formatEdits } from '../../lang';
import type { AnalysisCache } from './analysis-cache';
import { toRange } from './convert';

export class ExperimentFormattingProvider implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly analyses: AnalysisCache) {}

  provideDocumentFormattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): vscode.TextEdit[] {
    const { text } = this.analyses.get(document);
    // The format only indents with spaces; a tab size still says how many.
    return formatEdits(text, { indent: options.tabSize }).map((edit) => vscode.TextEdit.replace(toRange(edit.range), edit.newText));
  }
}
