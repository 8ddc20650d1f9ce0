// The split kernels (GEMM, convolution) as bound calls: each step writes the job's descriptor
// (dimensions, byte addresses, scratch) into shared memory and runs it on the pool. The
// WebAssembly side is kernels/gemm.ts and kernels/conv.ts.

import type { KernelParams } from '../../backend';
import type { Arg, WasmContext, WasmKernelOf } from './context';

/** Floats of per-thread scratch the GEMM packs into (GEMM_SCRATCH in kernels/gemm.ts). */
export const GEMM_SCRATCH = 512 * 256 + 64 * 256 + 4 * 8;

const gemm: WasmKernelOf<'gemm'> = ([a, b, c], p, ctx) => {
  ctx.needScratch(GEMM_SCRATCH);
  const d = ctx.desc;
  return (rt) => {
    const M = p.bm ? p.m * rt.n : p.m,
      K = p.bk ? p.k * rt.n : p.k;
    d[0] = a.ptr;
    d[1] = b.ptr;
    d[2] = c.ptr;
    d[3] = M;
    d[4] = p.n;
    d[5] = K;
    d[6] = p.ta ? 1 : 0;
    d[7] = p.tb ? 1 : 0;
    d[8] = p.acc ? 1 : 0;
    ctx.scratchInto(9);
    ctx.run('gemm_job', M * p.n * K);
  };
};

type ConvP = KernelParams;
const GEO = ['c', 'h', 'w', 'o', 'kh', 'kw', 'sh', 'sw', 'pt', 'pl', 'oh', 'ow'] as const;

function conv(job: 'conv_fwd_job' | 'conv_bwd_data_job' | 'conv_bwd_filter_job') {
  return ([x, y, z]: readonly [Arg, Arg, Arg], p: ConvP, ctx: WasmContext) => {
    const P = p.oh! * p.ow!,
      K = p.c! * p.kh! * p.kw!;
    ctx.needScratch(GEMM_SCRATCH + P * K);
    const d = ctx.desc;
    return (rt: { n: number }) => {
      d[0] = x.ptr;
      d[1] = y.ptr;
      d[2] = z.ptr;
      d[3] = rt.n;
      for (let i = 0; i < GEO.length; i++) d[4 + i] = p[GEO[i]!]!;
      ctx.scratchInto(16);
      ctx.run(job, rt.n * p.o! * P * K);
    };
  };
}

export const HEAVY_KERNELS: {
  gemm: WasmKernelOf<'gemm'>;
  conv2d_fwd: WasmKernelOf<'conv2d_fwd'>;
  conv2d_bwd_data: WasmKernelOf<'conv2d_bwd_data'>;
  conv2d_bwd_filter: WasmKernelOf<'conv2d_bwd_filter'>;
} = {
  gemm,
  conv2d_fwd: conv('conv_fwd_job'),
  conv2d_bwd_data: conv('conv_bwd_data_job'),
  conv2d_bwd_filter: conv('conv_bwd_filter_job'),
};
