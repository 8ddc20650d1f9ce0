// The CPU kernel table: one entry per kernel of the contract (kernels/contract.ts), which names
// each kernel's arguments (in order) and parameters. The WebGPU backend implements the same table
// (and is tested against these).

import type { KernelParams, Runtime } from '../../backend';
import type { ArgsOf, KernelName, ParamsOf } from '../../kernels/contract';
import { conv2dBwdData, conv2dBwdFilter, conv2dFwd } from './conv';
import * as ew from './elementwise';
import { gemm } from './gemm';
import { lossBwd, lossFwd, softmaxBwd, softmaxFwd } from './loss';
import * as norm from './norm';
import * as opt from './optim';
import * as pool from './pool';
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
  bias_add: ew.biasAdd,
  bias_grad: ew.biasGrad,
  bias_act: ew.biasAct,
  add: ew.add,
  copy: ew.copy,
  acc_add: ew.accAdd,
  act_fwd: ew.actFwd,
  act_bwd: ew.actBwd,
  dropout_fwd: ew.dropoutFwd,
  dropout_bwd: ew.dropoutBwd,
  conv2d_fwd: conv2dFwd,
  conv2d_bwd_filter: conv2dBwdFilter,
  conv2d_bwd_data: conv2dBwdData,
  maxpool_fwd: pool.maxpoolFwd,
  maxpool_bwd: pool.maxpoolBwd,
  avgpool_fwd: pool.avgpoolFwd,
  avgpool_bwd: pool.avgpoolBwd,
  gap_fwd: pool.gapFwd,
  gap_bwd: pool.gapBwd,
  bn_fwd_train: norm.bnFwdTrain,
  bn_fwd_eval: norm.bnFwdEval,
  bn_bwd: norm.bnBwd,
  ln_fwd: norm.lnFwd,
  ln_bwd: norm.lnBwd,
  softmax_fwd: softmaxFwd,
  softmax_bwd: softmaxBwd,
  loss_fwd: lossFwd,
  loss_bwd: lossBwd,
  sumsq: opt.sumsq,
  l1_grad: opt.l1Grad,
  sgd: opt.sgd,
  adam: opt.adam,
  amsgrad: opt.amsgrad,
  rmsprop: opt.rmsprop,
  rmsprop_centered: opt.rmspropCentered,
  adagrad: opt.adagrad,
};

/** The table as the backend indexes it (one untyped view of the typed table above). */
export const CPU_KERNELS = TABLE as { readonly [K in KernelName]: CpuKernel };
