// The CPU kernel table: one entry per kernel of the contract (kernels/contract.ts), which names
// each kernel's arguments (in order) and parameters. The WebGPU backend implements the same table
// (and is tested against these).

import type { KernelParams, Runtime } from '../../backend';
import type { ArgsOf, KernelName, ParamsOf } from '../../kernels/contract';
import { ATTENTION_KERNELS } from './attention';
import { CONV_KERNELS } from './conv';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { gemm } from './gemm';
import { LOSS_KERNELS } from './loss';
import { NORM_KERNELS } from './norm';
import { OPTIM_KERNELS } from './optim';
import { POOL_KERNELS } from './pool';
import { QUANT_KERNELS } from './quant';
import { SEQ_KERNELS } from './seq';
import { RECURRENT_KERNELS } from './recurrent';
import type { Workspace } from './workspace';

type F = Float32Array;

/** A CPU kernel as the backend calls it: views in argument order, parameters untyped. */
export type CpuKernel = (args: readonly F[], p: KernelParams, rt: Runtime, ws: Workspace) => void;

/** Kernel K's implementation, written against the contract: its arguments as a tuple in the
 *  contract's order, its parameters by name (reading one the kernel lacks is a compile error). */
type CpuKernelOf<K extends KernelName> = (args: ArgsOf<K, F>, p: ParamsOf<K>, rt: Runtime, ws: Workspace) => void;

/** C (+)= op(A) op(B) (arguments and parameters: contract.ts). */
function gemmKernel([a, b, c]: ArgsOf<'gemm', F>, p: ParamsOf<'gemm'>, rt: Runtime, ws: Workspace): void {
  const M = p.bm ? p.m * rt.n : p.m;
  const K = p.bk ? p.k * rt.n : p.k;
  gemm(M, p.n, K, a, 0, !!p.ta, b, 0, !!p.tb, c, 0, !!p.acc, ws);
}

const TABLE: { readonly [K in KernelName]: CpuKernelOf<K> } = {
  gemm: gemmKernel,
  ...ELEMENTWISE_KERNELS,
  ...CONV_KERNELS,
  ...POOL_KERNELS,
  ...SEQ_KERNELS,
  ...NORM_KERNELS,
  ...LOSS_KERNELS,
  ...OPTIM_KERNELS,
  ...ATTENTION_KERNELS,
  ...RECURRENT_KERNELS,
  ...QUANT_KERNELS,
};

/** The table as the backend indexes it (one untyped view of the typed table above). */
export const CPU_KERNELS = TABLE as { readonly [K in KernelName]: CpuKernel };
