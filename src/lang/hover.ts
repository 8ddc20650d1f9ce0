// Hover text for the word under the cursor: layers with their shapes and costs, options,
// settings and their choices, and references to models and data sets.
import type { SourceRange } from '../graph/ir';
import { formatCount } from '../graph/summary';
import { inputText, shapeText } from '../graph/shapes';
import type { Analysis } from './analyze';
import type { ModelAnalysis } from './check-model';
import { choiceDoc, layerDoc, optionDoc, settingDoc } from './docs';
import { findAt, type LayerAt } from './position';
import type { Position } from './range';
import { findActivation } from './schema/activations';
import { INITS } from './schema/inits';
import { MODEL_HEADER } from './schema/model-header';
import { findByName, type ChoiceDef, type OptionDef } from './schema/types';

export interface Hover {
  readonly range: SourceRange;
  readonly markdown: string;
}

export function hoverAt(analysis: Analysis, pos: Position): Hover | null {
  const at = findAt(analysis, pos);
  const word = at.word;
  if (!word || !at.block) return null;
  const hover = (markdown: string): Hover => ({ range: word.range, markdown });
  if (at.block.kind === 'model' && at.block.name === word && at.model) return hover(modelDoc(at.model));
  if (at.block.kind === 'train' && !at.setting) {
    const model = analysis.models.find((m) => m.name === word.name);
    if (at.block.model === word) return model ? hover(modelDoc(model)) : null;
    const data = analysis.data.find((d) => d.name === word.name);
    return data
      ? hover(
          `**data ${data.name}** — ` +
            (data.info.targets === 'real' ? 'regression' : data.info.targets === 'classes' ? 'class labels' : 'targets known when loaded'),
        )
      : null;
  }
  if (at.layer) return layerHover(at.layer, word.name, word === at.layer.stmt.name, hover);
  if (at.block.kind === 'model') {
    const def = findByName(MODEL_HEADER.options, word.name);
    return def ? hover(optionDoc(def)) : initHover(word.name, hover);
  }
  if (at.setting?.def) {
    const def = at.setting.def;
    if (word === at.setting.setting.key) return hover(settingDoc(def));
    if (def.value.kind === 'choice') {
      const choice = findByName(def.value.choices, word.name);
      if (choice) return hover(choiceDoc(choice, def.value.what));
      const chosen = findByName(def.value.choices, firstWord(at.setting.setting.values) ?? '');
      const option = chosen && findOption(chosen, word.name);
      return option ? hover(optionDoc(option)) : null;
    }
    const option = findByName([...def.value.schema.positional, ...def.value.schema.options], word.name);
    return option ? hover(optionDoc(option)) : null;
  }
  return null;
}

function layerHover(layer: LayerAt, name: string, isLayerName: boolean, hover: (md: string) => Hover): Hover | null {
  if (!layer.def) return null;
  if (isLayerName) {
    const facts = layer.infos.map((info) => {
      const rep = info.repetition !== undefined ? `#${info.repetition + 1}: ` : '';
      const detail = info.detail ? ` · ${info.detail}` : '';
      return `${rep}output ${shapeText(info.outputShape)} · ${formatCount(info.params)} params · ${formatCount(info.flops)} FLOPs${detail}`;
    });
    return hover([...facts, ...(facts.length ? ['', '---', ''] : []), layerDoc(layer.def)].join('\n'));
  }
  const option = findByName([...layer.def.schema.positional, ...layer.def.schema.options], name);
  if (option) return hover(optionDoc(option));
  const activation = findActivation(name);
  if (activation) return hover(`**${activation.name}** (activation) — ${activation.doc}`);
  return initHover(name, hover);
}

function initHover(name: string, hover: (md: string) => Hover): Hover | null {
  const init = findByName(INITS, name);
  return init ? hover(choiceDoc(init, 'initialiser')) : null;
}

function findOption(choice: ChoiceDef, name: string): OptionDef | undefined {
  return findByName([...choice.schema.positional, ...choice.schema.options], name);
}

function firstWord(values: readonly { kind: string }[]): string | undefined {
  const first = values[0] as { kind: string; name?: string; callee?: { name: string } } | undefined;
  return first?.kind === 'word' ? first.name : first?.kind === 'call' ? first.callee?.name : undefined;
}

/** Model summary for hovers and CodeLens tooltips. */
export function modelDoc(model: ModelAnalysis): string {
  const graph = model.graph;
  if (!graph) return `**model ${model.name}** — has errors; shapes known up to the first one.`;
  const out = graph.nodes[graph.output].shape;
  const { totals } = graph;
  return [
    `**model ${model.name}**: ${inputText(graph)} → ${shapeText(out)}`,
    '',
    `${formatCount(totals.params)} trainable params` +
      (totals.nonTrainable ? ` (+${formatCount(totals.nonTrainable)} non-trainable)` : '') +
      ` · ${formatCount(totals.flops)} FLOPs per example`,
  ].join('\n');
}
