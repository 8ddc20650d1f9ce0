// The exported script's pruning (Python): train/prune.ts's magnitude pruning. At each epoch's
// start the schedule's sparsity, the masks of the dense and conv weights (single weights by |w|,
// or output channels by L2 norm; ranked globally by RMS or per tensor; ties to the first), the
// weights zeroed; the gradients are masked after backward and the weights after every optimizer
// step, as the engine's plan does (plan/update.ts pruneCalls), so pruned weights stay exactly 0.
export const PRUNE_PY = String.raw`
# ---------------------------------------------------------------- pruning (train/prune.ts)
def sparsity_at(spec, epoch):
    """The target sparsity at the start of epoch (0-based): Zhu & Gupta's cubic, or linear."""
    e = epoch + 1
    if e < spec["from"]:
        return 0.0
    frac = min(1.0, (e - spec["from"] + 1) / (spec["to"] - spec["from"] + 1))
    return spec["sparsity"] * frac if spec["curve"] == "linear" else spec["sparsity"] * (1 - (1 - frac) ** 3)


def channels(w):
    """A weight's output channels as rows: dense [in, out] by column, conv [o, ...] by the first axis."""
    return w.T if w.ndim == 2 else w.reshape(w.shape[0], -1)


def prune_masks(model, names, spec, sparsity):
    """{name: mask}: the floor(sparsity * units) lowest-scoring units of each group pruned."""
    params = dict(model.named_parameters())
    masks = {k: torch.ones_like(params[k]) for k in names}
    if sparsity <= 0:
        return masks
    scores = []
    for k in names:
        w = params[k].detach().cpu().double().numpy()
        if spec["by"] == "weight":
            scores.append(np.abs(w.reshape(-1)))
        else:
            ch = channels(w)
            sq = (ch * ch).sum(axis=1)
            scores.append(np.sqrt(sq / ch.shape[1]) if spec["scope"] == "global" else np.sqrt(sq))

    def cover(k, u):
        m = masks[k]
        if spec["by"] == "weight":
            m.view(-1)[u] = 0
        elif m.dim() == 2:
            m[:, u] = 0
        else:
            m[u] = 0

    groups = [list(range(len(names)))] if spec["scope"] == "global" else [[g] for g in range(len(names))]
    for group in groups:
        every = np.concatenate([scores[g] for g in group])
        owner = [(g, u) for g in group for u in range(len(scores[g]))]
        for i in np.argsort(every, kind="stable")[: int(math.floor(sparsity * len(every) + 1e-9))]:
            cover(names[owner[i][0]], owner[i][1])
    return masks


def apply_masks(tensors, masks):
    with torch.no_grad():
        for k, m in masks.items():
            if tensors[k] is not None:
                tensors[k].mul_(m)
`;
