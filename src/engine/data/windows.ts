// Fixed-length windows. Language modelling (sequence conventions point 4): x = tokens [t, t+T),
// y = tokens [t+1, t+T+1), one window every `stride` tokens while a whole one fits. Forecasting:
// x = rows [t, t+T) of F features, y = the target column at rows [t+T, t+T+H).
// The text or series is cut into its splits before windowing (cutText, cutRows), so no
// validation window shares a token with a training window.

export interface Windows {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly count: number;
}

/** Windows that fit in n items: a window needs `span` items. */
const starts = (n: number, span: number, stride: number): number => (n < span ? 0 : Math.floor((n - span) / stride) + 1);

export function lmWindows(ids: ArrayLike<number>, T: number, stride: number): Windows {
  const count = starts(ids.length, T + 1, stride);
  const x = new Float32Array(count * T),
    y = new Float32Array(count * T);
  for (let w = 0; w < count; w++) {
    const t = w * stride;
    for (let i = 0; i < T; i++) {
      x[w * T + i] = ids[t + i]!;
      y[w * T + i] = ids[t + i + 1]!;
    }
  }
  return { x, y, count };
}

/** `series`: rows × F values, row-major; `target`: the column whose future is predicted. */
export function forecastWindows(series: Float32Array, F: number, target: number, T: number, H: number, stride: number): Windows {
  const count = starts(series.length / F, T + H, stride);
  const x = new Float32Array(count * T * F),
    y = new Float32Array(count * H);
  for (let w = 0; w < count; w++) {
    const t = w * stride;
    x.set(series.subarray(t * F, (t + T) * F), w * T * F);
    for (let h = 0; h < H; h++) y[w * H + h] = series[(t + T + h) * F + target]!;
  }
  return { x, y, count };
}

export interface Parts<T> {
  readonly train: T;
  readonly val: T;
  readonly test: T;
}

/** Contiguous parts of n items in order train, val, test: round(fraction * n) each for val and test. */
export function cutRows(n: number, val: number, test: number): Parts<[number, number]> {
  const nTest = Math.round(test * n),
    nVal = Math.round(val * n),
    nTrain = n - nVal - nTest;
  if (nTrain < 1) throw new Error(`split leaves no training data (${n} items, val ${val}, test ${test})`);
  return { train: [0, nTrain], val: [nTrain, nTrain + nVal], test: [nTrain + nVal, n] };
}

/** A text cut by characters (code points) into train, val and test, in that order. */
export function cutText(text: string, val: number, test: number): Parts<string> {
  const chars = Array.from(text);
  const p = cutRows(chars.length, val, test);
  const part = ([a, b]: [number, number]) => chars.slice(a, b).join('');
  return { train: part(p.train), val: part(p.val), test: part(p.test) };
}
