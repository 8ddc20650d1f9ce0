// Output-size arithmetic of windows (conv and pooling), PyTorch's formula with explicit padding.
import type { PaddingSpec } from './layer-spec';

export type Pad4 = readonly [number, number, number, number]; // top, left, bottom, right

/** Padding for one axis: 'same' follows TensorFlow (out = ceil(in/stride), extra on the far side). */
function padAxis(size: number, kernel: number, stride: number, pad: PaddingSpec, axis: 0 | 1): [number, number] {
  if (pad === 'valid') return [0, 0];
  if (pad === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + kernel - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  }
  return [pad[axis], pad[axis]];
}

export function resolvePadding(
  height: number,
  width: number,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  pad: PaddingSpec,
): Pad4 {
  const [top, bottom] = padAxis(height, kernel[0], stride[0], pad, 0);
  const [left, right] = padAxis(width, kernel[1], stride[1], pad, 1);
  return [top, left, bottom, right];
}

/** floor((in + pads - kernel) / stride) + 1; below 1 means the window does not fit. */
export function windowOutput(size: number, kernel: number, stride: number, padBefore: number, padAfter: number): number {
  return Math.floor((size + padBefore + padAfter - kernel) / stride) + 1;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** The input as the editor says it: "[784]", or "64 tokens" for a token input. */
export function inputText(graph: { readonly inputShape: readonly number[]; readonly inputKind: string }): string {
  return graph.inputKind === 'tokens' ? `${graph.inputShape[0]} tokens` : shapeText(graph.inputShape);
}
