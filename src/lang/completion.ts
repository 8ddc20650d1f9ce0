// Completion candidates at a position, with docs, from the same tables the checker uses.
// The context is read from the tokens of the current line before the cursor.
import type { SourceRange } from '../graph/ir';
import type { Analysis } from './analyze';
import { choiceDoc, layerDoc, optionDoc, settingDoc } from './docs';
import { lex, type Token } from './lexer';
import type { Position } from './range';
import { ACTIVATIONS } from './schema/activations';
import { DATA_SETTINGS } from './schema/data-settings';
import { INITS } from './schema/inits';
import { findLayer, LAYERS } from './schema/layers';
import { MODEL_HEADER } from './schema/model-header';
import { findSetting, type SettingDef } from './schema/settings';
import { TRAIN_SETTINGS, METRIC_NAMES } from './schema/train-settings';
import { findByName, type ArgSchema, type ChoiceDef, type OptionDef, type ValueType } from './schema/types';

export type CompletionKind = 'keyword' | 'layer' | 'option' | 'activation' | 'setting' | 'value' | 'reference';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  /** Text to insert when it differs from the label; `${1}`-style tab stops when `snippet` is true. */
  readonly insertText?: string;
  readonly snippet?: boolean;
}

export interface CompletionResult {
  /** The partial word the items replace (empty range at the cursor when none). */
  readonly replaceRange: SourceRange;
  readonly items: readonly CompletionItem[];
}

const BLOCK_SNIPPETS: readonly CompletionItem[] = [
  {
    label: 'data',
    kind: 'keyword',
    detail: 'data block',
    documentation: 'Where examples come from and how they are prepared.',
    insertText: 'data ${1:name} {\n  source: ${2:synthetic(moons)}\n}',
    snippet: true,
  },
  {
    label: 'model',
    kind: 'keyword',
    detail: 'model block',
    documentation: 'A network: an input shape and one layer per line.',
    insertText: 'model ${1:name}(input [${2:2}]) {\n  ${3:dense 16 relu}\n  dense ${4:1}\n}',
    snippet: true,
  },
  {
    label: 'train',
    kind: 'keyword',
    detail: 'train block',
    documentation: 'How to train a model on a data set.',
    insertText: 'train ${1:model} on ${2:data} {\n  loss: ${3:mse}\n  optimizer: ${4:adam lr 0.001}\n  epochs: ${5:10}\n}',
    snippet: true,
  },
];

export function completionsAt(analysis: Analysis, pos: Position): CompletionResult {
  const lineText = (analysis.text.split(/\r\n|\r|\n/)[pos.line] ?? '').slice(0, pos.col);
  const partial = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(lineText);
  const replaceRange = { startLine: pos.line, startCol: pos.col - (partial?.[0].length ?? 0), endLine: pos.line, endCol: pos.col };
  const before = lex(partial ? lineText.slice(0, partial.index) : lineText).tokens.filter((t) => t.kind !== 'eof' && t.kind !== 'newline');
  return { replaceRange, items: candidates(analysis, pos, before) };
}

function candidates(analysis: Analysis, pos: Position, tokens: readonly Token[]): CompletionItem[] {
  const depth = braceDepth(analysis.text, pos);
  const words = tokens.filter((t) => t.kind === 'ident').map((t) => t.text);
  const last = tokens[tokens.length - 1];
  if (depth === 0) {
    if (tokens.length === 0) return [...BLOCK_SNIPPETS];
    if (words[0] === 'train' && tokens.length === 1) return analysis.models.map((m) => reference(m.name, 'model'));
    if (words[0] === 'train' && tokens.length === 2)
      return [{ label: 'on', kind: 'keyword', detail: 'train MODEL on DATA', documentation: '' }];
    if (words[0] === 'train' && last?.text === 'on') return analysis.data.map((d) => reference(d.name, 'data set'));
    if (words[0] === 'model' && tokens.some((t) => t.kind === '(')) return argCandidates(MODEL_HEADER, words.slice(2), last);
    return [];
  }
  const block = [...analysis.file.blocks]
    .reverse()
    .find((b) => b.range.startLine < pos.line || (b.range.startLine === pos.line && b.range.startCol < pos.col));
  if (!block) return [];
  if (block.kind === 'model') {
    if (tokens.length === 0)
      return LAYERS.map((def) => ({ label: def.name, kind: 'layer', detail: def.example.split('\n')[0], documentation: layerDoc(def) }));
    const def = findLayer(words[0] ?? '');
    return def ? argCandidates(def.schema, words.slice(1), last) : [];
  }
  const defs = block.kind === 'data' ? DATA_SETTINGS : TRAIN_SETTINGS;
  const colon = tokens.findIndex((t) => t.kind === ':');
  if (colon < 0) {
    const present = new Set(block.settings.map((s) => findSetting(defs, s.key.name)?.key));
    return defs
      .filter((d) => d.key === 'sweep' || !present.has(d.key))
      .map((d) => ({ label: d.key, kind: 'setting', detail: d.example, documentation: settingDoc(d), insertText: `${d.key}: ` }));
  }
  const def = findSetting(defs, tokens[0]?.text ?? '');
  return def ? settingValueCandidates(def, tokens.slice(colon + 1)) : [];
}

function settingValueCandidates(def: SettingDef, tokens: readonly Token[]): CompletionItem[] {
  const words = tokens.filter((t) => t.kind === 'ident').map((t) => t.text);
  const last = tokens[tokens.length - 1];
  if (def.value.kind === 'choice') {
    const what = def.value.what;
    if (words.length === 0) return def.value.choices.map((c) => choiceItem(c, what));
    const choice = findByName(def.value.choices, words[0]);
    return choice ? argCandidates(choice.schema, words.slice(1), last) : [];
  }
  if (def.key === 'sweep' && words.length === 0) {
    return ['lr', 'momentum', 'batch', 'epochs', 'optimizer', 'weight_decay', 'seed', 'schedule.gamma', 'loss.label_smoothing'].map(
      (k) => ({ label: k, kind: 'value', detail: 'sweep key', documentation: '' }),
    );
  }
  if (def.key === 'early_stop' && words.length === 0) {
    const metrics = ['loss', ...METRIC_NAMES];
    return [...metrics.map((m) => `val_${m}`), ...metrics].map((m) => ({
      label: m,
      kind: 'value',
      detail: 'metric to watch',
      documentation: '',
    }));
  }
  return argCandidates(def.value.schema, words, last);
}

/** Candidates after some words of an argument list: the values of the option just typed, or the unused options. */
function argCandidates(schema: ArgSchema, words: readonly string[], last: Token | undefined): CompletionItem[] {
  const all = [...schema.positional, ...schema.options];
  const lastOption = last?.kind === 'ident' ? findByName(all, last.text) : undefined;
  if (lastOption) {
    const values = valueCandidates(lastOption.type);
    if (values.length || lastOption.type.kind !== 'flag') return values;
  }
  const lastInit = last?.kind === 'ident' ? findByName(INITS, last.text) : undefined;
  const initOptions = lastInit ? lastInit.schema.options.map(optionItem) : [];
  const used = new Set(words);
  const positionalValues = schema.positional.flatMap((p) =>
    p.type.kind === 'enum' || p.type.kind === 'names' ? valueCandidates(p.type).filter((v) => !used.has(v.label)) : [],
  );
  const options = all.filter((o) => !used.has(o.name) && !(schema.positional.includes(o) && o.type.kind !== 'flag')).map(optionItem);
  const activations =
    schema.activation && !words.some((w) => ACTIVATIONS.some((a) => a.name === w))
      ? ACTIVATIONS.map((a) => ({ label: a.name, kind: 'activation' as const, detail: 'activation', documentation: a.doc }))
      : [];
  return [...initOptions, ...positionalValues, ...options, ...activations];
}

function valueCandidates(type: ValueType): CompletionItem[] {
  const plain = (label: string, detail: string): CompletionItem => ({ label, kind: 'value', detail, documentation: '' });
  switch (type.kind) {
    case 'enum':
      return type.values.map((v) => plain(v, 'value'));
    case 'names':
      return (type.values ?? []).map((v) => plain(v, 'value'));
    case 'pad':
      return ['same', 'valid'].map((v) => plain(v, 'padding'));
    case 'flag':
      return ['on', 'off'].map((v) => plain(v, 'switch'));
    case 'init':
      return INITS.map((c) => choiceItem(c, 'initialiser'));
    default:
      return [];
  }
}

function optionItem(def: OptionDef): CompletionItem {
  return { label: def.name, kind: 'option', detail: def.doc, documentation: optionDoc(def) };
}

function choiceItem(def: ChoiceDef, what: string): CompletionItem {
  return { label: def.name, kind: 'value', detail: what, documentation: choiceDoc(def, what) };
}

function reference(name: string, what: string): CompletionItem {
  return { label: name, kind: 'reference', detail: what, documentation: '' };
}

/** Open braces before the position (0 at top level). */
function braceDepth(text: string, pos: Position): number {
  let depth = 0;
  for (const token of lex(text).tokens) {
    const r = token.range;
    if (r.startLine > pos.line || (r.startLine === pos.line && r.startCol >= pos.col)) break;
    if (token.kind === '{') depth++;
    if (token.kind === '}') depth = Math.max(0, depth - 1);
  }
  return depth;
}
