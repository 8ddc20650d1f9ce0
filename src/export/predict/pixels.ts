// From what the Predict page has (a canvas or a dropped picture, as RGBA) to pixel values in the
// data's own units (0–255, channels first), and from the model's output to class probabilities.
// Pure, so the unit tests check them without a DOM.

/** Box-averages an RGBA picture of `w`×`h` down (or up) to `channels`×`outH`×`outW` values 0–255:
 *  one channel is the luminance (ITU-R BT.601, as PIL's 'L'), three are R, G, B. */
export function pixelsFromRgba(
  rgba: ArrayLike<number>,
  w: number,
  h: number,
  [channels, outH, outW]: readonly [number, number, number],
): Float32Array {
  const out = new Float32Array(channels * outH * outW);
  for (let oy = 0; oy < outH; oy++) {
    const y0 = Math.floor((oy * h) / outH),
      y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * h) / outH));
    for (let ox = 0; ox < outW; ox++) {
      const x0 = Math.floor((ox * w) / outW),
        x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * w) / outW));
      const sum = [0, 0, 0];
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum[c]! += rgba[(y * w + x) * 4 + c]!;
      const n = (y1 - y0) * (x1 - x0);
      const [r, g, b] = sum.map((s) => s / n) as [number, number, number];
      const at = oy * outW + ox;
      if (channels === 1) out[at] = 0.299 * r + 0.587 * g + 0.114 * b;
      else for (let c = 0; c < channels; c++) out[c * outH * outW + at] = [r, g, b][Math.min(c, 2)]!;
    }
  }
  return out;
}

/** Softmax of one example's logits, in float64 (the max subtracted first). */
export function softmax(logits: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - m));
  const s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}

/** Classes by probability, highest first. */
export function ranked(probabilities: readonly number[], names: readonly string[]): { name: string; p: number }[] {
  return probabilities.map((p, i) => ({ name: names[i] ?? String(i), p })).sort((a, b) => b.p - a.p);
}
