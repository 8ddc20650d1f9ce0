// What is at a position: the block, the layer line or setting, and the word under the cursor.
// The editor's hover, completion, CodeLens and inlay hints start here.
import type { LayerInfo } from '../graph/ir';
import type { Analysis } from './analyze';
import type { Block, LayerStmt, Setting, Value, Word } from './ast';
import type { ModelAnalysis } from './check-model';
import { rangeContains, type Position } from './range';
import type { DataAnalysis } from './resolve-data';
import type { TrainAnalysis } from './resolve-train';
import { findLayer, type LayerDef } from './schema/layers';
import { DATA_SETTINGS } from './schema/data-settings';
import { findSetting, type SettingDef } from './schema/settings';
import { TRAIN_SETTINGS } from './schema/train-settings';

export interface LayerAt {
  readonly stmt: LayerStmt;
  readonly def: LayerDef | undefined;
  /** The graph's layers for this line: one, several inside a `repeat`, none when unresolved. */
  readonly infos: readonly LayerInfo[];
  /** Enclosing layer lines, outermost first (residual/repeat). */
  readonly ancestors: readonly LayerStmt[];
}

export interface SettingAt {
  readonly setting: Setting;
  readonly def: SettingDef | undefined;
}

export interface PositionInfo {
  readonly block: Block | null;
  readonly model?: ModelAnalysis;
  readonly data?: DataAnalysis;
  readonly train?: TrainAnalysis;
  readonly layer?: LayerAt;
  readonly setting?: SettingAt;
  /** The innermost value under the cursor (a call's callee and keys count as words). */
  readonly word?: Word;
  readonly value?: Value;
}

export function findAt(analysis: Analysis, pos: Position): PositionInfo {
  const block = analysis.file.blocks.find((b) => rangeContains(b.range, pos)) ?? null;
  if (!block) return { block: null };
  switch (block.kind) {
    case 'model': {
      const model = analysis.models.find((m) => m.block === block);
      const layer = findLayerStmt(block.layers, pos, []);
      const header = block.header.flatMap((arg) => [...(arg.key ? [arg.key] : []), ...arg.values]);
      const nameWord = block.name && rangeContains(block.name.range, pos) ? block.name : undefined;
      const inner = layer ? innermost([layer.stmt.name, ...layer.stmt.values], pos) : innermost(header, pos);
      const layerAt = layer && model ? { ...layer, infos: layerInfosFor(model, layer.stmt) } : layer ? { ...layer, infos: [] } : undefined;
      return { block, model, layer: layerAt, ...inner, ...(nameWord ? { word: nameWord } : {}) };
    }
    case 'data':
    case 'train': {
      const setting = block.settings.find((s) => rangeContains(s.range, pos));
      const defs = block.kind === 'data' ? DATA_SETTINGS : TRAIN_SETTINGS;
      const owner =
        block.kind === 'data'
          ? { data: analysis.data.find((d) => d.block === block) }
          : { train: analysis.trains.find((t) => t.block === block) };
      const header =
        block.kind === 'train' ? [block.model, block.data].filter((w): w is Word => w !== null) : block.name ? [block.name] : [];
      const inner = setting ? innermost([setting.key, ...setting.values], pos) : innermost(header, pos);
      return { block, ...owner, ...(setting ? { setting: { setting, def: findSetting(defs, setting.key.name) } } : {}), ...inner };
    }
  }
}

/** Each model's layers by where their line starts, built once: a filter per line made the outline n². */
const layersByStart = new WeakMap<ModelAnalysis, Map<string, LayerInfo[]>>();

/** The graph layers of a layer line, matched by its range. */
export function layerInfosFor(model: ModelAnalysis, stmt: LayerStmt): LayerInfo[] {
  let index = layersByStart.get(model);
  if (!index) {
    index = new Map();
    for (const layer of model.layers) {
      const key = `${layer.range.startLine}:${layer.range.startCol}`;
      const list = index.get(key);
      if (list) list.push(layer);
      else index.set(key, [layer]);
    }
    layersByStart.set(model, index);
  }
  return [...(index.get(`${stmt.range.startLine}:${stmt.range.startCol}`) ?? [])];
}

function findLayerStmt(stmts: readonly LayerStmt[], pos: Position, ancestors: LayerStmt[]): Omit<LayerAt, 'infos'> | undefined {
  for (const stmt of stmts) {
    if (!rangeContains(stmt.range, pos)) continue;
    const inner = stmt.body ? findLayerStmt(stmt.body, pos, [...ancestors, stmt]) : undefined;
    return inner ?? { stmt, def: findLayer(stmt.name.name), ancestors };
  }
  return undefined;
}

function innermost(values: readonly Value[], pos: Position): { word?: Word; value?: Value } {
  for (const value of values) {
    if (!rangeContains(value.range, pos)) continue;
    if (value.kind === 'word') return { word: value, value };
    if (value.kind === 'list') {
      const inner = innermost(value.items, pos);
      return inner.value ? inner : { value };
    }
    if (value.kind === 'call') {
      if (rangeContains(value.callee.range, pos)) return { word: value.callee, value: value.callee };
      const inner = innermost(
        value.args.flatMap((a) => [...(a.key ? [a.key] : []), ...a.values]),
        pos,
      );
      return inner.value ? inner : { value };
    }
    return { value };
  }
  return {};
}
