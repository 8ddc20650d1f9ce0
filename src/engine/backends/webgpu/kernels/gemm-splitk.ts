// The gemm for products with few outputs and a long K (a linear layer's weight gradient over a
// whole batch of tokens, a matrix-vector product): one workgroup of 64 per 4x4 block of C, the
// lanes strided over K, their 16 partial sums added up in the workgroup. A tiled kernel would
// launch a handful of workgroups there and leave most of the GPU idle; this one launches one
// per 16 outputs and splits each dot product 64 ways. Same contract as kernels/gemm.ts.
//
// Two reductions of the partial sums:
//  - `subgroups` (only where the device has the feature, which the WGSL `enable` needs):
//    subgroupAdd inside each subgroup, its first lane writes the sums, one barrier, 16 lanes add
//    the slots. Subgroup sizes differ (4 on SwiftShader, 8 on lavapipe, 32 or 64 on GPUs) and
//    WGSL does not promise which invocations share one, so every lane writes a slot (zero but
//    for the first lane of each subgroup) and the 16 lanes add all 64.
//  - otherwise: a tree sum in workgroup memory (6 barriers).

import type { WgslKernel } from '../kernel';
import { blockPrelude, blocks } from './gemm';

const WG = 64;

/** One workgroup per 4x4 block of C. */
export const splitkGroups = blocks;

const PARTIALS = /* wgsl */ `${blockPrelude('group')}  var r = array<vec4f, 4>(vec4f(0.0), vec4f(0.0), vec4f(0.0), vec4f(0.0));
  for (var kk = lid; kk < K; kk += WG) {
    let ka = kk * sa_k;
    let kb = kk * sb_k;
    let bv = vec4f(b[pb0 + kb], b[pb1 + kb], b[pb2 + kb], b[pb3 + kb]);
    r[0] += a[pa0 + ka] * bv;
    r[1] += a[pa1 + ka] * bv;
    r[2] += a[pa2 + ka] * bv;
    r[3] += a[pa3 + ka] * bv;
  }`;

const STORE = /* wgsl */ `
  if (lid < 16u) {
    let i = i0 + lid / 4u;
    let j = j0 + lid % 4u;
    if (i < M && j < N) {
      var s = total;
      if (u.acc != 0u) { s += c[i * N + j]; }
      c[i * N + j] = s;
    }
  }`;

const SUBGROUP_SUM = /* wgsl */ `
  for (var q = 0u; q < 4u; q++) {
    let s = subgroupAdd(r[q]);
    red[lid * 4u + q] = select(vec4f(0.0), s, sg_id == 0u);
  }
  workgroupBarrier();
  var total = 0.0;
  if (lid < 16u) {
    for (var l = 0u; l < WG; l++) { total += red[l * 4u + lid / 4u][lid % 4u]; }
  }`;

const TREE_SUM = /* wgsl */ `
  for (var q = 0u; q < 4u; q++) { red[lid * 4u + q] = r[q]; }
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      for (var q = 0u; q < 4u; q++) { red[lid * 4u + q] += red[(lid + s) * 4u + q]; }
    }
    workgroupBarrier();
  }
  var total = 0.0;
  if (lid < 16u) { total = red[lid / 4u][lid % 4u]; }`;

/** The split-K gemm; `subgroups` only where the device has the feature. */
export function splitkGemm(subgroups: boolean, base: WgslKernel): WgslKernel {
  return {
    ...base,
    helpers: `var<workgroup> red: array<vec4f, ${WG * 4}>;`,
    body: PARTIALS + (subgroups ? SUBGROUP_SUM : TREE_SUM) + STORE,
    wg: WG,
    groups: (p, rt) => splitkGroups(p.bm ? p.m! * rt.n : p.m!, p.n!),
    ...(subgroups ? { extras: { enable: 'subgroups', builtins: '@builtin(subgroup_invocation_id) sg_id: u32' } } : {}),
  };
}
