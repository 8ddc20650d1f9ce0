// The model graph: a typed DAG of primitive ops with static shapes.
// Built once from the AST (src/lang); read by the editor (shapes, costs), the diagram, the
// exporters and the engine's plan compiler. Pure data: no methods, JSON-serialisable, so it
// can also travel to a webview.
//
// Shapes of activations are per sample (no batch dimension): a dense layer's output is [256],
// a conv's is [C, H, W] (channels first, as in PyTorch and ONNX). Parameter shapes are full.

/** A place in the experiment file. Lines and columns are 0-based (as in VS Code). */
export interface SourceRange {
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
}

export type Shape = readonly number[];

export type InputKind = 'values' | 'tokens';

export type ActivationFn = 'relu' | 'leaky_relu' | 'elu' | 'gelu' | 'sigmoid' | 'tanh';

export type InitSpec =
  | { readonly kind: 'xavier_uniform' | 'xavier_normal' | 'he_uniform' | 'he_normal' | 'zeros' | 'ones' }
  | { readonly kind: 'normal'; readonly mean: number; readonly std: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number }
  /** N(mean, std) with row `zeroRow` (rows of fanOut values) set to 0: an embedding's padding row. */
  | { readonly kind: 'normal_pad'; readonly mean: number; readonly std: number; readonly zeroRow: number }
  /** The fixed sine/cosine table of "Attention is all you need", [fanIn positions, fanOut features]. */
  | { readonly kind: 'sinusoidal' };

/** Primitive ops. `inputs` of a node are listed in the order given by each comment. */
export type Op =
  | { readonly kind: 'input' }
  /** A trainable tensor, or (trainable false) persistent state such as batchnorm running stats. */
  | {
      readonly kind: 'param';
      readonly name: string; // unique, dotted: "dense_1.weight", "bn_2.running_mean"
      readonly init: InitSpec;
      readonly fanIn: number;
      readonly fanOut: number;
      readonly trainable: boolean;
      /** Dense and conv weights: what weight decay and L1 keep under `exclude bias_norm` (by default they reach every parameter). */
      readonly decay: boolean;
    }
  /** x [..., K] · W [K, N] -> [..., N]; with transposeB, W is stored [N, K] (PyTorch's Linear
   *  layout: attention and transformer weights). inputs: x, W */
  | { readonly kind: 'matmul'; readonly transposeB?: boolean }
  /** x + b broadcast along `axis` of the per-sample shape. inputs: x, b */
  | { readonly kind: 'bias_add'; readonly axis: number }
  /** x [C, H, W], W [O, C, kh, kw] -> [O, H', W']. pad = [top, left, bottom, right]. inputs: x, W */
  | {
      readonly kind: 'conv2d';
      readonly kernel: readonly [number, number];
      readonly stride: readonly [number, number];
      readonly pad: readonly [number, number, number, number];
    }
  | {
      readonly kind: 'maxpool2d' | 'avgpool2d';
      readonly kernel: readonly [number, number];
      readonly stride: readonly [number, number];
      readonly pad: readonly [number, number, number, number];
    }
  /** [C, H, W] -> [C]. inputs: x */
  | { readonly kind: 'global_avgpool' }
  /** Same data, new shape (the node's shape). inputs: x */
  | { readonly kind: 'reshape' }
  /** Inverted dropout (scaled by 1/(1-p) in training, identity in eval). inputs: x */
  | { readonly kind: 'dropout'; readonly p: number }
  /** Normalises over the batch (and H, W for [C, H, W]); per-channel = axis 0 of the sample shape.
   *  inputs: x, gamma, beta, running_mean, running_var. PyTorch defaults: eps 1e-5, momentum 0.1. */
  | { readonly kind: 'batchnorm'; readonly eps: number; readonly momentum: number }
  /** Normalises over the last axis. inputs: x, gamma, beta. eps 1e-5. */
  | { readonly kind: 'layernorm'; readonly eps: number }
  /** alpha: leaky_relu's negative slope (0.01) or elu's alpha (1.0). inputs: x */
  | { readonly kind: 'activation'; readonly fn: ActivationFn; readonly alpha?: number }
  /** Softmax over the last axis. inputs: x */
  | { readonly kind: 'softmax' }
  /** Elementwise a + b of equal shapes (residual connections). inputs: a, b */
  | { readonly kind: 'add' }
  /** Quantize-dequantize (int8 simulation, src/engine/quant): x onto the grid of qp [2, C] (C
   *  scales, then C zero points), the channels along `axis` of x's shape (-1: one per tensor),
   *  clamped to [qmin, qmax]. Its gradient is straight-through inside the clamp. inputs: x, qp */
  | { readonly kind: 'fake_quant'; readonly qmin: number; readonly qmax: number; readonly axis: number }
  | SequenceOp
  /** One stacked layer of a recurrent layer, both directions: x [T, F] -> [T, dirs*H], zero initial
   *  state. inputs: x, then per direction weight_ih [G*H, F], weight_hh [G*H, H], bias_ih, bias_hh
   *  (PyTorch's layouts and gate orders). */
  | { readonly kind: 'recurrent'; readonly cell: RecurrentCell; readonly hidden: number; readonly dirs: 1 | 2 }
  /** h_n of a recurrent output [T, dirs*H] -> [dirs*H]: the forward direction's last step, the
   *  reverse direction's first. inputs: x */
  | { readonly kind: 'last_state'; readonly hidden: number; readonly dirs: 1 | 2 };

export type RecurrentCell = 'rnn_tanh' | 'rnn_relu' | 'lstm' | 'gru';

/** Ops of token and sequence models (src/graph/build-attention.ts builds them). */
export type SequenceOp =
  /** [T, D] -> [D]: the mean over positions, the last one or the first. masked: a second input,
   *  the model's token ids [T - shift] (positions past `shift` whose token is 0 are padding, left
   *  out of mean and last; the first `shift` positions, prepended tokens, always count).
   *  inputs: x, or x and tokens */
  | { readonly kind: 'seq_pool'; readonly mode: PoolMode; readonly masked: boolean; readonly shift: number }
  /** [T, D] -> [T + 1, D]: c at position 0, then x. inputs: x, c [D] */
  | { readonly kind: 'prepend' }
  /** Token ids [T] (f32) -> rows of W [V, D]: [T, D]. pad: the padding row (no gradient), or -1. inputs: ids, W */
  | { readonly kind: 'embedding'; readonly pad: number }
  /** x [T, D] + table[:T] for a table [M, D], M >= T. inputs: x, table */
  | { readonly kind: 'positional' }
  /** qkv [T, 3D] (q | k | v, heads split along D) -> softmax(q k^T / sqrt(D/H) + mask) [H, T, T].
   *  causal: key s > query t is masked; with a second input (the token ids [T - shift]) keys past
   *  `shift` whose id is 0 (padding) are masked too; the first `shift` keys (positions cls_token
   *  prepended) never are. A row with every key masked is all zeros. inputs: qkv[, ids] */
  | { readonly kind: 'attn_scores'; readonly heads: number; readonly causal: boolean; readonly shift: number }
  /** probs [H, T, T] · v of qkv [T, 3D] -> [T, D], heads merged back along D. inputs: probs, qkv */
  | { readonly kind: 'attn_apply'; readonly heads: number };

/** How `pool` reduces a sequence. */
export type PoolMode = 'mean' | 'last' | 'first';

export type OpKind = Op['kind'];

export interface GraphNode {
  readonly id: number; // index into Graph.nodes
  readonly op: Op;
  readonly inputs: readonly number[];
  /** Per-sample shape for activations; full shape for params. */
  readonly shape: Shape;
  /** Index into Graph.layers of the layer this node implements; -1 for the input. */
  readonly layer: number;
}

/** One line of the model block as the person wrote it, with what the editor shows about it. */
export interface LayerInfo {
  readonly index: number;
  readonly kind: string; // 'dense', 'conv2d', 'residual', 'repeat', ...
  readonly label: string; // 'dense 256 relu'
  readonly range: SourceRange;
  readonly outputShape: Shape;
  readonly params: number; // trainable parameter count
  readonly flops: number; // multiply-adds per sample, forward
  readonly activationBytes: number; // f32 bytes per sample of the outputs this layer keeps for backward
  readonly nodes: readonly number[];
  /** Index of the enclosing residual/repeat layer, or -1 at the top level. */
  readonly parent: number;
  /** For layers inside a `repeat`: which repetition (0-based). */
  readonly repetition?: number;
  /** What the diagram draws under the label of a composite layer ("4 heads × 16 · causal"). */
  readonly detail?: string;
}

export interface GraphTotals {
  readonly params: number;
  readonly nonTrainable: number; // batchnorm running stats and the like
  readonly flops: number; // per sample, forward
  readonly activationBytes: number; // per sample
}

export interface Graph {
  readonly name: string;
  readonly range: SourceRange; // the model block
  readonly inputShape: Shape;
  /** 'tokens': the input holds token ids (`model m(tokens [T])`), read only by `embedding`. */
  readonly inputKind: InputKind;
  readonly nodes: readonly GraphNode[];
  readonly input: number;
  readonly output: number;
  readonly layers: readonly LayerInfo[];
  readonly totals: GraphTotals;
}
