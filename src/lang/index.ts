// Public API of the experiment language, for the editor features, the CLI and the engine.
// Pure TypeScript: no vscode, no DOM. Positions and ranges are 0-based (as in VS Code).

export { analyze, runsForModel, type Analysis, type RunPlan } from './analyze';
export { parse, type ParseResult } from './parser';
export { lex, type Token, type Comment } from './lexer';
export type * from './ast';
export { valueText } from './ast';
export { hasErrors, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics';
export type { ModelAnalysis } from './check-model';
export type { DataAnalysis, DataInfo } from './resolve-data';
export type { TrainAnalysis } from './resolve-train';
export { findAt, layerInfosFor, type PositionInfo, type LayerAt, type SettingAt } from './position';
export { hoverAt, modelDoc, type Hover } from './hover';
export { completionsAt, type CompletionItem, type CompletionKind, type CompletionResult } from './completion';
export { documentSymbols, type OutlineSymbol, type SymbolKind } from './symbols';
export { formatText, formatEdits, type FormatOptions, type TextEdit } from './format';
export { rangeContains, type Position } from './range';
export { didYouMean, closest } from './suggest';

// The tables, for docs and any feature that lists what exists.
export { LAYERS, findLayer, type LayerDef } from './schema/layers';
export { ACTIVATIONS, type ActivationDef } from './schema/activations';
export { INITS } from './schema/inits';
export { MODEL_HEADER } from './schema/model-header';
export { DATA_SETTINGS, SOURCES } from './schema/data-settings';
export { TRAIN_SETTINGS, METRIC_NAMES } from './schema/train-settings';
export { LOSSES, OPTIMIZERS, SCHEDULES } from './schema/train-options';
export type { SettingDef } from './schema/settings';
export type { ArgSchema, ChoiceDef, OptionDef, ValueType } from './schema/types';
export { layerDoc, choiceDoc, optionDoc, settingDoc } from './docs';
