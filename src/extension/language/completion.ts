// Completion: block kinds, layer names, options, settings and values with their documentation,
// all from the language layer's completionsAt.
import * as vscode from 'vscode';
import { completionsAt, type CompletionItem, type CompletionKind } from '../../lang';
import type { AnalysisCache } from './analysis-cache';
import { fromPosition, markdown, toRange } from './convert';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  layer: vscode.CompletionItemKind.Class,
  option: vscode.CompletionItemKind.Property,
  activation: vscode.CompletionItemKind.Function,
  setting: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
};

/** After a space the next option or value is what the person wants; no need to type a letter first. */
export const COMPLETION_TRIGGERS = [' '];

export class ExperimentCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly analyses: AnalysisCache) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const result = completionsAt(this.analyses.get(document), fromPosition(position));
    const range = toRange(result.replaceRange);
    return result.items.map((item) => toItem(item, range));
  }
}

function toItem(item: CompletionItem, range: vscode.Range): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, KINDS[item.kind]);
  result.detail = item.detail;
  if (item.documentation) result.documentation = markdown(item.documentation);
  if (item.insertText !== undefined) result.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  result.range = range;
  return result;
}
