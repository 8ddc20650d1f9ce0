// Pooling, normalisation and the optimizer updates as bound calls of the WebAssembly jobs
// (kernels/split.ts over pool.ts, norm.ts, optim.ts): each step writes the job's descriptor and
// runs it on the pool, split across the threads when the call is big enough to pay for waking
// them (ctx.run). The step-dependent constants of the optimizers (bias corrections, clipping
// scale) are computed here, once per call, as the CPU reference computes them.

import type { KernelParams } from '../../backend';
import type { KernelName } from '../../kernels/contract';
import { clipScale } from '../cpu/optim';
import type { WasmContext, WasmKernelOf } from './context';

type Pool = 'maxpool_fwd' | 'maxpool_bwd' | 'avgpool_fwd' | 'avgpool_bwd' | 'gap_fwd' | 'gap_bwd';
type Norm = 'bn_fwd_train' | 'bn_fwd_eval' | 'bn_bwd' | 'ln_fwd' | 'ln_bwd';
type Optim = 'sgd' | 'adam' | 'amsgrad' | 'rmsprop' | 'rmsprop_centered' | 'adagrad';
type Table<N extends KernelName> = { readonly [K in N]: WasmKernelOf<K> };

const POOL_KIND = { maxpool_fwd: 0, maxpool_bwd: 1, avgpool_fwd: 2, avgpool_bwd: 3, gap_fwd: 4, gap_bwd: 5 } as const;
const MAXPOOL2 = 6;

/** pool_job: [kind, a, b, c, planes, h, w, kh, kw, sh, sw, pt, pl, oh, ow]; a global pool is a plane of hw x 1 to 1 x 1. */
function pool<K extends Pool>(kernel: K): WasmKernelOf<K> {
  return (args, p: KernelParams, ctx) => {
    const [a, b, c] = args as readonly { ptr: number }[];
    const global = kernel === 'gap_fwd' || kernel === 'gap_bwd';
    const geo = global ? [p.hw!, 1, 1, 1, 1, 1, 0, 0, 1, 1] : [p.h!, p.w!, p.kh!, p.kw!, p.sh!, p.sw!, p.pt!, p.pl!, p.oh!, p.ow!];
    const d = ctx.desc,
      perPlane = geo[0]! * geo[1]!;
    // Max pooling's 2x2 stride-2 window without padding: the SIMD four-way compare (kernels/pool2.ts).
    const two = kernel === 'maxpool_fwd' && p.kh === 2 && p.kw === 2 && p.sh === 2 && p.sw === 2 && p.pt === 0 && p.pl === 0;
    const kind = two && 2 * p.oh! <= p.h! && 2 * p.ow! <= p.w! ? MAXPOOL2 : POOL_KIND[kernel];
    return (rt) => {
      d[0] = kind;
      d[1] = a!.ptr;
      d[2] = b!.ptr;
      d[3] = c?.ptr ?? 0;
      d[4] = p.c! * rt.n;
      for (let i = 0; i < 10; i++) d[5 + i] = geo[i]!;
      ctx.run('pool_job', d[4] * perPlane);
    };
  };
}

const POOL: Table<Pool> = {
  maxpool_fwd: pool('maxpool_fwd'),
  maxpool_bwd: pool('maxpool_bwd'),
  avgpool_fwd: pool('avgpool_fwd'),
  avgpool_bwd: pool('avgpool_bwd'),
  gap_fwd: pool('gap_fwd'),
  gap_bwd: pool('gap_bwd'),
};

/** norm_job: [kind, 8 pointers, C (ln: D), inner (ln: rows), n]; f64 [eps, momentum]. */
function norm(ctx: WasmContext, kind: number, ptrs: readonly { ptr: number }[], eps: number, momentum: number) {
  const d = ctx.desc,
    f = ctx.descF64;
  return (C: number, inner: number, n: number) => {
    d[0] = kind;
    for (let i = 0; i < 8; i++) d[1 + i] = ptrs[i]?.ptr ?? 0;
    d[9] = C;
    d[10] = inner;
    d[11] = n;
    f[0] = eps;
    f[1] = momentum;
    ctx.run('norm_job', kind === 3 ? C * inner : C * inner * n);
  };
}

const NORM: Table<Norm> = {
  bn_fwd_train: (args, p, ctx) => {
    const run = norm(ctx, 0, args, p.eps, p.momentum);
    return (rt) => run(p.c, p.inner, rt.n);
  },
  bn_fwd_eval: ([x, g, b, rm, rv, y], p, ctx) => {
    const run = norm(ctx, 1, [x, g, b, rm, rv, y], p.eps, 0);
    return (rt) => run(p.c, p.inner, rt.n);
  },
  bn_bwd: (args, p, ctx) => {
    const run = norm(ctx, 2, args, 0, 0);
    return (rt) => run(p.c, p.inner, rt.n);
  },
  // [x, g, b, y, mean, is]: ln_fwd's arguments, in its order.
  ln_fwd: (args, p, ctx) => {
    const run = norm(ctx, 3, args, p.eps, 0);
    return (rt) => run(p.d, (p.len / p.d) * rt.n, 1);
  },
  // One thread: the gamma and beta gradients sum over every row (a split would need a reduction).
  ln_bwd: ([x, g, mean, is, dy, dx, dg, db], p, { fn }) => {
    const f = fn.ln_bwd!;
    return (rt) => f(x.ptr, g.ptr, mean.ptr, is.ptr, dy.ptr, dx.ptr, dg.ptr, db.ptr, p.d, (p.len / p.d) * rt.n);
  },
};

/** optim_job: [kind, w, g, s1, s2, s3, len, flag a, flag b]; f64: the kernel's scalars, in order (split.ts). */
function optim(ctx: WasmContext, kind: number, ptrs: readonly ({ ptr: number } | null)[], len: number) {
  const d = ctx.desc,
    f = ctx.descF64;
  return (fa: boolean, fb: boolean, f0: number, f1: number, f2: number, f3: number, f4: number, f5 = 0, f6 = 0, f7 = 0) => {
    d[0] = kind;
    for (let i = 0; i < 5; i++) d[1 + i] = ptrs[i]?.ptr ?? 0;
    d[6] = len;
    d[7] = fa ? 1 : 0;
    d[8] = fb ? 1 : 0;
    f[0] = f0;
    f[1] = f1;
    f[2] = f2;
    f[3] = f3;
    f[4] = f4;
    f[5] = f5;
    f[6] = f6;
    f[7] = f7;
    ctx.run('optim_job', len * 8);
  };
}

const adamLike: WasmKernelOf<'amsgrad'> = ([w, g, m, v, vmax, norm], p, ctx) => {
  const run = optim(ctx, 1, [w, g, m, v, vmax.ptr === 0 ? null : vmax], p.len);
  return (rt) => {
    const wd = p.wd ?? 0,
      sc = clipScale(norm.view, p);
    const bc1 = 1 - Math.pow(p.b1, rt.step),
      bc2 = 1 - Math.pow(p.b2, rt.step);
    const decay = p.decoupled ? 1 - rt.lr * wd : 1,
      coupled = p.decoupled ? 0 : wd;
    run(false, false, p.b1, p.b2, p.eps, rt.lr / bc1, Math.sqrt(bc2), decay, coupled, sc);
  };
};

const NO_VMAX = { ptr: 0, view: new Float32Array(0) };

const OPTIM: Table<Optim> = {
  sgd: ([w, g, buf, norm], p, ctx) => {
    const run = optim(ctx, 0, [w, g, buf], p.len);
    return (rt) => run(!!p.nesterov, rt.step === 1, rt.lr, p.momentum ?? 0, p.dampening ?? 0, p.wd ?? 0, clipScale(norm.view, p));
  },
  adam: ([w, g, m, v, norm], p, ctx) => adamLike([w, g, m, v, NO_VMAX, norm], p, ctx),
  amsgrad: adamLike,
  rmsprop: ([w, g, sq, buf, norm], p, ctx) => {
    const run = optim(ctx, 2, [w, g, sq, null, buf], p.len);
    return (rt) => run(false, false, rt.lr, p.alpha, p.eps, p.momentum ?? 0, p.wd ?? 0, clipScale(norm.view, p));
  },
  rmsprop_centered: ([w, g, sq, gavg, buf, norm], p, ctx) => {
    const run = optim(ctx, 2, [w, g, sq, gavg, buf], p.len);
    return (rt) => run(false, false, rt.lr, p.alpha, p.eps, p.momentum ?? 0, p.wd ?? 0, clipScale(norm.view, p));
  },
  adagrad: ([w, g, acc, norm], p, ctx) => {
    const run = optim(ctx, 3, [w, g, acc], p.len);
    return (rt) => {
      const clr = rt.lr / (1 + (rt.step - 1) * (p.lr_decay ?? 0));
      run(rt.step === 1, false, clr, p.eps, p.wd ?? 0, p.acc0 ?? 0, clipScale(norm.view, p));
    };
  },
};

export const LIGHT_KERNELS = { ...POOL, ...NORM, ...OPTIM };
