// AssemblyScript: the layer epilogues that follow every dense and conv layer — bias add (with
// relu), relu's gradient and the bias gradient — in 128-bit SIMD. Tensors are [rows, c, inner]
// with a bias per channel. The results equal the CPU reference's (backends/cpu/elementwise.ts)
// bit for bit where it rounds once (an f32 add, a select); the bias gradient sums each row's
// inner run in four f32 lanes where the reference sums in f64, within the conformance tolerance.
//
// Why here and not the reference on the shared memory: on the sample CNN (3.1 M activations a
// step) these three passes took 17 % of a step in V8 (4.7 ns an element over the shared
// memory's views); as SIMD loops they are memory-speed.

/** y = x + b[ch] (relu: max(.., +0), with NaN and -0 giving +0 as the reference's `v > 0 ? v : 0`). */
export function bias_act(x: usize, b: usize, y: usize, rows: i32, c: i32, inner: i32, relu: bool): void {
  const zero = f32x4.splat(0);
  let o: usize = 0;
  if (inner == 1) {
    // A dense layer's [rows, c]: the lanes run along the channels, the bias loaded four at a time.
    for (let r = 0; r < rows; r++) {
      let ch = 0;
      for (; ch + 4 <= c; ch += 4, o += 16) {
        const v = f32x4.add(v128.load(x + o), v128.load(b + (<usize>ch << 2)));
        v128.store(y + o, relu ? v128.and(v, f32x4.gt(v, zero)) : v);
      }
      for (; ch < c; ch++, o += 4) {
        const v = load<f32>(x + o) + load<f32>(b + (<usize>ch << 2));
        store<f32>(y + o, relu ? (v > 0 ? v : 0) : v);
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      const bs = load<f32>(b + (<usize>ch << 2));
      const bv = f32x4.splat(bs);
      let k = 0;
      for (; k + 4 <= inner; k += 4, o += 16) {
        const v = f32x4.add(v128.load(x + o), bv);
        v128.store(y + o, relu ? v128.and(v, f32x4.gt(v, zero)) : v);
      }
      for (; k < inner; k++, o += 4) {
        const v = load<f32>(x + o) + bs;
        store<f32>(y + o, relu ? (v > 0 ? v : 0) : v);
      }
    }
  }
}

/** dx = x > 0 ? dy : 0, n elements. */
export function relu_bwd(x: usize, dy: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(dx + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(x + o), zero)));
  for (; o < bytes; o += 4) store<f32>(dx + o, load<f32>(x + o) > 0 ? load<f32>(dy + o) : 0);
}

/** db[ch] = sum of dy over rows and inner. */
export function bias_grad(dy: usize, db: usize, rows: i32, c: i32, inner: i32): void {
  memory.fill(db, 0, <usize>c << 2);
  let o: usize = 0;
  if (inner == 1) {
    // [rows, c]: each row added into the channels' sums four lanes at a time, in f32 as below.
    for (let r = 0; r < rows; r++) {
      let ch = 0;
      for (; ch + 4 <= c; ch += 4, o += 16) {
        const d = db + (<usize>ch << 2);
        v128.store(d, f32x4.add(v128.load(d), v128.load(dy + o)));
      }
      for (; ch < c; ch++, o += 4) {
        const d = db + (<usize>ch << 2);
        store<f32>(d, load<f32>(d) + load<f32>(dy + o));
      }
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    for (let ch = 0; ch < c; ch++) {
      let acc = f32x4.splat(0);
      let k = 0;
      for (; k + 4 <= inner; k += 4, o += 16) acc = f32x4.add(acc, v128.load(dy + o));
      let s = <f64>f32x4.extract_lane(acc, 0) + <f64>f32x4.extract_lane(acc, 1) + <f64>f32x4.extract_lane(acc, 2) + <f64>f32x4.extract_lane(acc, 3);
      for (; k < inner; k++, o += 4) s += <f64>load<f32>(dy + o);
      const d = db + (<usize>ch << 2);
      store<f32>(d, <f32>(<f64>load<f32>(d) + s));
    }
  }
}
