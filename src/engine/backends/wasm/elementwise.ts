// The layer epilogues as bound calls of the WebAssembly exports (kernels/elementwise.ts): bias
// add, bias + relu, relu's gradient, the bias gradient. Other activations (tanh, GELU, ...) keep
// the CPU reference on the shared memory's views: they are transcendental, not memory-bound.

import { CPU_KERNELS } from '../cpu/kernels';
import { ACT } from '../../kernels/codes';
import type { WasmKernelOf } from './context';

const views = (args: readonly { view: Float32Array }[]) => args.map((a) => a.view);

const bias_add: WasmKernelOf<'bias_add'> = ([x, b, y], p, { fn }) => {
  const f = fn.bias_act!;
  return (rt) => f(x.ptr, b.ptr, y.ptr, p.outer * rt.n, p.c, p.inner, 0);
};

const bias_act: WasmKernelOf<'bias_act'> = (args, p, ctx) => {
  if (p.fn !== ACT.relu) {
    const v = views(args),
      ref = CPU_KERNELS.bias_act;
    return (rt) => ref(v as never, p, rt, ctx.ws);
  }
  const [x, b, y] = args,
    f = ctx.fn.bias_act!;
  return (rt) => f(x.ptr, b.ptr, y.ptr, p.outer * rt.n, p.c, p.inner, 1);
};

const act_bwd: WasmKernelOf<'act_bwd'> = (args, p, ctx) => {
  if (p.fn !== ACT.relu) {
    const v = views(args),
      ref = CPU_KERNELS.act_bwd;
    return (rt) => ref(v as never, p, rt, ctx.ws);
  }
  const [x, , dy, dx] = args,
    f = ctx.fn.relu_bwd!;
  return (rt) => f(x.ptr, dy.ptr, dx.ptr, p.len * rt.n);
};

const bias_grad: WasmKernelOf<'bias_grad'> = ([dy, db], p, { fn }) => {
  const f = fn.bias_grad!;
  return (rt) => f(dy.ptr, db.ptr, p.outer * rt.n, p.c, p.inner);
};

export const EPILOGUE_KERNELS = { bias_add, bias_act, act_bwd, bias_grad };
