// Which gemm or convolution kernel runs a call (select.ts picks the other kernels' variants: rows, attention).
// The choice is a pure function of what the device is (adapter kind, limits, features) and the
// product's shape, so a unit test covers it (test/unit/engine/webgpu-variants.test.ts).
//
// - Software adapters (SwiftShader, lavapipe) and devices whose adapter is not known keep the
//   register-blocked kernel: it is the fastest there (shared tiles and barriers are emulated).
// - On hardware: tiny products keep it too (one launch, nothing to tile); few outputs (or a side
//   under 32) with a long K take the split-K kernel (subgroup sums where the device has
//   `subgroups`); other products with a side under 32 (skinny) keep the register kernel; the rest are tiled, 128x64 when that still
//   gives enough workgroups to fill the GPU and the workgroup memory allows, else 64x64.
// - Convolutions (chooseConv): the same tiles fed by implicit im2col loads, on hardware.
// `force` (tests and benchmarks) picks a variant whatever the shape; a subgroup variant forced on
// a device without the feature falls back to its shared-memory twin.

import type { KernelCall, KernelParams } from '../../backend';
import { isSoftwareAdapter } from '../adapter-kind';
import type { WgslKernel } from './kernel';
import { WGSL_KERNELS } from './kernels';
import { type ConvKernel, convProduct, tiledConv } from './kernels/conv-tiled';
import { splitkGemm } from './kernels/gemm-splitk';
import { TILE_128, TILE_64, tileStorageBytes, tiledGemm, tiledGroups } from './kernels/gemm-tiled';

export const GEMM_VARIANTS = ['reg4x4', 'tiled64', 'tiled128', 'splitk', 'splitk-sg'] as const;
export type GemmVariant = (typeof GEMM_VARIANTS)[number];
/** The convolutions: conv.ts's register-blocked kernels, or the tiled gemm (conv-tiled.ts). */
export const CONV_VARIANTS = ['direct', 'tiled64', 'tiled128'] as const;
export type ConvVariant = (typeof CONV_VARIANTS)[number];

/** Test and benchmark overrides of the choice. */
export interface KernelForce {
  readonly gemm?: GemmVariant;
  readonly conv?: ConvVariant;
}

/** What the choice needs to know about a device. */
export interface DeviceFacts {
  /** null: the adapter is not known (a device passed in without adapterInfo). */
  readonly software: boolean | null;
  readonly subgroups: boolean;
  readonly maxWorkgroupStorage: number;
  readonly maxInvocations: number;
}

export interface GemmShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

/** Workgroups below which a product is too small to fill a GPU with 64x64 tiles. */
export const FILL = 64;

export function deviceFacts(device: GPUDevice): DeviceFacts {
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return {
    software: info ? isSoftwareAdapter(info) : null,
    subgroups: device.features.has('subgroups'),
    maxWorkgroupStorage: device.limits.maxComputeWorkgroupStorageSize,
    maxInvocations: device.limits.maxComputeInvocationsPerWorkgroup,
  };
}

/** The product's largest shape: a batched m or k is scaled by the samples the buffers hold. */
export function gemmShape(p: KernelParams, argSizes: readonly number[]): GemmShape {
  const m = p.m ?? 0,
    n = p.n ?? 0,
    k = p.k ?? 0;
  const aSize = argSizes[0] ?? 0;
  if (p.bm) return { m: k > 0 ? Math.floor(aSize / k) : m, n, k };
  if (p.bk) return { m, n, k: m > 0 ? Math.floor(aSize / m) : k };
  return { m, n, k };
}

export function chooseGemm(f: DeviceFacts, s: GemmShape, force?: GemmVariant): GemmVariant {
  const fits = (v: GemmVariant) =>
    v === 'tiled64' || v === 'tiled128'
      ? f.maxInvocations >= 256 && f.maxWorkgroupStorage >= tileStorageBytes(v === 'tiled64' ? TILE_64 : TILE_128)
      : v !== 'splitk-sg' || f.subgroups;
  if (force) return fits(force) ? force : force === 'splitk-sg' ? 'splitk' : 'reg4x4';
  if (f.software !== false) return 'reg4x4';
  const { m, n, k } = s;
  if (m * n * k <= 1 << 18) return 'reg4x4';
  const few = tiledGroups(TILE_64, m, n) < FILL || Math.min(m, n) < 32;
  if (few && k >= 256) return f.subgroups ? 'splitk-sg' : 'splitk';
  if (Math.min(m, n) < 32) return 'reg4x4';
  if (tiledGroups(TILE_128, m, n) >= FILL && fits('tiled128')) return 'tiled128';
  return fits('tiled64') ? 'tiled64' : 'reg4x4';
}

/** A convolution seen as its product (conv-tiled.ts): tiled on hardware when large enough; the
 *  filter gradient (few outputs, K = samples x pixels) only when it has enough output tiles,
 *  else conv.ts's split of that reduction over 64 lanes a block stays. */
export function chooseConv(f: DeviceFacts, kernel: ConvKernel, s: GemmShape, force?: ConvVariant): ConvVariant {
  const fits = (v: 'tiled64' | 'tiled128') =>
    f.maxInvocations >= 256 && f.maxWorkgroupStorage >= tileStorageBytes(v === 'tiled64' ? TILE_64 : TILE_128);
  if (force) return force === 'direct' || fits(force) ? force : 'direct';
  if (f.software !== false || s.m * s.n * s.k <= 1 << 18 || Math.min(s.m, s.n) < 16) return 'direct';
  if (kernel === 'conv2d_bwd_filter' && tiledGroups(TILE_64, s.m, s.n) < FILL) return 'direct';
  if (tiledGroups(TILE_128, s.m, s.n) >= FILL && s.m >= 128 && fits('tiled128')) return 'tiled128';
  return fits('tiled64') ? 'tiled64' : 'direct';
}

const CONVS = (['conv2d_fwd', 'conv2d_bwd_data', 'conv2d_bwd_filter'] as const).map((kernel) => ({
  kernel,
  tiled64: tiledConv(kernel, TILE_64, WGSL_KERNELS[kernel]),
  tiled128: tiledConv(kernel, TILE_128, WGSL_KERNELS[kernel]),
}));

function isConv(name: string): name is ConvKernel {
  return name === 'conv2d_fwd' || name === 'conv2d_bwd_data' || name === 'conv2d_bwd_filter';
}

/** Samples the first argument's buffer holds (x, or dy for bwd_data). */
function convSamples(kernel: ConvKernel, p: KernelParams, size: number): number {
  const per = kernel === 'conv2d_bwd_data' ? p.o! * p.oh! * p.ow! : p.c! * p.h! * p.w!;
  return Math.max(1, Math.floor(size / Math.max(1, per)));
}

const base = WGSL_KERNELS.gemm;
const GEMMS: { readonly [V in GemmVariant]: WgslKernel } = {
  reg4x4: base,
  tiled64: tiledGemm(TILE_64, base),
  tiled128: tiledGemm(TILE_128, base),
  splitk: splitkGemm(false, base),
  'splitk-sg': splitkGemm(true, base),
};

/** The kernel for a gemm or conv call, and its name for messages (`gemm[tiled64]`); undefined
 *  for other kernels (select.ts has their variants). */
export function kernelFor(call: KernelCall, f: DeviceFacts, force: KernelForce = {}): { kernel: WgslKernel; label: string } | undefined {
  const k = Object.hasOwn(WGSL_KERNELS, call.kernel) ? WGSL_KERNELS[call.kernel] : undefined; // calls may come untyped
  if (k && isConv(call.kernel)) {
    const name = call.kernel;
    const shape = convProduct(name, call.p, convSamples(name, call.p, call.args[0]?.size ?? 0));
    const v = chooseConv(f, name, shape, force.conv);
    const tiled = CONVS.find((c) => c.kernel === name)!;
    return v === 'direct' ? { kernel: k, label: name } : { kernel: tiled[v], label: `${name}[${v}]` };
  }
  if (!k || call.kernel !== 'gemm') return undefined; // select.ts chooses the others
  const v = chooseGemm(
    f,
    gemmShape(
      call.p,
      call.args.map((a) => a.size),
    ),
    force.gemm,
  );
  return { kernel: GEMMS[v], label: v === 'reg4x4' ? 'gemm' : `gemm[${v}]` };
}
