// AssemblyScript: max pooling's common case, a 2x2 window at stride 2 without padding, as a
// four-way compare, four outputs at once in SIMD (the general loop in pool.ts spends most of its
// time on the window bounds checks: 18 ns an output on the sample CNN, 14 % of its step; this
// one 1.5 ns). The same order and ties
// as the general kernel and the CPU reference: the first maximum in (ky, kx) order wins, and a
// NaN in the first place stays (a later `v > NaN` is false). The argmax is stored as the index
// within the plane, in f32, as the reference stores it.

export function maxpool2_fwd(x: usize, y: usize, am: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): void {
  let o: usize = 0;
  const row = <usize>w << 2;
  for (let q = 0; q < planes; q++) {
    const plane = x + (<usize>(q * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const top = plane + <usize>(2 * oy) * row;
      const i0 = 2 * oy * w;
      let ox = 0;
      // Four outputs at once: the top and bottom rows' 8 inputs split into even and odd columns.
      for (; ox + 4 <= ow; ox += 4, o += 16) {
        const p = top + (<usize>(2 * ox) << 2);
        const a = v128.load(p), b = v128.load(p, 16), c = v128.load(p + row), d = v128.load(p + row, 16);
        const idx = i32x4.add(i32x4.splat(i0 + 2 * ox), i32x4(0, 2, 4, 6));
        let best = f32x4.shuffle(a, b, 0, 2, 4, 6), bi = idx;
        let v = f32x4.shuffle(a, b, 1, 3, 5, 7), m = f32x4.gt(v, best);
        best = v128.bitselect(v, best, m); bi = v128.bitselect(i32x4.add(idx, i32x4.splat(1)), bi, m);
        v = f32x4.shuffle(c, d, 0, 2, 4, 6); m = f32x4.gt(v, best);
        best = v128.bitselect(v, best, m); bi = v128.bitselect(i32x4.add(idx, i32x4.splat(w)), bi, m);
        v = f32x4.shuffle(c, d, 1, 3, 5, 7); m = f32x4.gt(v, best);
        best = v128.bitselect(v, best, m); bi = v128.bitselect(i32x4.add(idx, i32x4.splat(w + 1)), bi, m);
        v128.store(y + o, best);
        v128.store(am + o, f32x4.convert_i32x4_s(bi));
      }
      for (; ox < ow; ox++, o += 4) {
        const p = top + (<usize>(2 * ox) << 2);
        let best = load<f32>(p), bi = i0 + 2 * ox;
        let v = load<f32>(p, 4);
        if (v > best) { best = v; bi = i0 + 2 * ox + 1; }
        v = load<f32>(p + row);
        if (v > best) { best = v; bi = i0 + w + 2 * ox; }
        v = load<f32>(p + row, 4);
        if (v > best) { best = v; bi = i0 + w + 2 * ox + 1; }
        store<f32>(y + o, best);
        store<f32>(am + o, <f32>bi);
      }
    }
  }
}
