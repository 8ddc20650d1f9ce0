// The WGSL kernel table: the same names, argument order and parameters as the CPU backend's
// CPU_KERNELS (test/gpu/conformance checks every CPU kernel has a twin here and agrees with it).

import type { WgslKernel } from '../kernel';
import { CONV } from './conv';
import { ELEMENTWISE } from './elementwise';
import { GEMM } from './gemm';
import { LOSS } from './loss';
import { NORM } from './norm';
import { OPTIM } from './optim';
import { POOL } from './pool';

export const WGSL_KERNELS: Readonly<Record<string, WgslKernel>> = {
  ...GEMM,
  ...ELEMENTWISE,
  ...CONV,
  ...POOL,
  ...NORM,
  ...LOSS,
  ...OPTIM,
};
