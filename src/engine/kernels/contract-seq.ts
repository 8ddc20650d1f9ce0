// The kernels of token and sequence models (contract.ts spreads them). Sizes are per sample;
// every kernel runs over rt.n samples. qkv is [t, 3d]: q | k | v, each split into h heads of
// d/h along its width (PyTorch's in_proj layout); p is [h, t, t] (query rows, key columns).
export const SEQUENCE_KERNELS = {
  // y [t, d] = rows of w [v, d] at ids [t] (clamped into 0..v-1).
  embed_fwd: { args: ['ids', 'w', 'y'], params: ['t', 'd', 'v'] },
  // dw [v, d] = sum of dy rows per id; row pad (-1: none) stays zero.
  embed_bwd: { args: ['ids', 'dy', 'dw'], params: ['t', 'd', 'v', 'pad'] },
  // dw [total] = sum over samples of dy [len], zeros past len (a positional table longer than T).
  pos_grad: { args: ['dy', 'dw'], params: ['len', 'total'] },
  // p = softmax(q k^T * scale + mask); masked: keys with ids 0 are -inf, ids [t - shift] giving
  // keys shift.. (the first shift keys, prepended, never masked); causal: keys after the query
  // are. A row with every key masked is zeros.
  attn_scores_fwd: { args: ['qkv', 'ids', 'p'], params: ['t', 'd', 'h', 'scale'], optional: ['causal', 'masked', 'shift'] },
  // From ds (the scores' gradient, softmax_bwd of p): dq = ds k * scale, dk = ds^T q * scale, dv = 0.
  attn_scores_bwd: { args: ['qkv', 'ds', 'dqkv'], params: ['t', 'd', 'h', 'scale'] },
  // y [t, d] = p v, heads merged.
  attn_apply_fwd: { args: ['p', 'qkv', 'y'], params: ['t', 'd', 'h'] },
  // dp = dy v^T per head.
  attn_apply_bwd_p: { args: ['dy', 'qkv', 'dp'], params: ['t', 'd', 'h'] },
  // dv = p^T dy per head; dq = dk = 0.
  attn_apply_bwd_v: { args: ['p', 'dy', 'dqkv'], params: ['t', 'd', 'h'] },
} as const;
