// WGSL snippets shared by several kernel families.

/** Tree sum over the workgroup (WG a power of two). Call from uniform control flow only. */
export const WG_SUM = /* wgsl */ `
var<workgroup> red: array<f32, WG>;
fn wg_sum(v: f32, lid: u32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
`;

/** Max over the workgroup, same contract as wg_sum. */
export const WG_MAX = /* wgsl */ `
var<workgroup> redm: array<f32, WG>;
fn wg_max(v: f32, lid: u32) -> f32 {
  redm[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { redm[lid] = max(redm[lid], redm[lid + s]); }
    workgroupBarrier();
  }
  let r = redm[0];
  workgroupBarrier();
  return r;
}
`;

/** -inf without a constant expression (WGSL const-eval rejects infinities). */
export const NEG_INF = /* wgsl */ `
fn neg_inf() -> f32 { var bits = 0xff800000u; return bitcast<f32>(bits); }
`;
