// The outline of a document: notes, data sets, models with their layers, train blocks with
// their settings. Maps one-to-one onto VS Code's DocumentSymbol.
import type { SourceRange } from '../graph/ir';
import { shapeText } from '../graph/shapes';
import type { Analysis } from './analyze';
import type { LayerStmt } from './ast';
import { valueText } from './ast';
import type { ModelAnalysis } from './check-model';
import { layerInfosFor } from './position';

export type SymbolKind = 'note' | 'data' | 'model' | 'train' | 'layer' | 'setting';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole construct. */
  readonly range: SourceRange;
  /** The part to reveal and highlight (its name). */
  readonly selectionRange: SourceRange;
  readonly children: readonly OutlineSymbol[];
}

export function documentSymbols(analysis: Analysis): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [...notes(analysis)];
  for (const block of analysis.file.blocks) {
    if (block.kind === 'model') {
      const model = analysis.models.find((m) => m.block === block);
      const out = model?.graph ? shapeText(model.graph.nodes[model.graph.output].shape) : '?';
      const detail = model?.inputShape ? `${shapeText(model.inputShape)} → ${out}` : '';
      symbols.push(
        symbol(
          block.name?.name ?? 'model',
          detail,
          'model',
          block.range,
          block.name?.range ?? block.keyword,
          layerSymbols(block.layers, model),
        ),
      );
    } else if (block.kind === 'data') {
      const source = block.settings.find((s) => s.key.name === 'source');
      const children = block.settings.map((s) =>
        symbol(s.key.name, s.values.map(valueText).join(' '), 'setting', s.range, s.key.range, []),
      );
      symbols.push(
        symbol(
          block.name?.name ?? 'data',
          source ? source.values.map(valueText).join(' ') : '',
          'data',
          block.range,
          block.name?.range ?? block.keyword,
          children,
        ),
      );
    } else {
      const name = `train ${block.model?.name ?? '?'} on ${block.data?.name ?? '?'}`;
      const children = block.settings.map((s) =>
        symbol(s.key.name, s.values.map(valueText).join(' '), 'setting', s.range, s.key.range, []),
      );
      symbols.push(symbol(name, '', 'train', block.range, block.model?.range ?? block.keyword, children));
    }
  }
  return symbols.sort((a, b) => a.range.startLine - b.range.startLine);
}

function layerSymbols(stmts: readonly LayerStmt[], model: ModelAnalysis | undefined): OutlineSymbol[] {
  return stmts.map((stmt) => {
    const infos = model ? layerInfosFor(model, stmt) : [];
    const detail = infos.length ? shapeText(infos[infos.length - 1].outputShape) : '';
    const label = [stmt.name.name, ...stmt.values.map(valueText)].join(' ');
    return symbol(label, detail, 'layer', stmt.range, stmt.name.range, stmt.body ? layerSymbols(stmt.body, model) : []);
  });
}

/** Runs of top-level comment lines become one note, named by its first line. */
function notes(analysis: Analysis): OutlineSymbol[] {
  const inBlock = (line: number) => analysis.file.blocks.some((b) => b.range.startLine <= line && line <= b.range.endLine);
  const result: OutlineSymbol[] = [];
  let run: { first: SourceRange; last: SourceRange; text: string } | null = null;
  const flush = () => {
    if (run)
      result.push(
        symbol(run.text || 'note', '', 'note', { ...run.first, endLine: run.last.endLine, endCol: run.last.endCol }, run.first, []),
      );
    run = null;
  };
  for (const comment of analysis.file.comments) {
    if (inBlock(comment.range.startLine) || comment.range.startCol !== 0) {
      flush();
      continue;
    }
    if (run && comment.range.startLine === run.last.startLine + 1) run.last = comment.range;
    else {
      flush();
      run = { first: comment.range, last: comment.range, text: comment.text.trim() };
    }
  }
  flush();
  return result;
}

function symbol(
  name: string,
  detail: string,
  kind: SymbolKind,
  range: SourceRange,
  selectionRange: SourceRange,
  children: OutlineSymbol[],
): OutlineSymbol {
  return { name, detail, kind, range, selectionRange, children };
}
