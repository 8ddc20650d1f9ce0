// Lenses above each `data` block (Preview) and each `model` block: ▶ Train · Architecture · Export, then a summary
// ("269,322 params · 1.1 MiB train mem @ batch 64") that a finished run replaces with its result.
// Every model block gets the same four lenses whatever state the file is in, so they never jump
// while the person types: a model whose graph cannot be built keeps ▶ Train and says "⚠ fix N errors".
// The summary comes last because its width varies; the clickable lenses keep their place.
import * as vscode from 'vscode';
import type { Analysis, ModelAnalysis } from '../lang';
import { formatSummary } from '../graph/summary';
import { graphHash } from '../engine/train/trainer';
import { SETTINGS } from './command-ids';
import { languageModelShape } from '../engine/infer/generate';
import { loadTokenizer } from '../engine/io/tokenizer-file';
import { runForGenerate } from './generate/generate-text';
import type { AnalysisCache } from './language/analysis-cache';
import { summaryLensTitle, trainingAssumption } from './language/model-summary';

export interface ModelDeclaration {
  readonly name: string;
  /** The line of the `model` keyword. */
  readonly line: number;
  readonly model: ModelAnalysis;
}

/** The named models a document declares, in order, also when the file has errors. */
export function modelDeclarations(analysis: Analysis): ModelDeclaration[] {
  return analysis.models.filter((m) => m.name).map((model) => ({ name: model.name, line: model.block.range.startLine, model }));
}

export class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Latest result line per document and model, shown instead of the static summary, with the
   *  hash of the graph it was trained from: when the model's text changes the result is stale. */
  private readonly results = new Map<string, { text: string; graph: string }>();

  constructor(private readonly analyses: AnalysisCache) {}

  /** Re-ask VS Code for lenses (a setting changed, a run finished). */
  refresh(): void {
    this.changed.fire();
  }

  /** Show a run's outcome (e.g. "✓ val acc 91.2% · loss 0.31 · 42 s") in the summary lens; undefined restores the summary. */
  showResult(uri: vscode.Uri, model: string, result: { text: string; graph: string } | undefined): void {
    const key = resultKey(uri, model);
    if (result === undefined) this.results.delete(key);
    else this.results.set(key, result);
    this.refresh();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration('modelLab', document.uri).get<boolean>(SETTINGS.codeLens, true)) return [];
    const analysis = this.analyses.get(document);
    // Data blocks get one lens: Preview (rows or images, histogram, statistics, splits).
    const data = analysis.data
      .filter((d) => d.name)
      .map((d) => {
        const range = new vscode.Range(d.block.range.startLine, 0, d.block.range.startLine, 0);
        return new vscode.CodeLens(range, {
          title: 'Preview',
          command: 'modelLab.previewData',
          tooltip: `Preview data set '${d.name}'`,
          arguments: [document.uri, d.name],
        });
      });
    return [...data, ...this.modelLenses(document, analysis)];
  }

  private modelLenses(document: vscode.TextDocument, analysis: Analysis): vscode.CodeLens[] {
    return modelDeclarations(analysis).flatMap(({ name, line, model }) => {
      const range = new vscode.Range(line, 0, line, 0);
      const args = [document.uri, name];
      const lens = (title: string, command: string, tooltip: string, extra: unknown[] = []) =>
        new vscode.CodeLens(range, { title, command, tooltip, arguments: [...args, ...extra] });
      return [
        lens('▶ Train', 'modelLab.train', `Train model '${name}'`),
        lens('Architecture', 'modelLab.showArchitecture', `Show the architecture of '${name}'`),
        lens('Export', 'modelLab.export', `Export '${name}': ONNX (its newest finished run) or a PyTorch script`, ['pick']),
        ...(canGenerate(document.uri, model)
          ? [lens('Generate', 'modelLab.generate', `Sample text from '${name}' (its newest finished run)`)]
          : []),
        // An empty command id renders as plain text: the summary informs, it does not act.
        this.summaryLens(range, document.uri, analysis, model),
      ];
    });
  }

  private summaryLens(range: vscode.Range, uri: vscode.Uri, analysis: Analysis, model: ModelAnalysis): vscode.CodeLens {
    const result = this.results.get(resultKey(uri, model.name));
    const stale = result && (!model.graph || graphHash(model.graph) !== result.graph);
    // An empty command id renders as plain text: the summary informs, it does not act.
    return new vscode.CodeLens(range, {
      title: !result ? summaryLensTitle(analysis, model) : stale ? `${result.text} (stale)` : result.text,
      command: '',
      tooltip: stale
        ? `The model changed since this run: train again to refresh.\n\n${summaryTooltip(analysis, model)}`
        : summaryTooltip(analysis, model),
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function summaryTooltip(analysis: Analysis, model: ModelAnalysis): string {
  if (!model.graph) return `Model '${model.name}' has errors: see the Problems view.`;
  const assumption = trainingAssumption(analysis, model.name);
  return formatSummary(model.graph, assumption);
}

function resultKey(uri: vscode.Uri, model: string): string {
  return `${uri.toString()}\n${model}`;
}

/** A language model (tokens in, [T, V] out) with a finished run of text data gets Generate beside Train. */
function canGenerate(uri: vscode.Uri, model: ModelAnalysis): boolean {
  if (!model.graph || !model.name) return false;
  try {
    languageModelShape(model.graph);
  } catch {
    return false;
  }
  const dir = runForGenerate(uri, model.name);
  if (dir === null) return false;
  try {
    loadTokenizer(dir); // token data without text (synthetic addition) has nothing to decode with
    return true;
  } catch {
    return false;
  }
}
