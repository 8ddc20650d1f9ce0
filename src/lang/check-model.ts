// Model blocks: the header and each layer line are interpreted against the layer table, turned
// into LayerSpecs, and built into the graph (src/graph/build.ts) for shapes and costs.
import type { Graph, InitSpec, InputKind, LayerInfo, Shape, SourceRange } from '../graph/ir';
import { buildGraph } from '../graph/build';
import { defaultWeightInit, type ActivationSpec, type LayerSpec } from '../graph/layer-spec';
import type { LayerStmt, ModelBlock } from './ast';
import { valueText } from './ast';
import type { DiagnosticSink } from './diagnostics';
import { flattenCall, interpretArgs, type Args } from './interpret';
import { findActivation } from './schema/activations';
import { findLayer, LAYERS, type LayerDef } from './schema/layers';
import { MODEL_HEADER } from './schema/model-header';
import { sequenceSpec } from './check-model-seq';
import { namesOf } from './schema/types';
import { didYouMean } from './suggest';

export interface ModelAnalysis {
  readonly name: string;
  readonly block: ModelBlock;
  /** The graph when the whole model resolved and its shapes fit; null otherwise. */
  readonly graph: Graph | null;
  /** Layers with known shapes, also when the model has errors (for inlay hints up to the error). */
  readonly layers: readonly LayerInfo[];
  readonly inputShape: Shape | null;
  /** 'tokens' for `model m(tokens [T])`. */
  readonly inputKind: InputKind;
}

const NORM_OR_DROPOUT = new Set(['batchnorm', 'layernorm', 'dropout']);

/** The statements after a layer on its own level: `stmts` from index `from`. */
interface Following {
  readonly stmts: readonly LayerStmt[];
  readonly from: number;
}

export function checkModel(block: ModelBlock, sink: DiagnosticSink): ModelAnalysis {
  const name = block.name?.name ?? '';
  const anchor = block.name?.range ?? block.keyword;
  const headerValues = flattenCall(block.header.flatMap((arg) => (arg.key ? [arg.key, ...arg.values] : arg.values)));
  const written = headerValues.some((v) => v.kind === 'word' && (v.name === 'input' || v.name === 'tokens'));
  const header = interpretArgs(headerValues, MODEL_HEADER, {
    sink,
    owner: `model ${name}`,
    anchor,
  });
  const input = inputOf(header, sink, anchor, name, written);
  const inputShape = input?.shape ?? null;
  const resolver = new LayerResolver(sink, header.init('init') ?? null);
  const layers = resolver.resolveList(block.layers);
  if (!input || !inputShape) return { name, block, graph: null, layers: [], inputShape: null, inputKind: 'values' };
  const built = buildGraph({ name, range: block.range, inputShape, inputKind: input.kind, layers });
  for (const error of built.errors) sink.error(error.range, error.message, 'shape');
  const complete = built.complete && !resolver.incomplete;
  return { name, block, graph: complete ? built.graph : null, layers: built.graph.layers, inputShape, inputKind: input.kind };
}

/** `input [...]` or `tokens [T]`: exactly one of them. */
function inputOf(
  header: Args,
  sink: DiagnosticSink,
  anchor: SourceRange,
  name: string,
  written: boolean,
): { shape: Shape; kind: InputKind } | null {
  const values = header.numbers('input'),
    tokens = header.numbers('tokens');
  if (values && tokens) {
    sink.error(header.rangeOf('tokens') ?? anchor, `model ${name}: give input [...] or tokens [T], not both`, 'bad-value');
    return null;
  }
  if (tokens && tokens.length !== 1) {
    sink.error(header.rangeOf('tokens') ?? anchor, `model ${name}: tokens takes one length, as in tokens [64]`, 'bad-value');
    return null;
  }
  if (tokens) return { shape: tokens, kind: 'tokens' };
  if (values) return { shape: values, kind: 'values' };
  // A value written but refused already has its diagnostic.
  if (!written) sink.error(anchor, `model ${name} needs input (a shape like [784] or [3, 32, 32]) or tokens [T]`, 'missing');
  return null;
}

class LayerResolver {
  /** Set when a layer could not be resolved: the layers after it are left out of the graph. */
  incomplete = false;

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly modelInit: InitSpec | null,
  ) {}

  resolveList(stmts: readonly LayerStmt[]): LayerSpec[] {
    const specs: LayerSpec[] = [];
    for (let i = 0; i < stmts.length && !this.incomplete; i++) {
      const spec = this.resolve(stmts[i], { stmts, from: i + 1 }); // not a slice: that made n layers cost n²
      if (spec) specs.push(spec);
      else this.incomplete = true;
    }
    return specs;
  }

  private resolve(stmt: LayerStmt, following: Following): LayerSpec | null {
    const def = findLayer(stmt.name.name);
    if (!def) {
      const names = LAYERS.flatMap(namesOf);
      this.sink.error(stmt.name.range, `unknown layer '${stmt.name.name}'${didYouMean(stmt.name.name, names)}`, 'unknown-name');
      return null;
    }
    const errorsBefore = this.errorCount();
    const args = interpretArgs(stmt.values, def.schema, { sink: this.sink, owner: def.name, anchor: stmt.name.range });
    if (def.body && !stmt.body)
      this.sink.error(stmt.range, `${def.name} needs a body: ${def.name}${def.name === 'repeat' ? ' 2' : ''} { ... }`, 'missing');
    if (!def.body && stmt.body) this.sink.error(stmt.name.range, `${def.name} takes no { ... } body`, 'bad-value');
    if (this.errorCount() > errorsBefore) return null;
    const label = [stmt.name.name, ...stmt.values.map(valueText)].join(' ');
    return this.toSpec(def, args, stmt, following, label);
  }

  private toSpec(def: LayerDef, args: Args, stmt: LayerStmt, following: Following, label: string): LayerSpec | null {
    const common = { label, range: stmt.range };
    const pair = (v: readonly number[]): [number, number] => [v[0], v[1] ?? v[0]];
    const pad = () => {
      const value = args.string('pad');
      return value === 'same' || value === 'valid' ? value : pair(args.needNumbers('pad'));
    };
    const activation = args.activation?.spec ?? null;
    const weightInit = () => args.init('init') ?? this.modelInit ?? defaultWeightInit(activation ?? activationAfter(following));
    const name = def.name;
    switch (name) {
      case 'dense':
        return {
          ...common,
          kind: 'dense',
          units: args.needNumber('units'),
          activation,
          init: weightInit(),
          biasInit: args.needInit('bias_init'),
          bias: args.needFlag('bias'),
        };
      case 'conv2d':
        return {
          ...common,
          kind: 'conv2d',
          filters: args.needNumber('filters'),
          kernel: pair(args.needNumbers('kernel')),
          stride: pair(args.needNumbers('stride')),
          pad: pad(),
          activation,
          init: weightInit(),
          biasInit: args.needInit('bias_init'),
          bias: args.needFlag('bias'),
        };
      case 'maxpool':
      case 'avgpool': {
        const kernel = pair(args.needNumbers('kernel'));
        return { ...common, kind: name, kernel, stride: pair(args.numbers('stride') ?? kernel), pad: pad() }; // stride defaults to the kernel
      }
      case 'global_avgpool':
      case 'flatten':
        return { ...common, kind: name };
      case 'dropout':
        return { ...common, kind: 'dropout', p: args.needNumber('p') };
      case 'batchnorm':
        return { ...common, kind: 'batchnorm', eps: args.needNumber('eps'), momentum: args.needNumber('momentum') };
      case 'layernorm':
        return { ...common, kind: 'layernorm', eps: args.needNumber('eps') };
      case 'pool':
        return { ...common, kind: 'pool', mode: args.needString('mode') as 'mean' | 'last' | 'first' };
      case 'cls_token':
        return { ...common, kind: 'cls_token', init: args.init('init') ?? { kind: 'normal', mean: 0, std: 0.02 } };
      case 'rnn':
      case 'lstm':
      case 'gru':
        return {
          ...common,
          kind: name,
          units: args.needNumber('units'),
          layers: args.needNumber('layers'),
          bidirectional: args.needFlag('bidirectional'),
          returns: args.needString('return') === 'last' ? 'last' : 'sequence',
          dropout: args.needNumber('dropout'),
          nonlinearity: name === 'rnn' && args.needString('nonlinearity') === 'relu' ? 'relu' : 'tanh',
        };
      case 'residual':
      case 'repeat': {
        const body = this.resolveList(stmt.body ?? []);
        if (this.incomplete) return null; // a broken body would only produce a misleading shape error
        return name === 'residual'
          ? { ...common, kind: 'residual', body }
          : { ...common, kind: 'repeat', times: args.needNumber('times'), body };
      }
      case 'embedding':
      case 'positional':
      case 'attention':
      case 'transformer':
        return { ...common, ...sequenceSpec(name, args) };
      case 'relu':
      case 'leaky_relu':
      case 'elu':
      case 'gelu':
      case 'sigmoid':
      case 'tanh':
      case 'softmax': {
        const alpha = args.number('alpha');
        return { ...common, kind: 'activation', activation: alpha === undefined ? { fn: name } : { fn: name, alpha } };
      }
      default: {
        // A layer named in the table without a case here fails to compile (`never`); one that
        // reaches here anyway (a table edited without a rebuild) is said, never dropped.
        const unhandled: never = name;
        this.sink.error(stmt.range, `layer '${String(unhandled)}' is in the layer table but cannot be built yet`, 'unknown-name');
        return null;
      }
    }
  }

  private errorCount(): number {
    return this.sink.errorCount;
  }
}

/** The activation that follows a layer on its own line, past norms and dropout (for the default init). */
function activationAfter(following: Following): ActivationSpec | null {
  for (let i = following.from; i < following.stmts.length; i++) {
    const stmt = following.stmts[i];
    const fn = findActivation(stmt.name.name);
    if (fn) return { fn: fn.name };
    const def = findLayer(stmt.name.name);
    if (!def || !NORM_OR_DROPOUT.has(def.name)) return null;
  }
  return null;
}
