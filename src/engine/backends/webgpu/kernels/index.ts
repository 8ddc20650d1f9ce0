// The WGSL kernel table: one twin per kernel of the contract (kernels/contract.ts: names,
// argument order, parameters). The table's type makes a missing twin a compile error;
// test/gpu/conformance checks that every twin agrees with its CPU kernel.

import { KERNEL_NAMES, KERNELS, type KernelName } from '../../../kernels/contract';
import type { WgslKernel, WgslKernelDef } from '../kernel';
import { ATTENTION } from './attention';
import { CONV } from './conv';
import { ELEMENTWISE } from './elementwise';
import { GEMM } from './gemm';
import { LOSSES } from './loss';
import { NORM } from './norm';
import { OPTIM } from './optim';
import { POOL } from './pool';
import { QUANT } from './quant';
import { SEQ } from './seq';
import { RECURRENT } from './recurrent';

const DEFS: { readonly [K in KernelName]: WgslKernelDef<K> } = {
  ...GEMM,
  ...ELEMENTWISE,
  ...CONV,
  ...POOL,
  ...SEQ,
  ...NORM,
  ...LOSSES,
  ...OPTIM,
  ...ATTENTION,
  ...RECURRENT,
  ...QUANT,
};

export const WGSL_KERNELS = Object.fromEntries(KERNEL_NAMES.map((k) => [k, { ...DEFS[k], args: KERNELS[k].args } as WgslKernel])) as {
  readonly [K in KernelName]: WgslKernel;
};
