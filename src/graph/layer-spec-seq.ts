// Resolved layers of token and sequence models (issue #15): embeddings, positional encodings,
// self-attention and the Transformer encoder block. build-attention.ts lowers them.

export type SequenceLayerSpec =
  | { readonly kind: 'embedding'; readonly vocab: number; readonly dim: number; readonly pad: number | null }
  /** max: rows of the table (null: the sequence length). */
  | { readonly kind: 'positional'; readonly mode: 'sinusoidal' | 'learned'; readonly max: number | null }
  | { readonly kind: 'attention'; readonly heads: number; readonly causal: boolean; readonly dropout: number }
  | {
      readonly kind: 'transformer';
      readonly heads: number;
      readonly ff: number;
      readonly dropout: number;
      readonly normFirst: boolean;
      readonly causal: boolean;
      readonly activation: 'relu' | 'gelu';
      readonly eps: number;
    };
