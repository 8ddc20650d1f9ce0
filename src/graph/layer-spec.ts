// A model as a list of resolved layers: what src/lang makes of a model block, and what
// buildGraph turns into primitive ops. Engine tests can build graphs from these directly.
import type { ActivationFn, InitSpec, InputKind, PoolMode, Shape, SourceRange } from './ir';
import type { SequenceLayerSpec } from './layer-spec-seq';

/** A fused or standalone activation. alpha: leaky_relu's slope (0.01) or elu's alpha (1.0). */
export interface ActivationSpec {
  readonly fn: ActivationFn | 'softmax';
  readonly alpha?: number;
}

/** 'same' keeps H and W at stride 1 (TensorFlow's rule: out = ceil(in / stride)); 'valid' pads 0. */
export type PaddingSpec = 'same' | 'valid' | readonly [number, number];

interface Common {
  /** The line as written, e.g. 'dense 256 relu'. */
  readonly label: string;
  readonly range: SourceRange;
}

export type LayerSpec = Common &
  (
    | {
        readonly kind: 'dense';
        readonly units: number;
        readonly activation: ActivationSpec | null;
        readonly init: InitSpec;
        readonly biasInit: InitSpec;
        readonly bias: boolean;
      }
    | {
        readonly kind: 'conv2d';
        readonly filters: number;
        readonly kernel: readonly [number, number];
        readonly stride: readonly [number, number];
        readonly pad: PaddingSpec;
        readonly activation: ActivationSpec | null;
        readonly init: InitSpec;
        readonly biasInit: InitSpec;
        readonly bias: boolean;
      }
    | {
        readonly kind: 'maxpool' | 'avgpool';
        readonly kernel: readonly [number, number];
        readonly stride: readonly [number, number];
        readonly pad: PaddingSpec;
      }
    | { readonly kind: 'global_avgpool' | 'flatten' }
    | { readonly kind: 'dropout'; readonly p: number }
    | { readonly kind: 'batchnorm'; readonly eps: number; readonly momentum: number }
    | { readonly kind: 'layernorm'; readonly eps: number }
    | { readonly kind: 'pool'; readonly mode: PoolMode }
    | { readonly kind: 'cls_token'; readonly init: InitSpec }
    | { readonly kind: 'activation'; readonly activation: ActivationSpec }
    | {
        readonly kind: 'rnn' | 'lstm' | 'gru';
        readonly units: number;
        readonly layers: number;
        readonly bidirectional: boolean;
        /** 'sequence': [T, dirs*H]; 'last': h_n, [dirs*H]. */
        readonly returns: 'sequence' | 'last';
        /** Dropout on the outputs of each stacked layer but the last (PyTorch's). */
        readonly dropout: number;
        /** rnn only: tanh (PyTorch's default) or relu. */
        readonly nonlinearity: 'tanh' | 'relu';
      }
    | { readonly kind: 'residual'; readonly body: readonly LayerSpec[] }
    | { readonly kind: 'repeat'; readonly times: number; readonly body: readonly LayerSpec[] }
    | SequenceLayerSpec
  );

export type LayerKind = LayerSpec['kind'];

export interface ModelSpec {
  readonly name: string;
  readonly range: SourceRange;
  readonly inputShape: Shape;
  /** 'values' when absent. */
  readonly inputKind?: InputKind;
  readonly layers: readonly LayerSpec[];
}

const RELU_FAMILY: ReadonlySet<string> = new Set(['relu', 'leaky_relu', 'elu', 'gelu']);

/** Default weight init (docs/defaults.md): he_uniform before a relu-family activation, else xavier_uniform. */
export function defaultWeightInit(activation: ActivationSpec | null): InitSpec {
  return activation && RELU_FAMILY.has(activation.fn) ? { kind: 'he_uniform' } : { kind: 'xavier_uniform' };
}

export const ZEROS: InitSpec = { kind: 'zeros' };
