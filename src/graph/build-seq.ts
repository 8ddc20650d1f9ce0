// Sequence layers' lowering: `pool` ([T, D] -> [D]) and `cls_token` ([T, D] -> [T + 1, D]).
// On a token input (Graph.inputKind 'tokens', conventions point 1) pool mean and last read the
// token ids as a second input, so padded positions (token 0) are left out; positions that
// cls_token prepended come before the tokens (`shift`) and always count.
import type { Shape } from './ir';
import type { LayerSpec } from './layer-spec';
import { numel, shapeText } from './shapes';

/** The part of build.ts's GraphBuilder these layers use. */
export interface SeqBuilder {
  addNode(op: import('./ir').Op, inputs: number[], shape: Shape): number;
  addParam(prefix: string, name: string, shape: Shape, init: import('./ir').InitSpec, fans: [number, number]): number;
  shapeOf(id: number): Shape;
  addFlops(flops: number): void;
  /** The token input's node, when the model takes token ids; else -1. */
  readonly tokens: number;
}

type Spec<K extends LayerSpec['kind']> = LayerSpec & { kind: K };

export function addPool(b: SeqBuilder, spec: Spec<'pool'>, x: number, fail: (message: string) => never): number {
  const [T, D] = sequence(b.shapeOf(x), spec.label, fail);
  const tokens = b.tokens;
  const masked = tokens >= 0 && spec.mode !== 'first';
  const shift = masked ? T - numel(b.shapeOf(tokens)) : 0;
  if (shift < 0) fail(`${spec.label}: its sequence has ${T} positions, fewer than the model's ${numel(b.shapeOf(tokens))} tokens`);
  b.addFlops(spec.mode === 'mean' ? T * D : D);
  return b.addNode({ kind: 'seq_pool', mode: spec.mode, masked, shift }, masked ? [x, tokens] : [x], [D]);
}

export function addClsToken(b: SeqBuilder, spec: Spec<'cls_token'>, x: number, prefix: string, fail: (message: string) => never): number {
  const [T, D] = sequence(b.shapeOf(x), spec.label, fail);
  const c = b.addParam(prefix, 'cls_token', [D], spec.init, [D, D]);
  return b.addNode({ kind: 'prepend' }, [x, c], [T + 1, D]);
}

function sequence(shape: Shape, label: string, fail: (message: string) => never): [number, number] {
  if (shape.length !== 2) fail(`${label} got ${shapeText(shape)} but needs a sequence [T, D]`);
  return [shape[0]!, shape[1]!];
}
