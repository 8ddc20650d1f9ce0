// Which WGSL kernel runs a call: the table's twin (kernels/index.ts), or a variant of this
// backend's own that computes the same thing faster for the call's shape or the adapter.
//  - rows: softmax and cross-entropy rows of LONG_ROW values or more take one workgroup per row
//    (kernels/rows.ts) on hardware adapters, where a row per invocation leaves the GPU nearly
//    idle. Software adapters keep the row per invocation: on lavapipe it is 3-5x faster
//    (bench/webgpu-fused.ts: 64 rows of 4096, softmax 5.2 against 15.9 ms; emulated barriers).
//  - attention: the fused kernels (kernels/flash.ts, through fuse-attention.ts) replace the
//    attn_scores / attn_apply pattern on hardware adapters only, the adapters they are for.
//    (On lavapipe they measured 2.2x faster for t 128, d 64, h 4 too; software adapters still
//    get the unfused kernels until a real GPU has confirmed the fused ones: docs/webgpu.md.)
// Tests force either choice through the backend's `kernels` setting.

import type { KernelCall } from '../../backend';
import { KERNELS, type KernelName } from '../../kernels/contract';
import type { WgslKernel } from './kernel';
import { WGSL_KERNELS } from './kernels';
import { FLASH_KERNELS } from './kernels/flash';
import { isRowKernel, longRows, ROW_KERNELS } from './kernels/rows';

export type Choice = 'auto' | 'on' | 'off';

export interface KernelChoice {
  /** Workgroup-per-row softmax and cross-entropy: auto (hardware, rows of LONG_ROW or more), on, off. */
  rows: Choice;
  /** Fused attention: auto (hardware adapters), on, off. */
  attention: Choice;
}

export const AUTO_CHOICE: KernelChoice = { rows: 'auto', attention: 'auto' };

const withArgs = (k: KernelName, def: object): WgslKernel => ({ ...def, args: KERNELS[k].args }) as unknown as WgslKernel;
const ROW_VARIANTS = Object.fromEntries(Object.entries(ROW_KERNELS).map(([k, d]) => [k, withArgs(k as KernelName, d)]));

/** The kernel for a call of the contract, and the name it is compiled under. */
export function kernelFor(call: KernelCall, choice: KernelChoice, hardware = false): { name: string; kernel: WgslKernel } | undefined {
  const name = call.kernel;
  if (
    isRowKernel(name) &&
    choice.rows !== 'off' &&
    (choice.rows === 'on' ? rowsApply(name, call) : hardware && longRows(name, call.p as { d?: number; kind?: number }))
  ) {
    return { name: `${name}_rows`, kernel: ROW_VARIANTS[name]! };
  }
  if (Object.hasOwn(FLASH_KERNELS, name)) return { name, kernel: FLASH_KERNELS[name as keyof typeof FLASH_KERNELS] };
  const k = Object.hasOwn(WGSL_KERNELS, name) ? WGSL_KERNELS[name] : undefined; // calls may come untyped
  return k && { name, kernel: k };
}

/** Whether programs get the fused attention kernels (fuse-attention.ts). */
export function fusesAttention(choice: KernelChoice, hardware: boolean): boolean {
  return choice.attention === 'on' || (choice.attention === 'auto' && hardware);
}

/** Forced on, the row kernels still only take what they implement (cross-entropy for losses). */
function rowsApply(name: 'softmax_fwd' | 'softmax_bwd' | 'loss_fwd' | 'loss_bwd', call: KernelCall): boolean {
  return name.startsWith('softmax') || longRows(name, { ...call.p, d: Infinity });
}
