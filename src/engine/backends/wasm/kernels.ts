// The WebAssembly backend's kernel table: one entry per kernel of the contract, typed like the
// CPU table ({ [K in KernelName]: ... }), so a kernel without its entry is a compile error.
// WebAssembly: GEMM and convolution (SIMD, split over threads: heavy.ts), pooling,
// normalisation and the optimizer updates (scalar, split over threads too: light.ts), the bias/relu
// epilogues (elementwise.ts). The rest run the CPU reference kernel on views of the same shared
// memory (other activations, dropout, softmax, losses,
// sumsq, l1_grad, mask_apply): linear passes that are a few percent of a step, where V8's code is
// already near memory speed (docs/cpu-backend.md). Attention and the recurrent step run their
// products on the SIMD GEMM, split over threads (seq.ts); the embedding, positional and h_n
// kernels are gathers and sums, linear passes like the above.

import type { KernelName } from '../../kernels/contract';
import { CPU_KERNELS } from '../cpu/kernels';
import type { WasmKernelOf } from './context';
import { HEAVY_KERNELS } from './heavy';
import { EPILOGUE_KERNELS } from './elementwise';
import { LIGHT_KERNELS } from './light';
import { SEQ_KERNELS } from './seq';

type Reference = Exclude<
  KernelName,
  keyof typeof HEAVY_KERNELS | keyof typeof LIGHT_KERNELS | keyof typeof EPILOGUE_KERNELS | keyof typeof SEQ_KERNELS
>;

/** Kernel K's CPU reference, called on views of the shared memory. */
function reference<K extends Reference>(kernel: K): WasmKernelOf<K> {
  const fn = CPU_KERNELS[kernel];
  return (args, p, ctx) => {
    const views = (args as readonly { view: Float32Array }[]).map((a) => a.view);
    return (rt) => fn(views, p, rt, ctx.ws);
  };
}

const TABLE: { readonly [K in KernelName]: WasmKernelOf<K> } = {
  ...HEAVY_KERNELS,
  ...LIGHT_KERNELS,
  ...EPILOGUE_KERNELS,
  // After the epilogues: SEQ_KERNELS' act_bwd takes GELU and hands every other fn to theirs.
  ...SEQ_KERNELS,
  add: reference('add'),
  copy: reference('copy'),
  acc_add: reference('acc_add'),
  dropout_fwd: reference('dropout_fwd'),
  dropout_bwd: reference('dropout_bwd'),
  softmax_fwd: reference('softmax_fwd'),
  softmax_bwd: reference('softmax_bwd'),
  loss_fwd: reference('loss_fwd'),
  loss_bwd: reference('loss_bwd'),
  sumsq: reference('sumsq'),
  l1_grad: reference('l1_grad'),
  mask_apply: reference('mask_apply'),
  // Sequence pooling and the cls token: per-token copies and sums, linear passes like the above.
  seqpool_fwd: reference('seqpool_fwd'),
  seqpool_bwd: reference('seqpool_bwd'),
  prepend_fwd: reference('prepend_fwd'),
  prepend_bwd: reference('prepend_bwd'),
  embed_fwd: reference('embed_fwd'),
  embed_bwd: reference('embed_bwd'),
  pos_grad: reference('pos_grad'),
  last_state_fwd: reference('last_state_fwd'),
  last_state_bwd: reference('last_state_bwd'),
  // Fake quantization: a linear pass like the elementwise kernels.
  fake_quant_fwd: reference('fake_quant_fwd'),
  fake_quant_bwd: reference('fake_quant_bwd'),
};

type AnyWasmKernel = (args: readonly unknown[], p: unknown, ctx: Parameters<WasmKernelOf<'gemm'>>[2]) => ReturnType<WasmKernelOf<'gemm'>>;
/** The table as the backend indexes it (one untyped view of the typed table above). */
export const WASM_KERNELS = TABLE as unknown as { readonly [K in KernelName]: AnyWasmKernel };
