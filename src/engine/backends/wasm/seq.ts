// The sequence kernels' bound calls: attention (kernels/attention.ts) and the recurrent step
// (kernels/recurrent.ts) as split jobs on the pool, their heavy parts on gemm.ts's SIMD GEMM;
// and GELU (kernels/gelu.ts), the Transformer feed-forward's activation.
// Each step writes the job's descriptor (addresses, geometry, scratch) and runs it; the scratch
// sizes mirror attnScratch / rnnScratch in the kernels and are reserved at compile time.

import type { Runtime } from '../../backend';
import { ACT, cellGates } from '../../kernels/codes';
import { CPU_KERNELS } from '../cpu/kernels';
import type { KernelName } from '../../kernels/contract';
import type { Arg, WasmContext, WasmKernelOf } from './context';
import { EPILOGUE_KERNELS } from './elementwise';
import { GEMM_SCRATCH } from './heavy';

type Attn = 'attn_scores_fwd' | 'attn_scores_bwd' | 'attn_apply_fwd' | 'attn_apply_bwd_p' | 'attn_apply_bwd_v';
type Table<N extends KernelName> = { readonly [K in N]: WasmKernelOf<K> };

/** attn_job's ops, in kernels/attention.ts's order. */
const ATTN_OP: Readonly<Record<Attn, number>> = {
  attn_scores_fwd: 0,
  attn_scores_bwd: 1,
  attn_apply_fwd: 2,
  attn_apply_bwd_p: 3,
  attn_apply_bwd_v: 4,
};

interface AttnP {
  readonly t: number;
  readonly d: number;
  readonly h: number;
  readonly scale?: number;
  readonly causal?: number;
  readonly masked?: number;
  /** Keys before the ids (a cls_token's), never padding. */
  readonly shift?: number;
}

function attn<K extends Attn>(kernel: K): WasmKernelOf<K> {
  const bind = ([a, b, c]: readonly Arg[], p: AttnP, ctx: WasmContext) => {
    const dh = p.d / p.h;
    ctx.needScratch(GEMM_SCRATCH + 3 * p.t * dh);
    const d = ctx.desc,
      f = new Float32Array(d.buffer, d.byteOffset, d.length);
    // scores_fwd's ids are its second argument only when masked (else the rule passes qkv again).
    const ids = kernel === 'attn_scores_fwd' ? b!.ptr : 0;
    return (rt: { n: number }) => {
      d[0] = ATTN_OP[kernel];
      d[1] = a!.ptr;
      d[2] = b!.ptr;
      d[3] = c!.ptr;
      d[4] = ids;
      d[5] = rt.n;
      d[6] = p.t;
      d[7] = p.d;
      d[8] = p.h;
      f[9] = p.scale ?? 1;
      d[10] = p.causal ? 1 : 0;
      d[11] = p.masked ? 1 : 0;
      ctx.scratchInto(12);
      d[14] = p.shift ?? 0;
      ctx.run('attn_job', rt.n * p.h * p.t * p.t * dh);
    };
  };
  return bind as unknown as WasmKernelOf<K>;
}

/** Samples the step's buffers hold (y is [maxN, seq, dirs*h]): the scratch is sized for them. */
const maxSamples = (y: Arg, p: { seq: number; h: number; dirs: number }) => Math.ceil(y.view.length / (p.seq * p.dirs * p.h));

const rnnFwd: WasmKernelOf<'rnn_step_fwd'> = (args, p, ctx) => {
  const G = cellGates(p.cell);
  ctx.needScratch(GEMM_SCRATCH + maxSamples(args[4], p) * (G + 1) * p.h);
  const d = ctx.desc,
    geo = [p.cell, p.s, p.seq, p.h, p.dirs, p.dir];
  return (rt) => {
    for (let i = 0; i < 7; i++) d[i] = args[i]!.ptr;
    d[7] = rt.n;
    for (let i = 0; i < 6; i++) d[8 + i] = geo[i]!;
    ctx.scratchInto(14);
    ctx.run('rnn_fwd_job', rt.n * G * p.h * p.h);
  };
};

const rnnBwd: WasmKernelOf<'rnn_step_bwd'> = (args, p, ctx) => {
  const G = cellGates(p.cell);
  ctx.needScratch(GEMM_SCRATCH + maxSamples(args[3], p) * (G + 1) * p.h);
  const d = ctx.desc,
    geo = [p.cell, p.s, p.seq, p.h, p.dirs, p.dir];
  return (rt) => {
    for (let i = 0; i < 8; i++) d[i] = args[i]!.ptr;
    d[8] = rt.n;
    for (let i = 0; i < 6; i++) d[9 + i] = geo[i]!;
    ctx.scratchInto(15);
    ctx.run('rnn_bwd_job', rt.n * G * p.h * p.h);
  };
};

/** GELU on the pool (kernels/gelu.ts); any other fn goes to `other` (the reference forward, the
 *  epilogues' SIMD relu gradient and reference rest backward). */
function gelu<K extends 'act_fwd' | 'act_bwd'>(kernel: K, other: WasmKernelOf<K>): WasmKernelOf<K> {
  type Bind = (args: readonly Arg[], p: { fn: number; len: number }, ctx: WasmContext) => (rt: Runtime) => void;
  const bind: Bind = (args, p, ctx) => {
    if (p.fn !== ACT.gelu) return (other as unknown as Bind)(args, p, ctx);
    const bwd = kernel === 'act_bwd',
      [x, dy, out] = bwd ? [args[0]!, args[2]!, args[3]!] : [args[0]!, args[0]!, args[1]!],
      d = ctx.desc;
    return (rt: Runtime) => {
      d[0] = bwd ? 1 : 0;
      d[1] = x.ptr;
      d[2] = dy.ptr;
      d[3] = out.ptr;
      d[4] = p.len * rt.n;
      // ~30 flops an element: weigh it like a GEMM of that many multiply-adds.
      ctx.run('gelu_job', 30 * p.len * rt.n);
    };
  };
  return bind as unknown as WasmKernelOf<K>;
}

const actFwdReference: WasmKernelOf<'act_fwd'> = (args, p, ctx) => {
  const views = args.map((a) => a.view) as [Float32Array, Float32Array];
  return (rt) => CPU_KERNELS.act_fwd(views, p, rt, ctx.ws);
};

export const SEQ_KERNELS: Table<Attn | 'rnn_step_fwd' | 'rnn_step_bwd' | 'act_fwd' | 'act_bwd'> = {
  act_fwd: gelu('act_fwd', actFwdReference),
  act_bwd: gelu('act_bwd', EPILOGUE_KERNELS.act_bwd),
  attn_scores_fwd: attn('attn_scores_fwd'),
  attn_scores_bwd: attn('attn_scores_bwd'),
  attn_apply_fwd: attn('attn_apply_fwd'),
  attn_apply_bwd_p: attn('attn_apply_bwd_p'),
  attn_apply_bwd_v: attn('attn_apply_bwd_v'),
  rnn_step_fwd: rnnFwd,
  rnn_step_bwd: rnnBwd,
};
