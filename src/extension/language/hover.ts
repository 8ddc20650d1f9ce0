// Hover: a model name shows its summary table; everything else (layers with shape, params and
// FLOPs; options, settings, choices) comes from the language layer's hoverAt.
import * as vscode from 'vscode';
import type { SourceRange } from '../../graph/ir';
import { findAt, hoverAt, type Analysis, type ModelAnalysis, type Position } from '../../lang';
import type { AnalysisCache } from './analysis-cache';
import { fromPosition, markdown, toRange } from './convert';
import { dataFacts, factsMarkdown } from '../data-preview/data-facts';
import { modelSummaryMarkdown } from './model-summary';

export class ExperimentHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: AnalysisCache) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analyses.get(document);
    const pos = fromPosition(position);
    const model = modelNameAt(analysis, pos);
    if (model) return new vscode.Hover(markdown(modelSummaryMarkdown(analysis, model.model)), toRange(model.range));
    const hover = hoverAt(analysis, pos);
    return hover ? new vscode.Hover(markdown(hover.markdown + readFacts(document, analysis, pos)), toRange(hover.range)) : undefined;
  }
}

/** On a data block's source: what reading its file told (a text source's vocabulary). */
function readFacts(document: vscode.TextDocument, analysis: Analysis, pos: Position): string {
  const at = findAt(analysis, pos);
  if (at.block?.kind !== 'data' || at.setting?.def?.key !== 'source') return '';
  return factsMarkdown(dataFacts(document.uri.toString(), at.block.name?.name ?? ''));
}

/** The model whose name is under the cursor: in its own header or as `train NAME on ...`. */
function modelNameAt(analysis: Analysis, pos: Position): { model: ModelAnalysis; range: SourceRange } | undefined {
  const at = findAt(analysis, pos);
  const word = at.word;
  if (!word || !at.block) return undefined;
  // In its own header: this block's model (duplicates included); in a train block: the first definition.
  let model: ModelAnalysis | undefined;
  if (at.block.kind === 'model' && at.block.name === word) model = at.model;
  if (at.block.kind === 'train' && at.block.model === word) model = analysis.models.find((m) => m.name === word.name);
  return model ? { model, range: word.range } : undefined;
}
