// Puts the fused attention kernels (kernels/flash.ts) in place of the unfused calls where a
// program has the pattern the gradient rules emit (autodiff/rules-seq.ts), nothing between:
//   forward:  attn_scores_fwd(qkv, ids, p), attn_apply_fwd(p, qkv, y)
//          -> flash_fwd(qkv, ids, y, p)           (p's first n·h·t floats: each row's lse)
//   backward: attn_apply_bwd_p(dy, qkv, dp), attn_apply_bwd_v(p, dy, dv),
//             softmax_bwd(p, dp, ds), attn_scores_bwd(qkv, ds, dqk)
//          -> copy(p -> dp), flash_bwd_q(qkv, ids, dy, dp, dp', dqk), flash_bwd_kv(..., dqk, dv)
//             (dp: the lse rows, dp': D_i, right after them; t >= 2 leaves room)
// The backward is compiled in another program than the forward, so the backend remembers which
// p slices hold an lse (`Fused`), and with it the scores call's mask. A backward reading such a
// p that cannot be fused (slices that overlap) first re-runs the scores call, so p holds the
// probabilities again. Slices named in `keep` (outputs read after the run, as the attention maps
// read p) are never fused away. The lse is copied into dp before dqk is written because the
// plan may place dqk over p (p is dead by then in the unfused order).
// Dropout on the attention weights (between the two forward calls) is not fused.

import type { BufferRef, KernelCall, KernelParams } from '../../backend';
import { MAX_DH } from './kernels/flash';

/** p slices whose contents are lse rows, to their attn_scores_fwd call. */
export type Fused = Map<string, KernelCall>;

const key = (r: BufferRef) => `${r.buffer}:${r.offset}:${r.size}`;
const same = (a: BufferRef, b: BufferRef) => a.buffer === b.buffer && a.offset === b.offset && a.size === b.size;
const overlap = (a: BufferRef, b: BufferRef) => a.buffer === b.buffer && a.offset < b.offset + b.size && b.offset < a.offset + a.size;
const apart = (rs: readonly BufferRef[]) => rs.every((a, i) => rs.every((b, j) => j <= i || !overlap(a, b)));
const geometry = (a: KernelParams, b: KernelParams) => a.t === b.t && a.d === b.d && a.h === b.h;
const internal = (kernel: string, args: BufferRef[], p: KernelParams) => ({ kernel, args, p }) as unknown as KernelCall;

function forward(c: readonly KernelCall[], i: number, keep: readonly BufferRef[]): KernelCall | null {
  const [s, a] = [c[i]!, c[i + 1]];
  if (s.kernel !== 'attn_scores_fwd' || a?.kernel !== 'attn_apply_fwd' || !geometry(s.p, a.p)) return null;
  const [qkv, ids, p] = s.args as [BufferRef, BufferRef, BufferRef];
  const [ap, aqkv, y] = a.args as [BufferRef, BufferRef, BufferRef];
  if (!same(p, ap) || !same(qkv, aqkv) || s.p.t! < 2 || s.p.d! / s.p.h! > MAX_DH || keep.some((k) => overlap(k, p))) return null;
  if (!apart([qkv, y, p]) || (s.p.masked && !apart([ids, y, p]))) return null;
  return internal('flash_fwd', [qkv, ids, y, p], s.p);
}

function backward(c: readonly KernelCall[], i: number, fused: Fused): KernelCall[] | null {
  const [bp, bv, sm, sb] = [c[i]!, c[i + 1], c[i + 2], c[i + 3]];
  if (bp.kernel !== 'attn_apply_bwd_p' || bv?.kernel !== 'attn_apply_bwd_v') return null;
  if (sm?.kernel !== 'softmax_bwd' || sb?.kernel !== 'attn_scores_bwd') return null;
  const [dy, qkv, dp] = bp.args as [BufferRef, BufferRef, BufferRef];
  const [p, vdy, dv] = bv.args as [BufferRef, BufferRef, BufferRef];
  const [sp, sdp, ds] = sm.args as [BufferRef, BufferRef, BufferRef];
  const [sqkv, sds, dqk] = sb.args as [BufferRef, BufferRef, BufferRef];
  const scores = fused.get(key(p));
  if (!scores || !geometry(bp.p, sb.p) || !geometry(bp.p, scores.p)) return null;
  if (!same(vdy, dy) || !same(sp, p) || !same(sdp, dp) || !same(sds, ds) || !same(sqkv, qkv)) return null;
  const ids = scores.args[1]!; // qkv again when unmasked (not read)
  const { t, h } = scores.p as { t: number; h: number };
  // dp (h t t floats a sample) holds the lse copy then D: t >= 2 gives room; ds is not used
  // (the plan may place it over dy, which the fused kernels read to the end).
  const rows = dp.size / t;
  if (t < 2 || !apart([dp, qkv, dy, dqk, dv]) || !apart([p, dp])) return null;
  if ((scores.p as KernelParams).masked && [dp, dqk, dv].some((r) => overlap(r, ids))) return null;
  const lse = { ...dp, size: rows },
    dd = { ...dp, offset: dp.offset + rows, size: rows };
  return [
    { kernel: 'copy', args: [p, lse], p: { len: h * t, batched: 1 } },
    internal('flash_bwd_q', [qkv, ids, dy, lse, dd, dqk], scores.p),
    internal('flash_bwd_kv', [qkv, ids, dy, lse, dd, dqk, dv], scores.p),
  ];
}

/** The calls with the attention patterns fused; `fused` records (and is read for) p slices. */
/** `enabled` false: no new fusion, but readers of p slices fused earlier still get the redo. */
export function fuseAttention(calls: readonly KernelCall[], fused: Fused, keep: readonly BufferRef[] = [], enabled = true): KernelCall[] {
  if (!enabled && fused.size === 0) return [...calls];
  const out: KernelCall[] = [];
  for (let i = 0; i < calls.length; i++) {
    const f = enabled ? forward(calls, i, keep) : null;
    if (f) {
      fused.set(key(calls[i]!.args[2]!), calls[i]!);
      out.push(f);
      i += 1;
      continue;
    }
    const b = enabled ? backward(calls, i, fused) : null;
    if (b) {
      out.push(...b);
      i += 3;
      continue;
    }
    const c = calls[i]!;
    // An unfusable reader of a fused p: recompute the probabilities first (qkv and ids are alive
    // wherever p is read, since the same backward reads them after).
    const redo = c.kernel === 'attn_apply_bwd_v' ? fused.get(key(c.args[0]!)) : undefined;
    if (redo) out.push(redo);
    out.push(c);
  }
  return out;
}
