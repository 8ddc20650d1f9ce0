// The exported script's training recipe (Python): initial weights as the engine draws them
// (src/engine/init.ts), safetensors read and written with struct + json + numpy, the losses
// (every one a mean, as the CPU backend's), the optimizers and their parameter groups, the
// schedules' closed forms (src/engine/optim/schedule.ts), metrics (train/metrics.ts) and early
// stopping (train/early-stop.ts).
export const RECIPE_PY = String.raw`
# ---------------------------------------------------------------- initial weights (init.ts)
def initial_weights(seed):
    rng = Rng(derive_seed(seed, "init"))
    out = {}
    for p in EXPERIMENT["params"]:
        size, spec, fi, fo = int(np.prod(p["shape"])), p["init"], p["fanIn"], p["fanOut"]
        kind = spec["kind"]
        if kind == "sinusoidal":  # the fixed table [positions, features] of "Attention is all you need"
            pos, j = np.arange(fi, dtype=np.float64)[:, None], np.arange(fo)[None, :]
            angle = pos / np.power(10000.0, (2 * (j // 2)) / fo)
            data = np.where(j % 2 == 0, np.sin(angle), np.cos(angle)).reshape(-1)
        elif kind in ("zeros", "ones"):
            data = np.full(size, 0.0 if kind == "zeros" else 1.0)
        elif kind in ("uniform", "xavier_uniform", "he_uniform"):
            lo, hi = (
                (spec["low"], spec["high"])
                if kind == "uniform"
                else (-math.sqrt(6 / (fi + fo)), math.sqrt(6 / (fi + fo)))
                if kind == "xavier_uniform"
                else (-math.sqrt(6 / fi), math.sqrt(6 / fi))
            )
            data = [lo + (hi - lo) * rng.uniform() for _ in range(size)]
        else:
            m, s = (
                (spec["mean"], spec["std"])
                if kind in ("normal", "normal_pad")
                else (0.0, math.sqrt(2 / (fi + fo)))
                if kind == "xavier_normal"
                else (0.0, math.sqrt(2 / fi))
            )
            data = [m + s * rng.normal() for _ in range(size)]
            if kind == "normal_pad" and spec["zeroRow"] >= 0:  # nn.Embedding's padding row
                data[spec["zeroRow"] * fo : (spec["zeroRow"] + 1) * fo] = [0.0] * fo
        out[p["name"]] = np.array(data, np.float32).reshape(p["shape"])
    return out


# ---------------------------------------------------------------- safetensors, without the library
def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] != "F32":
            raise SystemExit("%s: tensor %s is %s; only F32 is read" % (path, name, t["dtype"]))
        a, b = t["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a : 8 + n + b], "<f4").reshape(t["shape"]).copy()
    return out


def write_safetensors(path, tensors, metadata):
    header, blobs, at = {"__metadata__": metadata}, [], 0
    for name, a in tensors.items():
        b = np.ascontiguousarray(a, "<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    os.replace(tmp, path)


def load_weights(model, tensors, source):
    own = model.state_dict()
    missing = [k for k in own if k not in tensors]
    extra = [k for k in tensors if k not in own]
    wrong = [k for k in own if k in tensors and tuple(tensors[k].shape) != tuple(own[k].shape)]
    if missing or extra or wrong:
        raise SystemExit("%s does not fit the model: missing %s, extra %s, other shape %s" % (source, missing, extra, wrong))
    model.load_state_dict({k: torch.from_numpy(np.asarray(v, np.float32)) for k, v in tensors.items()})


# ---------------------------------------------------------------- loss, optimizer, schedule
IGNORE_INDEX = -100  # a padded target position (PyTorch's ignore_index default)


def make_loss(spec, one_hot):
    kind = spec["kind"]
    if kind == "cross_entropy":
        smoothing = spec.get("labelSmoothing", 0)

        def cross_entropy(out, t):
            if out.dim() == 2:
                return F.cross_entropy(out, t[:, 0].long(), label_smoothing=smoothing)
            # per token: [B, T, V] against [B, T], the mean over tokens whose target is not -100 (padding)
            rows, ids = out.reshape(-1, out.shape[-1]), t.reshape(-1).long()
            if not bool((ids != IGNORE_INDEX).any()):
                return rows.sum() * 0.0  # the engine's 0 where PyTorch gives NaN
            return F.cross_entropy(rows, ids, ignore_index=IGNORE_INDEX, label_smoothing=smoothing)

        return cross_entropy

    def target(t):
        return F.one_hot(t[:, 0].long(), one_hot).float() if one_hot else t

    if kind == "mse":
        return lambda out, t: F.mse_loss(out, target(t))
    if kind == "mae":
        return lambda out, t: F.l1_loss(out, target(t))
    if kind == "huber":
        return lambda out, t: F.huber_loss(out, target(t), delta=spec["delta"])
    pw = spec.get("posWeight", 1)
    weight = None if pw == 1 else torch.tensor(float(pw))
    return lambda out, t: F.binary_cross_entropy_with_logits(out, t, pos_weight=None if weight is None else weight.to(out.device))


def make_optimizer(model, cfg, decayed):
    o, wd = cfg["optimizer"], cfg["weightDecay"]
    named = [(k, p) for k, p in model.named_parameters()]
    weights_only = cfg.get("weightDecayOn") == "weights"
    groups = [
        {"params": [p for k, p in named if k in decayed or not weights_only], "weight_decay": wd},
        {"params": [p for k, p in named if k not in decayed and weights_only], "weight_decay": 0.0},
    ]
    groups = [g for g in groups if g["params"]]
    kind, lr = o["kind"], o["lr"]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr, momentum=o["momentum"], dampening=o["dampening"], nesterov=o["nesterov"])
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        return cls(groups, lr, betas=(o["beta1"], o["beta2"]), eps=o["eps"], amsgrad=o.get("amsgrad", False))
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr, alpha=o["alpha"], eps=o["eps"], momentum=o["momentum"], centered=o.get("centered", False))
    if kind == "adagrad":
        return torch.optim.Adagrad(
            groups, lr, lr_decay=o.get("lrDecay", 0), eps=o["eps"], initial_accumulator_value=o.get("initialAccumulatorValue", 0)
        )
    raise ExportLimit("the optimizer '%s'" % kind)


def learning_rate(base, s, epoch, step, steps_per_epoch, epochs):
    """The closed forms of torch.optim.lr_scheduler at the scheduler's count (schedule.ts)."""
    per_step = s.get("per") == "step"
    t = step if per_step else epoch
    length = epochs * steps_per_epoch if per_step else epochs
    kind = s["kind"]
    if kind == "constant":
        return base
    if kind == "step":
        return base * s["gamma"] ** (t // s["stepSize"])
    if kind == "exponential":
        return base * s["gamma"] ** t
    if kind == "cosine":
        return s["minLr"] + (base - s["minLr"]) * (1 + math.cos(math.pi * t / (s.get("tMax") or length))) / 2
    if kind == "warmup":
        tw = epoch if s.get("unit") == "epoch" else step
        start = s.get("startFactor", 1 / max(1, s["steps"]))
        inner = learning_rate(base, s["then"], epoch, step, steps_per_epoch, epochs)
        return inner * (start + (1 - start) * min(tw, s["steps"]) / s["steps"])
    if kind == "onecycle":
        return one_cycle(s, s.get("maxLr") or base, step, s.get("totalSteps") or epochs * steps_per_epoch)
    raise ExportLimit("the schedule '%s'" % kind)


def one_cycle(s, max_lr, t, total):
    initial = max_lr / s["divFactor"]
    low = initial / s["finalDivFactor"]
    p = s["pctStart"]
    if s["threePhase"]:
        phases = [(p * total - 1, initial, max_lr), (2 * p * total - 2, max_lr, initial), (total - 1, initial, low)]
    else:
        phases = [(p * total - 1, initial, max_lr), (total - 1, max_lr, low)]

    def anneal(a, b, pct):
        return (b - a) * pct + a if s["anneal"] == "linear" else b + (a - b) / 2 * (math.cos(math.pi * pct) + 1)

    start = 0
    for i, (end, a, b) in enumerate(phases):
        if t <= end or i == len(phases) - 1:
            return anneal(a, b, min(1, (t - start) / (end - start)))
        start = end
    return low


# ---------------------------------------------------------------- metrics and early stopping
def sequence_scores(out, target, probabilities):
    """seq-metrics.ts: out [N, T, V], target [N, T] with -100 for padding."""
    keep = target != IGNORE_INDEX
    t = np.where(keep, target, 0).astype(np.int64)
    picked = np.take_along_axis(out, t[..., None], 2)[..., 0]
    if probabilities:
        ce = -np.log(np.maximum(picked, 1e-45))
    else:
        mx = out.max(axis=2)
        ce = mx + np.log(np.exp(out - mx[..., None]).sum(axis=2)) - picked
    right = (out.argmax(axis=2) == t) & keep
    counted, samples = int(keep.sum()), keep.any(axis=1)
    all_right = (right | ~keep).all(axis=1) & samples
    return {
        "perplexity": math.exp(float(ce[keep].sum()) / counted) if counted else 1.0,
        "token_accuracy": float(right.sum()) / counted if counted else 0.0,
        "sequence_accuracy": float(all_right.sum()) / int(samples.sum()) if samples.any() else 0.0,
    }


def compute_metrics(names, out, target, classes, logits, tokens=1, probabilities=False):
    """out [N, D] float64, target [N, K]: metrics.ts's definitions (macro precision/recall/f1). A
    per-token task (tokens T > 1: out [N, T*V]) counts each non-padding token as one example."""
    m = {}
    seq = [k for k in names if k in ("perplexity", "token_accuracy", "sequence_accuracy")]
    V = out.shape[1] // tokens
    if seq and classes > 0 and V >= 2:
        every = sequence_scores(out.reshape(len(out), tokens, V), target.reshape(len(out), tokens), probabilities)
        m.update({k: every[k] for k in seq})
    if "mae" in names or "r2" in names:
        m.update(regression_metrics(names, out, target))
    if tokens > 1:
        keep = target.reshape(-1) != IGNORE_INDEX
        out, target = out.reshape(-1, V)[keep], target.reshape(-1, 1)[keep]
    cls = [k for k in names if k in ("accuracy", "precision", "recall", "f1")]
    if cls and classes > 0:
        D = out.shape[1]
        pred = (out[:, 0] > (0 if logits else 0.5)).astype(int) if D == 1 else out.argmax(axis=1)
        t = np.rint(target[:, 0]).astype(int)
        C = max(classes, D, 2)
        tp, fp, fn = np.zeros(C), np.zeros(C), np.zeros(C)
        seen = np.zeros(C, bool)
        seen[pred], seen[t] = True, True
        np.add.at(tp, pred[pred == t], 1)
        np.add.at(fp, pred[pred != t], 1)
        np.add.at(fn, t[pred != t], 1)
        pr = np.where(tp + fp > 0, tp / np.maximum(tp + fp, 1), 0)[seen]
        rc = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), 0)[seen]
        f1 = np.where(pr + rc > 0, 2 * pr * rc / np.maximum(pr + rc, 1e-300), 0)
        every = {"accuracy": float((pred == t).mean()), "precision": pr.mean(), "recall": rc.mean(), "f1": f1.mean()}
        m.update({k: float(every[k]) for k in cls})
    return m


def regression_metrics(names, out, target):
    m = {}
    e = out.reshape(-1) - target.reshape(-1)
    tot = ((target.reshape(-1) - target.mean()) ** 2).sum()
    res = (e * e).sum()
    if "mae" in names:
        m["mae"] = float(np.abs(e).mean())
    if "r2" in names:
        m["r2"] = float(1 - res / tot if tot > 0 else (1.0 if res == 0 else 0.0))
    return m


class EarlyStopper:
    def __init__(self, spec, has_val):
        self.spec, self.wait, self.best_epoch = spec, 0, 0
        self.best = math.inf if spec["mode"] == "min" else -math.inf
        mon = spec["monitor"]
        self.key = ("loss" if mon == "val_loss" else "train_" + mon[4:]) if not has_val and mon.startswith("val_") else mon

    def update(self, metrics, epoch):
        v = metrics.get(self.key)
        if v is None or math.isnan(v):
            return False
        d = self.spec["minDelta"]
        better = v < self.best - d if self.spec["mode"] == "min" else v > self.best + d
        if better:
            self.best, self.best_epoch, self.wait = v, epoch, 0
            return False
        self.wait += 1
        return self.wait >= self.spec["patience"]

    def message(self):
        return "early stop: %s did not improve for %d epochs (best %.4g at epoch %d)" % (
            self.key, self.spec["patience"], self.best, self.best_epoch)
`;
