// The exported script's sequence ops (Python), one function per graph op, with the engine's
// definitions (backends/cpu/attention.ts, recurrent.ts, seq.ts), which are PyTorch's:
// nn.MultiheadAttention's scaled dot-product scores over the packed in_proj (q | k | v), and
// torch.nn.RNN / LSTM / GRU's formulas and gate orders with a zero initial state. Parameters stay
// the graph's (PyTorch's names and layouts), so a run's safetensors loads without renaming.
export const SEQ_PY = String.raw`
# ---------------------------------------------------------------- sequence ops (attention.ts, recurrent.ts, seq.ts)
def token_rows(ids, vocab):
    """Token ids (stored as float, exact below 2^24) as rows of an embedding table of vocab rows."""
    return ids.long().clamp(0, vocab - 1)


def attn_scores(qkv, heads, causal, ids=None, shift=0):
    """softmax(q k^T / sqrt(D/H) + mask) [B, H, T, T]. Masked: later keys (causal) and padded keys
    (id 0; after a cls_token the ids are [T - shift] and the first shift keys never are); a query
    whose keys are all masked gets zeros (PyTorch 1.13 would give NaN)."""
    B, T, D3 = qkv.shape
    d = D3 // 3
    q = qkv[..., :d].reshape(B, T, heads, -1).transpose(1, 2)
    k = qkv[..., d : 2 * d].reshape(B, T, heads, -1).transpose(1, 2)
    s = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(d / heads))
    mask = torch.zeros((B, 1, T, T), dtype=torch.bool, device=qkv.device)
    if causal:
        mask = mask | torch.ones((T, T), dtype=torch.bool, device=qkv.device).triu(1)
    if ids is not None:
        pad = F.pad(ids == 0, (shift, 0), value=False) if shift else ids == 0
        mask = mask | pad[:, None, None, :]
    full = mask.all(dim=-1, keepdim=True)
    p = F.softmax(s.masked_fill(mask, -math.inf).masked_fill(full, 0.0), dim=-1)
    return p.masked_fill(full, 0.0)


def attn_apply(p, qkv, heads):
    """p [B, H, T, T] times the values of qkv [B, T, 3D]: [B, T, D], the heads merged back."""
    B, T, D3 = qkv.shape
    d = D3 // 3
    v = qkv[..., 2 * d :].reshape(B, T, heads, -1).transpose(1, 2)
    return (p @ v).transpose(1, 2).reshape(B, T, d)


def recurrent(x, cell, hidden, dirs, weights):
    """One stacked layer of nn.RNN / LSTM / GRU, both directions, zero initial state: [B, T, dirs*H].
    weights: per direction weight_ih, weight_hh, bias_ih, bias_hh."""
    B, T, _ = x.shape
    outs = []
    for d in range(dirs):
        w_ih, w_hh, b_ih, b_hh = weights[4 * d : 4 * d + 4]
        xg = x @ w_ih.t()
        h = x.new_zeros(B, hidden)
        c = x.new_zeros(B, hidden)
        ys = [None] * T
        for t in range(T - 1, -1, -1) if d else range(T):
            gx, gh = xg[:, t] + b_ih, h @ w_hh.t() + b_hh
            if cell == "lstm":
                i, f, g, o = (gx + gh).chunk(4, 1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                h = torch.sigmoid(o) * torch.tanh(c)
            elif cell == "gru":
                xr, xz, xn = gx.chunk(3, 1)
                hr, hz, hn = gh.chunk(3, 1)
                r, z = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
                h = (1 - z) * torch.tanh(xn + r * hn) + z * h
            else:
                h = (torch.tanh if cell == "rnn_tanh" else torch.relu)(gx + gh)
            ys[t] = h
        outs.append(torch.stack(ys, 1))
    return torch.cat(outs, -1)


def last_state(x, hidden, dirs):
    """h_n: the forward direction's last step, the reverse direction's first."""
    return x[:, -1] if dirs == 1 else torch.cat([x[:, -1, :hidden], x[:, 0, hidden:]], -1)


def seq_pool(x, mode, shift, tokens=None):
    """[B, T, D] -> [B, D]: mean, last or first; with tokens, positions past shift whose id is 0 are
    padding (left out of mean and last; a sample with none counted pools to zeros)."""
    B, T, _ = x.shape
    if mode == "first":
        return x[:, 0]
    keep = torch.ones((B, T), dtype=torch.bool, device=x.device)
    if tokens is not None:
        keep[:, shift:] = tokens != 0
    if mode == "last":
        pos = torch.arange(T, device=x.device).expand(B, T)
        last = torch.where(keep, pos, torch.full_like(pos, -1)).max(1).values
        return x[torch.arange(B, device=x.device), last.clamp(min=0)] * (last >= 0).to(x.dtype)[:, None]
    w = keep.to(x.dtype)
    return (x * w[..., None]).sum(1) / w.sum(1, keepdim=True).clamp(min=1)
`;
