// Pooling, normalisation and the optimizer updates as bound calls of the WebAssembly exports
// (kernels/pool.ts, norm.ts, optim.ts): one thread, addresses and parameters passed straight
// through. The step-dependent constants of the optimizers (bias corrections, clipping scale)
// are computed here, once per call, as the CPU reference computes them.

import type { KernelName } from '../../kernels/contract';
import { clipScale } from '../cpu/optim';
import type { WasmKernelOf } from './context';

type Pool = 'maxpool_fwd' | 'maxpool_bwd' | 'avgpool_fwd' | 'avgpool_bwd' | 'gap_fwd' | 'gap_bwd';
type Norm = 'bn_fwd_train' | 'bn_fwd_eval' | 'bn_bwd' | 'ln_fwd' | 'ln_bwd';
type Optim = 'sgd' | 'adam' | 'amsgrad' | 'rmsprop' | 'rmsprop_centered' | 'adagrad';
type Table<N extends KernelName> = { readonly [K in N]: WasmKernelOf<K> };

const POOL: Table<Pool> = {
  maxpool_fwd: ([x, y, am], p, { fn }) => {
    if (p.kh === 2 && p.kw === 2 && p.sh === 2 && p.sw === 2 && p.pt === 0 && p.pl === 0 && 2 * p.oh <= p.h && 2 * p.ow <= p.w) {
      const f2 = fn.maxpool2_fwd!;
      return (rt) => f2(x.ptr, y.ptr, am.ptr, p.c * rt.n, p.h, p.w, p.oh, p.ow);
    }
    const f = fn.maxpool_fwd!;
    return (rt) => f(x.ptr, y.ptr, am.ptr, p.c * rt.n, p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.pt, p.pl, p.oh, p.ow);
  },
  maxpool_bwd: ([dy, am, dx], p, { fn }) => {
    const f = fn.maxpool_bwd!;
    return (rt) => f(dy.ptr, am.ptr, dx.ptr, p.c * rt.n, p.h * p.w, p.oh * p.ow);
  },
  avgpool_fwd: ([x, y], p, { fn }) => {
    const f = fn.avgpool_fwd!;
    return (rt) => f(x.ptr, y.ptr, p.c * rt.n, p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.pt, p.pl, p.oh, p.ow);
  },
  avgpool_bwd: ([dy, dx], p, { fn }) => {
    const f = fn.avgpool_bwd!;
    return (rt) => f(dy.ptr, dx.ptr, p.c * rt.n, p.h, p.w, p.kh, p.kw, p.sh, p.sw, p.pt, p.pl, p.oh, p.ow);
  },
  gap_fwd: ([x, y], p, { fn }) => {
    const f = fn.gap_fwd!;
    return (rt) => f(x.ptr, y.ptr, p.c * rt.n, p.hw);
  },
  gap_bwd: ([dy, dx], p, { fn }) => {
    const f = fn.gap_bwd!;
    return (rt) => f(dy.ptr, dx.ptr, p.c * rt.n, p.hw);
  },
};

const NORM: Table<Norm> = {
  bn_fwd_train: ([x, g, b, rm, rv, y, mean, is], p, { fn }) => {
    const f = fn.bn_fwd_train!;
    return (rt) => f(x.ptr, g.ptr, b.ptr, rm.ptr, rv.ptr, y.ptr, mean.ptr, is.ptr, p.c, p.inner, rt.n, p.eps, p.momentum);
  },
  bn_fwd_eval: ([x, g, b, rm, rv, y], p, { fn }) => {
    const f = fn.bn_fwd_eval!;
    return (rt) => f(x.ptr, g.ptr, b.ptr, rm.ptr, rv.ptr, y.ptr, p.c, p.inner, rt.n, p.eps);
  },
  bn_bwd: ([x, g, mean, is, dy, dx, dg, db], p, { fn }) => {
    const f = fn.bn_bwd!;
    return (rt) => f(x.ptr, g.ptr, mean.ptr, is.ptr, dy.ptr, dx.ptr, dg.ptr, db.ptr, p.c, p.inner, rt.n);
  },
  ln_fwd: ([x, g, b, y, mean, is], p, { fn }) => {
    const f = fn.ln_fwd!;
    return (rt) => f(x.ptr, g.ptr, b.ptr, y.ptr, mean.ptr, is.ptr, p.d, (p.len / p.d) * rt.n, p.eps);
  },
  ln_bwd: ([x, g, mean, is, dy, dx, dg, db], p, { fn }) => {
    const f = fn.ln_bwd!;
    return (rt) => f(x.ptr, g.ptr, mean.ptr, is.ptr, dy.ptr, dx.ptr, dg.ptr, db.ptr, p.d, (p.len / p.d) * rt.n);
  },
};

const adamLike: WasmKernelOf<'amsgrad'> = ([w, g, m, v, vmax, norm], p, { fn }) => {
  const f = fn.adam!;
  return (rt) => {
    const wd = p.wd ?? 0,
      sc = clipScale(norm.view, p);
    const bc1 = 1 - Math.pow(p.b1, rt.step),
      bc2 = 1 - Math.pow(p.b2, rt.step);
    const decay = p.decoupled ? 1 - rt.lr * wd : 1,
      coupled = p.decoupled ? 0 : wd;
    f(w.ptr, g.ptr, m.ptr, v.ptr, vmax.ptr, p.len, p.b1, p.b2, p.eps, rt.lr / bc1, Math.sqrt(bc2), decay, coupled, sc);
  };
};

const NO_VMAX = { ptr: 0, view: new Float32Array(0) };

const OPTIM: Table<Optim> = {
  sgd: ([w, g, buf, norm], p, { fn }) => {
    const f = fn.sgd!;
    return (rt) =>
      f(
        w.ptr,
        g.ptr,
        buf.ptr,
        p.len,
        rt.lr,
        p.momentum ?? 0,
        p.dampening ?? 0,
        p.wd ?? 0,
        p.nesterov ? 1 : 0,
        rt.step === 1 ? 1 : 0,
        clipScale(norm.view, p),
      );
  },
  adam: ([w, g, m, v, norm], p, ctx) => adamLike([w, g, m, v, NO_VMAX, norm], p, ctx),
  amsgrad: adamLike,
  rmsprop: ([w, g, sq, buf, norm], p, { fn }) => {
    const f = fn.rmsprop!;
    return (rt) => f(w.ptr, g.ptr, sq.ptr, 0, buf.ptr, p.len, rt.lr, p.alpha, p.eps, p.momentum ?? 0, p.wd ?? 0, clipScale(norm.view, p));
  },
  rmsprop_centered: ([w, g, sq, gavg, buf, norm], p, { fn }) => {
    const f = fn.rmsprop!;
    return (rt) =>
      f(w.ptr, g.ptr, sq.ptr, gavg.ptr, buf.ptr, p.len, rt.lr, p.alpha, p.eps, p.momentum ?? 0, p.wd ?? 0, clipScale(norm.view, p));
  },
  adagrad: ([w, g, acc, norm], p, { fn }) => {
    const f = fn.adagrad!;
    return (rt) => {
      const clr = rt.lr / (1 + (rt.step - 1) * (p.lr_decay ?? 0));
      f(w.ptr, g.ptr, acc.ptr, p.len, clr, p.eps, p.wd ?? 0, rt.step === 1 ? 1 : 0, p.acc0 ?? 0, clipScale(norm.view, p));
    };
  },
};

export const LIGHT_KERNELS = { ...POOL, ...NORM, ...OPTIM };
