// Inlay hints: the output shape after each layer line (`→ [256]`), also up to the first error of a
// broken model. After a residual/repeat the hint sits after its closing brace.
import * as vscode from 'vscode';
import { shapeText } from '../../graph/shapes';
import { formatCount } from '../../graph/summary';
import { layerInfosFor, type LayerStmt, type ModelAnalysis } from '../../lang';
import type { AnalysisCache } from './analysis-cache';

/** Setting key under `modelLab` (declared in package.json). */
export const INLAY_HINTS_SETTING = 'inlayHints.enabled';

export class ShapeInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly analyses: AnalysisCache) {}

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration('modelLab', document.uri).get<boolean>(INLAY_HINTS_SETTING, true)) return [];
    const hints: vscode.InlayHint[] = [];
    for (const model of this.analyses.get(document).models) {
      const { startLine, endLine } = model.block.range;
      if (endLine < range.start.line || startLine > range.end.line) continue;
      collect(model, model.block.layers, range, hints);
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function collect(model: ModelAnalysis, stmts: readonly LayerStmt[], range: vscode.Range, hints: vscode.InlayHint[]): void {
  for (const stmt of stmts) {
    if (stmt.body) collect(model, stmt.body, range, hints);
    const infos = layerInfosFor(model, stmt);
    const last = infos[infos.length - 1]; // inside a repeat: the shape after the last repetition
    const at = new vscode.Position(stmt.range.endLine, stmt.range.endCol);
    if (!last || !range.contains(at)) continue;
    const hint = new vscode.InlayHint(at, `→ ${shapeText(last.outputShape)}`, vscode.InlayHintKind.Type);
    hint.paddingLeft = true;
    const params = infos.reduce((sum, i) => sum + i.params, 0);
    const flops = infos.reduce((sum, i) => sum + i.flops, 0);
    hint.tooltip = `${formatCount(params)} params · ${formatCount(flops)} FLOPs per example`;
    hints.push(hint);
  }
}
