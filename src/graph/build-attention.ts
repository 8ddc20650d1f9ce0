// Lowering of the sequence layers (embedding, positional, attention, transformer) into graph ops,
// with PyTorch's parameter names, layouts and initialisers (docs/defaults.md):
//  - nn.Embedding: weight [V, D] ~ N(0, 1), the padding row zero;
//  - nn.MultiheadAttention(D, H, batch_first=True): in_proj_weight [3D, D] (xavier_uniform),
//    in_proj_bias [3D] (zeros), out_proj.weight [D, D] (Linear's default U(±1/sqrt(D))),
//    out_proj.bias [D] (zeros); weights stored as PyTorch stores them (matmul transposeB);
//  - nn.TransformerEncoderLayer: self_attn.*, linear1 [F, D], linear2 [D, F] (Linear's default
//    init: U(±1/sqrt(fan_in)) for weight and bias), norm1, norm2, post-norm unless norm_first.
import { addActivation, fail, type GraphBuilder } from './build';
import type { InitSpec, Shape } from './ir';
import type { LayerSpec } from './layer-spec';
import type { SequenceLayerSpec } from './layer-spec-seq';
import { numel, shapeText } from './shapes';

type SeqSpec = Extract<LayerSpec, { kind: SequenceLayerSpec['kind'] }>;
type Spec<K extends SeqSpec['kind']> = Extract<SeqSpec, { kind: K }>;

const SEQ_KINDS: ReadonlySet<string> = new Set(['embedding', 'positional', 'attention', 'transformer']);

export function isSequenceLayer(spec: LayerSpec): spec is SeqSpec {
  return SEQ_KINDS.has(spec.kind);
}

export function addSequenceLayer(b: GraphBuilder, spec: SeqSpec, x: number, prefix: string): number {
  switch (spec.kind) {
    case 'embedding':
      return addEmbedding(b, spec, x, prefix);
    case 'positional':
      return addPositional(b, spec, x, prefix);
    case 'attention':
      return addAttention(b, spec, x, prefix, spec);
    case 'transformer':
      return addTransformer(b, spec, x, prefix);
  }
}

function addEmbedding(b: GraphBuilder, spec: Spec<'embedding'>, x: number, prefix: string): number {
  if (x !== b.tokens) fail(spec, `${spec.label} reads token ids: declare the model with tokens [T] and put embedding first`);
  const [t] = b.shapeOf(x) as [number];
  if (spec.pad !== null && spec.pad >= spec.vocab) fail(spec, `${spec.label}: pad ${spec.pad} is not a token id below ${spec.vocab}`);
  const pad = spec.pad ?? -1;
  const init: InitSpec = { kind: 'normal_pad', mean: 0, std: 1, zeroRow: pad };
  const w = b.addParam(prefix, 'weight', [spec.vocab, spec.dim], init, [spec.vocab, spec.dim]);
  return b.addNode({ kind: 'embedding', pad }, [x, w], [t, spec.dim]);
}

/** [T, D] of a sequence layer's input, or a diagnostic on its line. */
function sequenceShape(spec: SeqSpec, shape: Shape): [number, number] {
  if (shape.length !== 2)
    fail(spec, `${spec.label} got ${shapeText(shape)} but needs a sequence [length, features]; start with embedding VOCAB DIM`);
  return [shape[0]!, shape[1]!];
}

function addPositional(b: GraphBuilder, spec: Spec<'positional'>, x: number, prefix: string): number {
  const [t, d] = sequenceShape(spec, b.shapeOf(x));
  const rows = spec.max ?? t;
  if (t > rows) fail(spec, `${spec.label}: the sequence has ${t} positions but the table ${rows}; raise max to ${t} or more`);
  const learned = spec.mode === 'learned';
  const init: InitSpec = learned ? { kind: 'normal', mean: 0, std: 0.02 } : { kind: 'sinusoidal' };
  const table = b.addParam(prefix, learned ? 'weight' : 'table', [rows, d], init, [rows, d], { trainable: learned });
  return b.addNode({ kind: 'positional' }, [x, table], [t, d]);
}

/** x [T, K] · W^T for W [N, K] stored as PyTorch's Linear, plus its bias [N]. */
function linear(b: GraphBuilder, prefix: string, x: number, n: number, init: { w: InitSpec; b: InitSpec }): number {
  const [t, k] = b.shapeOf(x) as [number, number];
  const w = b.addParam(prefix, 'weight', [n, k], init.w, [k, n], { decay: true });
  const y = b.addNode({ kind: 'matmul', transposeB: true }, [x, w], [t, n]);
  b.addFlops(t * k * n);
  return b.addNode({ kind: 'bias_add', axis: 1 }, [y, b.addParam(prefix, 'bias', [n], init.b, [k, n])], [t, n]);
}

/** PyTorch's Linear default: kaiming_uniform(a=sqrt(5)) = U(±1/sqrt(fan_in)), the bias alike. */
function linearInit(fanIn: number, zeroBias = false): { w: InitSpec; b: InitSpec } {
  const a = 1 / Math.sqrt(fanIn);
  const u: InitSpec = { kind: 'uniform', low: -a, high: a };
  return { w: u, b: zeroBias ? { kind: 'zeros' } : u };
}

interface AttnOpts {
  readonly heads: number;
  readonly causal: boolean;
  readonly dropout: number;
}

function addAttention(b: GraphBuilder, spec: SeqSpec, x: number, prefix: string, o: AttnOpts): number {
  const [t, d] = sequenceShape(spec, b.shapeOf(x));
  if (d % o.heads !== 0) fail(spec, `${spec.label}: ${o.heads} heads do not divide the width ${d}; use a head count that divides ${d}`);
  const w = b.addParam(prefix, 'in_proj_weight', [3 * d, d], { kind: 'xavier_uniform' }, [d, 3 * d], { decay: true });
  let qkv = b.addNode({ kind: 'matmul', transposeB: true }, [x, w], [t, 3 * d]);
  qkv = b.addNode(
    { kind: 'bias_add', axis: 1 },
    [qkv, b.addParam(prefix, 'in_proj_bias', [3 * d], { kind: 'zeros' }, [d, 3 * d])],
    [t, 3 * d],
  );
  const mask = b.tokens >= 0 ? [b.tokens] : [];
  // Keys before the ids (cls_token's prepended position) are never padding.
  const shift = mask.length ? t - numel(b.shapeOf(b.tokens)) : 0;
  if (shift < 0) fail(spec, `${spec.label}: its sequence has ${t} positions, fewer than the model's ${t - shift} tokens`);
  const op = { kind: 'attn_scores', heads: o.heads, causal: o.causal, shift } as const;
  let probs = b.addNode(op, [qkv, ...mask], [o.heads, t, t]);
  if (o.dropout > 0) probs = b.addNode({ kind: 'dropout', p: o.dropout }, [probs], [o.heads, t, t]);
  const ctx = b.addNode({ kind: 'attn_apply', heads: o.heads }, [probs, qkv], [t, d]);
  b.addFlops(3 * t * d * d + 2 * t * t * d);
  if (spec.kind === 'attention') b.describe(attentionDetail(o, d, t));
  return linear(b, `${prefix}.out_proj`, ctx, d, linearInit(d, true));
}

/** "4 heads × 16 · causal · weights [4, 64, 64]". */
function attentionDetail(o: AttnOpts, d: number, t: number): string {
  const opts = [o.causal ? 'causal' : '', o.dropout > 0 ? `dropout ${o.dropout}` : ''].filter(Boolean);
  return [`${o.heads} heads × ${d / o.heads}`, ...opts, `weights [${o.heads}, ${t}, ${t}]`].join(' · ');
}

function layernorm(b: GraphBuilder, prefix: string, x: number, eps: number): number {
  const shape = b.shapeOf(x),
    d = shape[shape.length - 1]!;
  const gamma = b.addParam(prefix, 'weight', [d], { kind: 'ones' }, [d, d]);
  const beta = b.addParam(prefix, 'bias', [d], { kind: 'zeros' }, [d, d]);
  return b.addNode({ kind: 'layernorm', eps }, [x, gamma, beta], shape);
}

function dropout(b: GraphBuilder, x: number, p: number): number {
  return p > 0 ? b.addNode({ kind: 'dropout', p }, [x], b.shapeOf(x)) : x;
}

function addTransformer(b: GraphBuilder, spec: Spec<'transformer'>, x: number, prefix: string): number {
  const [t, d] = sequenceShape(spec, b.shapeOf(x));
  const norm1st = spec.normFirst ? 'pre-norm' : 'post-norm';
  b.describe(`${attentionDetail(spec, d, t)} → ff ${spec.ff} ${spec.activation} · ${norm1st}`);
  const selfAttn = (h: number) =>
    dropout(
      b,
      addAttention(b, spec, h, `${prefix}.self_attn`, { heads: spec.heads, causal: spec.causal, dropout: spec.dropout }),
      spec.dropout,
    );
  const feedForward = (h: number) => {
    const hidden = addActivation(b, { fn: spec.activation }, linear(b, `${prefix}.linear1`, h, spec.ff, linearInit(d)));
    return dropout(b, linear(b, `${prefix}.linear2`, dropout(b, hidden, spec.dropout), d, linearInit(spec.ff)), spec.dropout);
  };
  const add = (a: number, c: number) => b.addNode({ kind: 'add' }, [a, c], b.shapeOf(a));
  const norm = (i: 1 | 2, h: number) => layernorm(b, `${prefix}.norm${i}`, h, spec.eps);
  if (spec.normFirst) {
    const h = add(x, selfAttn(norm(1, x)));
    return add(h, feedForward(norm(2, h)));
  }
  const h = norm(1, add(x, selfAttn(x)));
  return norm(2, add(h, feedForward(h)));
}
