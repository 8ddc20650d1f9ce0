// AssemblyScript: pooling, normalisation and the optimizer updates split across the pool's
// threads (threads.ts), each thread calling the one-thread kernel (pool.ts, norm.ts, optim.ts)
// on its share: whole planes for pooling, whole channels for batch norm, whole rows for layer
// norm's forward, runs of 16 parameters for the optimizers. Every output element is computed by
// one thread with the same arithmetic in the same order, so the results do not depend on the
// thread count. Descriptor: i32 slots from `desc` (slot 0 names the kernel), f64 values from
// desc + 64 (F64_AT in heavy.ts).

import { maxpool_fwd, maxpool_bwd, avgpool_fwd, avgpool_bwd, gap_fwd, gap_bwd } from './pool';
import { maxpool2_fwd } from './pool2';
import { bn_fwd_train, bn_fwd_eval, bn_bwd, ln_fwd } from './norm';
import { sgd, adam, rmsprop, adagrad } from './optim';

@inline function s(desc: usize, k: i32): i32 { return load<i32>(desc + (<usize>k << 2)); }
@inline function p(desc: usize, k: i32): usize { return <usize>load<i32>(desc + (<usize>k << 2)); }
@inline function d(desc: usize, k: i32): f64 { return load<f64>(desc + 64 + (<usize>k << 3)); }
/** A pointer moved by `floats`; 0 (an absent buffer) stays 0. */
@inline function at(ptr: usize, floats: i32): usize { return ptr == 0 ? 0 : ptr + (<usize>floats << 2); }

let lo: i32 = 0, hi: i32 = 0;
/** This thread's units [lo, hi) of n, in blocks of `align` units. */
function share(n: i32, tid: i32, nt: i32, align: i32): void {
  const blocks = (n + align - 1) / align, per = (blocks + nt - 1) / nt;
  lo = min(n, tid * per * align);
  hi = min(n, (tid + 1) * per * align);
}

/** Slots: kind (0 maxpool_fwd .. 5 gap_bwd, 6 maxpool2_fwd: the 2x2 stride-2 case), a, b, c, planes, h, w, kh, kw, sh, sw, pt, pl, oh, ow. */
export function pool_job(desc: usize, tid: i32, nt: i32): void {
  const kind = s(desc, 0), planes = s(desc, 4), h = s(desc, 5), w = s(desc, 6), oh = s(desc, 13), ow = s(desc, 14);
  share(planes, tid, nt, 1);
  const q = hi - lo, i0 = lo * h * w, o0 = lo * oh * ow;
  if (q <= 0) return;
  const kh = s(desc, 7), kw = s(desc, 8), sh = s(desc, 9), sw = s(desc, 10), pt = s(desc, 11), pl = s(desc, 12);
  const a = p(desc, 1), b = p(desc, 2), c = p(desc, 3);
  if (kind == 0) maxpool_fwd(at(a, i0), at(b, o0), at(c, o0), q, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
  else if (kind == 1) maxpool_bwd(at(a, o0), at(b, o0), at(c, i0), q, h * w, oh * ow);
  else if (kind == 2) avgpool_fwd(at(a, i0), at(b, o0), q, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
  else if (kind == 3) avgpool_bwd(at(a, o0), at(b, i0), q, h, w, kh, kw, sh, sw, pt, pl, oh, ow);
  else if (kind == 4) gap_fwd(at(a, i0), at(b, lo), q, h * w);
  else if (kind == 6) maxpool2_fwd(at(a, i0), at(b, o0), at(c, o0), q, h, w, oh, ow);
  else gap_bwd(at(a, lo), at(b, i0), q, h * w);
}

/** Slots: kind (0 bn_fwd_train, 1 bn_fwd_eval, 2 bn_bwd, 3 ln_fwd), 8 pointers, C (ln: D), inner (ln: rows), n; f64: eps, momentum. */
export function norm_job(desc: usize, tid: i32, nt: i32): void {
  const kind = s(desc, 0), C = s(desc, 9), inner = s(desc, 10), n = s(desc, 11);
  const a = p(desc, 1), b = p(desc, 2), c = p(desc, 3), e = p(desc, 4), g = p(desc, 5), h = p(desc, 6), i = p(desc, 7), j = p(desc, 8);
  if (kind == 3) {
    share(inner, tid, nt, 1);
    if (hi > lo) ln_fwd(at(a, lo * C), b, c, at(e, lo * C), at(g, lo), at(h, lo), C, hi - lo, d(desc, 0));
    return;
  }
  share(C, tid, nt, 1);
  if (hi <= lo) return;
  if (kind == 0) bn_fwd_train(a, b, c, e, g, h, i, j, C, inner, n, d(desc, 0), d(desc, 1), lo, hi);
  else if (kind == 1) bn_fwd_eval(a, b, c, e, g, h, C, inner, n, d(desc, 0), lo, hi);
  else bn_bwd(a, b, c, e, g, h, i, j, C, inner, n, lo, hi);
}

/** Slots: kind (0 sgd, 1 adam, 2 rmsprop, 3 adagrad), 5 pointers (0: none), len, flag a, flag b; f64: the kernel's scalars in order. */
export function optim_job(desc: usize, tid: i32, nt: i32): void {
  const kind = s(desc, 0);
  share(s(desc, 6), tid, nt, 16);
  const k = hi - lo;
  if (k <= 0) return;
  const w = at(p(desc, 1), lo), g = at(p(desc, 2), lo), x = at(p(desc, 3), lo), y = at(p(desc, 4), lo), z = at(p(desc, 5), lo);
  const fa = s(desc, 7) != 0, fb = s(desc, 8) != 0;
  if (kind == 0) sgd(w, g, x, k, d(desc, 0), d(desc, 1), d(desc, 2), d(desc, 3), fa, fb, d(desc, 4));
  else if (kind == 1) adam(w, g, x, y, z, k, d(desc, 0), d(desc, 1), d(desc, 2), d(desc, 3), d(desc, 4), d(desc, 5), d(desc, 6), d(desc, 7));
  else if (kind == 2) rmsprop(w, g, x, y, z, k, d(desc, 0), d(desc, 1), d(desc, 2), d(desc, 3), d(desc, 4), d(desc, 5));
  else adagrad(w, g, x, k, d(desc, 0), d(desc, 1), d(desc, 2), fa, d(desc, 3), d(desc, 4));
}
