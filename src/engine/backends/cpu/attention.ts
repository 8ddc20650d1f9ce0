// CPU kernels of token and sequence models: the specification the WGSL twins are checked
// against. PyTorch's definitions: nn.Embedding (padding_idx row gets no gradient),
// nn.MultiheadAttention's scaled dot-product attention (scores q k^T / sqrt(d/h), masked keys
// -inf before the softmax). One documented difference: a query row whose keys are all masked
// (all padding, or padding before it under causal) gives probabilities of zero, so the output
// is out_proj's bias, where PyTorch 1.13 gives NaN.
// Layouts: qkv [t, 3d] per sample (q | k | v; head hh owns columns hh*dh .. hh*dh+dh-1 of each),
// p [h, t, t], y [t, d]; all over rt.n samples.

import type { Runtime } from '../../backend';
import type { ArgsOf, ParamsOf } from '../../kernels/contract';

type F = Float32Array;

/** A token id as an index into the table, clamped so memory stays safe (data checks the range). */
export const tokenRow = (id: number, v: number): number => Math.min(v - 1, Math.max(0, Math.floor(id)));

function embedFwd([ids, w, y]: ArgsOf<'embed_fwd', F>, p: ParamsOf<'embed_fwd'>, rt: Runtime): void {
  const { t, d, v } = p;
  for (let i = 0; i < rt.n * t; i++) {
    const r = tokenRow(ids[i]!, v);
    for (let j = 0; j < d; j++) y[i * d + j] = w[r * d + j]!;
  }
}

function embedBwd([ids, dy, dw]: ArgsOf<'embed_bwd', F>, p: ParamsOf<'embed_bwd'>, rt: Runtime): void {
  const { t, d, v, pad } = p;
  dw.fill(0, 0, v * d);
  // Positions in order, as the WGSL twin sums them (one thread per row and column).
  for (let i = 0; i < rt.n * t; i++) {
    const r = tokenRow(ids[i]!, v);
    if (r === pad) continue;
    for (let j = 0; j < d; j++) dw[r * d + j] += dy[i * d + j]!;
  }
}

function posGrad([dy, dw]: ArgsOf<'pos_grad', F>, p: ParamsOf<'pos_grad'>, rt: Runtime): void {
  for (let i = 0; i < p.total; i++) {
    let s = 0;
    if (i < p.len) for (let n = 0; n < rt.n; n++) s += dy[n * p.len + i]!;
    dw[i] = s;
  }
}

function attnScoresFwd([qkv, ids, pr]: ArgsOf<'attn_scores_fwd', F>, p: ParamsOf<'attn_scores_fwd'>, rt: Runtime): void {
  const { t, d, h, scale } = p,
    dh = d / h,
    shift = p.shift ?? 0;
  // Key k's token id: ids hold t - shift per sample; the first shift keys have none (never padding).
  const padded = (n: number, k: number) => !!p.masked && k >= shift && ids[n * (t - shift) + k - shift] === 0;
  for (let n = 0; n < rt.n; n++)
    for (let hh = 0; hh < h; hh++)
      for (let q = 0; q < t; q++) {
        const row = ((n * h + hh) * t + q) * t;
        let mx = -Infinity;
        for (let k = 0; k < t; k++) {
          const off = (p.causal && k > q) || padded(n, k);
          let s = -Infinity;
          if (!off) {
            s = 0;
            for (let j = 0; j < dh; j++) s += qkv[(n * t + q) * 3 * d + hh * dh + j]! * qkv[(n * t + k) * 3 * d + d + hh * dh + j]!;
            s *= scale;
          }
          pr[row + k] = s;
          mx = Math.max(mx, s);
        }
        let sum = 0;
        for (let k = 0; k < t; k++) {
          const e = mx === -Infinity ? 0 : Math.exp(pr[row + k]! - mx);
          pr[row + k] = e;
          sum += e;
        }
        for (let k = 0; k < t; k++) pr[row + k] = sum > 0 ? pr[row + k]! / sum : 0;
      }
}

function attnScoresBwd([qkv, ds, dqkv]: ArgsOf<'attn_scores_bwd', F>, p: ParamsOf<'attn_scores_bwd'>, rt: Runtime): void {
  const { t, d, h, scale } = p,
    dh = d / h,
    w = 3 * d;
  for (let n = 0; n < rt.n; n++)
    for (let s = 0; s < t; s++)
      for (let c = 0; c < w; c++) {
        let acc = 0;
        if (c < 2 * d) {
          const key = c >= d,
            cc = key ? c - d : c,
            hh = Math.floor(cc / dh),
            base = (n * h + hh) * t * t;
          // dq[s] = sum_u ds[s, u] k[u];  dk[s] = sum_u ds[u, s] q[u]
          for (let u = 0; u < t; u++) {
            const g = key ? ds[base + u * t + s]! : ds[base + s * t + u]!;
            acc += g * qkv[(n * t + u) * w + (key ? cc : d + cc)]!;
          }
          acc *= scale;
        }
        dqkv[(n * t + s) * w + c] = acc;
      }
}

function attnApplyFwd([pr, qkv, y]: ArgsOf<'attn_apply_fwd', F>, p: ParamsOf<'attn_apply_fwd'>, rt: Runtime): void {
  const { t, d, h } = p,
    dh = d / h;
  for (let n = 0; n < rt.n; n++)
    for (let q = 0; q < t; q++)
      for (let c = 0; c < d; c++) {
        const row = ((n * h + Math.floor(c / dh)) * t + q) * t;
        let acc = 0;
        for (let k = 0; k < t; k++) acc += pr[row + k]! * qkv[(n * t + k) * 3 * d + 2 * d + c]!;
        y[(n * t + q) * d + c] = acc;
      }
}

function attnApplyBwdP([dy, qkv, dp]: ArgsOf<'attn_apply_bwd_p', F>, p: ParamsOf<'attn_apply_bwd_p'>, rt: Runtime): void {
  const { t, d, h } = p,
    dh = d / h;
  for (let n = 0; n < rt.n; n++)
    for (let hh = 0; hh < h; hh++)
      for (let q = 0; q < t; q++)
        for (let k = 0; k < t; k++) {
          let acc = 0;
          for (let j = 0; j < dh; j++) acc += dy[(n * t + q) * d + hh * dh + j]! * qkv[(n * t + k) * 3 * d + 2 * d + hh * dh + j]!;
          dp[((n * h + hh) * t + q) * t + k] = acc;
        }
}

function attnApplyBwdV([pr, dy, dqkv]: ArgsOf<'attn_apply_bwd_v', F>, p: ParamsOf<'attn_apply_bwd_v'>, rt: Runtime): void {
  const { t, d, h } = p,
    dh = d / h,
    w = 3 * d;
  for (let n = 0; n < rt.n; n++)
    for (let s = 0; s < t; s++)
      for (let c = 0; c < w; c++) {
        let acc = 0;
        if (c >= 2 * d) {
          const cc = c - 2 * d,
            base = (n * h + Math.floor(cc / dh)) * t * t;
          for (let q = 0; q < t; q++) acc += pr[base + q * t + s]! * dy[(n * t + q) * d + cc]!;
        }
        dqkv[(n * t + s) * w + c] = acc;
      }
}

/** This file's entries of the CPU kernel table (kernels.ts spreads them; their types are checked there). */
export const ATTENTION_KERNELS = {
  embed_fwd: embedFwd,
  embed_bwd: embedBwd,
  pos_grad: posGrad,
  attn_scores_fwd: attnScoresFwd,
  attn_scores_bwd: attnScoresBwd,
  attn_apply_fwd: attnApplyFwd,
  attn_apply_bwd_p: attnApplyBwdP,
  attn_apply_bwd_v: attnApplyBwdV,
};
