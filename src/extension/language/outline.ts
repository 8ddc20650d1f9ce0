// The outline (and breadcrumbs, Go to Symbol): notes, data sets, models with their layers,
// train blocks with their settings, from the language layer's documentSymbols.
import * as vscode from 'vscode';
import { documentSymbols, type OutlineSymbol, type SymbolKind } from '../../lang';
import type { AnalysisCache } from './analysis-cache';
import { toRange } from './convert';

const KINDS: Record<SymbolKind, vscode.SymbolKind> = {
  note: vscode.SymbolKind.String,
  data: vscode.SymbolKind.Struct,
  model: vscode.SymbolKind.Class,
  train: vscode.SymbolKind.Event,
  layer: vscode.SymbolKind.Field,
  setting: vscode.SymbolKind.Property,
};

export class ExperimentSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly analyses: AnalysisCache) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return documentSymbols(this.analyses.get(document)).map(toSymbol);
  }
}

function toSymbol(symbol: OutlineSymbol): vscode.DocumentSymbol {
  const range = toRange(symbol.range);
  const selection = toRange(symbol.selectionRange);
  // VS Code throws on an empty name or a selection outside the range; a half-typed file must not break the outline.
  const result = new vscode.DocumentSymbol(
    symbol.name || '?',
    symbol.detail,
    KINDS[symbol.kind],
    range,
    range.contains(selection) ? selection : range.with(range.start, range.start),
  );
  result.children = symbol.children.map(toSymbol);
  return result;
}
