// The sequence layers' resolution (embedding, positional, attention, transformer): each reads
// its arguments with the schema's defaults (src/lang/schema/layers-seq.ts).
import type { SequenceLayerSpec } from '../graph/layer-spec-seq';
import type { Args } from './args';

export function sequenceSpec(name: SequenceLayerSpec['kind'], args: Args): SequenceLayerSpec {
  switch (name) {
    case 'embedding':
      return { kind: 'embedding', vocab: args.needNumber('vocab'), dim: args.needNumber('dim'), pad: args.number('pad') ?? null };
    case 'positional':
      return {
        kind: 'positional',
        mode: args.needString('mode') === 'learned' ? 'learned' : 'sinusoidal',
        max: args.number('max') ?? null,
      };
    case 'attention':
      return { kind: 'attention', heads: args.needNumber('heads'), causal: args.needFlag('causal'), dropout: args.needNumber('dropout') };
    case 'transformer':
      return {
        kind: 'transformer',
        heads: args.needNumber('heads'),
        ff: args.needNumber('ff'),
        dropout: args.needNumber('dropout'),
        normFirst: args.needFlag('norm_first'),
        causal: args.needFlag('causal'),
        activation: args.needString('activation') === 'gelu' ? 'gelu' : 'relu',
        eps: args.needNumber('eps'),
      };
  }
}
