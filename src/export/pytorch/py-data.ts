// The exported script's data section (Python): the engine's seeded randomness (src/engine/rng.ts),
// its synthetic generators (src/engine/data/synthetic.ts), CSV and IDX reading, the split and the
// normalisation fitted on the training split (src/engine/data/prepare.ts). Values are computed in
// float64 and stored as float32 in the same order as the engine does, so the data are bit-identical.
export const DATA_PY = String.raw`
# ---------------------------------------------------------------- seeded randomness (rng.ts)
M32 = 0xFFFFFFFF


def imul(a, b):
    return (a * b) & M32


def pcg(v):
    state = (imul(v & M32, 747796405) + 2891336453) & M32
    word = imul(((state >> ((state >> 28) + 4)) ^ state) & M32, 277803737)
    return ((word >> 22) ^ word) & M32


def derive_seed(seed, label):
    h = (int(seed) ^ 0x9E3779B9) & M32
    for ch in label:
        h = imul(h ^ ord(ch), 0x01000193)
    return pcg(h)


class Rng:
    """sfc32, as the engine's Rng: initial weights, shuffles and synthetic data."""

    def __init__(self, seed):
        self.a, self.b, self.c, self.d = 0x9E3779B9, 0x243F6A88, 0xB7E15162, int(seed) & M32
        self.spare = None
        for _ in range(15):
            self.u32()

    def u32(self):
        t = (self.a + self.b + self.d) & M32
        self.d = (self.d + 1) & M32
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M32
        self.c = ((self.c << 21) | (self.c >> 11)) & M32
        self.c = (self.c + t) & M32
        return t

    def uniform(self):
        return self.u32() / 4294967296.0

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        u = self.uniform()
        while u <= 1e-12:
            u = self.uniform()
        v = self.uniform()
        r = math.sqrt(-2.0 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def shuffle(self, a):
        """Fisher-Yates in place on a list."""
        for i in range(len(a) - 1, 0, -1):
            j = int(self.uniform() * (i + 1))
            a[i], a[j] = a[j], a[i]


# ---------------------------------------------------------------- synthetic sets (synthetic.ts)
def f32(v):
    return float(np.float32(v))


def generate(s):
    rng = Rng(derive_seed(s["seed"], "synthetic:" + s["generator"]))
    n = max(1, int(s["size"]))
    noise, gen = s["noise"], s["generator"]

    def two(fn):
        x = np.zeros((n, 2), np.float32)
        y = np.zeros((n, 1), np.float32)
        for i in range(n):
            x[i, 0], x[i, 1], y[i, 0] = fn(i)
        return x, y, int(max(2, y.max() + 1))

    if gen == "xor":

        def xor(_):
            p = []
            for _d in range(2):
                u = 2 * rng.uniform() - 1
                sign = 1.0 if u > 0 or u == 0 else -1.0
                p.append(f32(sign * max(0.1, abs(0.1 + 0.9 * abs(u) + noise * rng.normal()))))
            return p[0], p[1], 1 if (p[0] > 0) != (p[1] > 0) else 0

        return two(xor)
    if gen == "circles":

        def circles(i):
            c, t = i % 2, 2 * math.pi * rng.uniform()
            r = 1.0 if c == 0 else 0.5
            a = r * math.cos(t) + noise * rng.normal()
            return a, r * math.sin(t) + noise * rng.normal(), c

        return two(circles)
    if gen == "moons":

        def moons(i):
            c, t = i % 2, math.pi * rng.uniform()
            a = (math.cos(t) if c == 0 else 1 - math.cos(t)) + noise * rng.normal()
            return a, (math.sin(t) if c == 0 else 0.5 - math.sin(t)) + noise * rng.normal(), c

        return two(moons)
    if gen == "spiral":
        K = max(2, s["classes"])

        def spiral(i):
            c, t = i % K, rng.uniform()
            th = c * 4 + t * 4 + noise * rng.normal()
            return t * math.sin(th), t * math.cos(th), c

        return two(spiral)
    if gen == "blobs":
        K, d = max(2, s["classes"]), max(1, s["features"])
        centers = [20 * rng.uniform() - 10 for _ in range(K * d)]
        x = np.zeros((n, d), np.float32)
        y = np.zeros((n, 1), np.float32)
        for i in range(n):
            c = i % K
            y[i, 0] = c
            for j in range(d):
                x[i, j] = centers[c * d + j] + noise * rng.normal()
        return x, y, K
    if gen == "linear":
        d, k = max(1, s["features"]), max(1, s.get("targets") or 1)
        w = [2 * rng.uniform() - 1 for _ in range(d * k)]
        b = [2 * rng.uniform() - 1 for _ in range(k)]
        x = np.zeros((n, d), np.float32)
        y = np.zeros((n, k), np.float32)
        for i in range(n):
            for j in range(d):
                x[i, j] = 2 * rng.uniform() - 1
            row = [float(v) for v in x[i]]
            for o in range(k):
                v = b[o]
                for j in range(d):
                    v += w[o * d + j] * row[j]
                y[i, o] = v + noise * rng.normal()
        return x, y, 0
    if gen == "sine":
        x = np.zeros((n, 1), np.float32)
        y = np.zeros((n, 1), np.float32)
        for i in range(n):
            u = math.pi * (2 * rng.uniform() - 1)
            x[i, 0] = u
            y[i, 0] = math.sin(u) + noise * rng.normal()
        return x, y, 0
    if gen == "adding":  # [steps, 2] per example: values, and two markers (one in each half)
        steps = max(2, s.get("steps") or 2)
        half = steps // 2
        x = np.zeros((n, steps, 2), np.float32)
        y = np.zeros((n, 1), np.float32)
        for i in range(n):
            for t in range(steps):
                x[i, t, 0] = rng.uniform()
            a = min(half - 1, int(math.floor(rng.uniform() * half)))
            b = half + min(steps - half - 1, int(math.floor(rng.uniform() * (steps - half))))
            x[i, a, 1] = x[i, b, 1] = 1
            y[i, 0] = float(x[i, a, 0]) + float(x[i, b, 0])
        return x.reshape(n, -1), y, 0
    if gen == "addition":  # synthetic-addition.ts: "a+b=" then the sum least significant first, ids
        digits = max(1, s.get("digits") or 3)
        base = 10**digits
        n = min(n, base * base)
        T, answer_at = 3 * digits + 2, 2 * digits + 2
        x = np.zeros((n, T), np.float32)
        y = np.full((n, T), -100, np.float32)
        seen = set()
        for i in range(n):
            while True:
                a = int(math.floor(rng.uniform() * base))
                b = int(math.floor(rng.uniform() * base))
                if a * base + b not in seen:
                    break
            seen.add(a * base + b)
            total = [((a + b) // 10**k) % 10 for k in range(digits + 1)]
            seq = [2 + int(c) for c in str(a).zfill(digits)] + [12] + [2 + int(c) for c in str(b).zfill(digits)] + [13]
            seq += [2 + d for d in total]
            x[i] = seq[:T]
            for t in range(answer_at - 1, T):
                y[i, t] = seq[t + 1]
        return x, y, 14
    raise ExportLimit("synthetic generator '%s'" % gen)


# ---------------------------------------------------------------- files (csv.ts, idx.ts)
MISSING = {"", "na", "n/a", "nan", "null", "none", "?"}


def read_csv(path, target, features, like_names=None):
    import csv

    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header, rows = [h.strip() for h in rows[0]], rows[1:]
    t = header.index(target)
    cols = [header.index(c) for c in features] if features else [i for i in range(len(header)) if i != t]
    x = np.zeros((len(rows), len(cols)), np.float32)
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            v = r[c].strip()
            if v.lower() in MISSING:
                x[i, j] = np.nan
            else:
                try:
                    x[i, j] = float(v)
                except ValueError:
                    raise ExportLimit("the non-numeric csv column '%s'" % header[c])
    values = [r[t].strip() for r in rows]
    if like_names is None and all(v.isdigit() for v in values):
        names = []
        y = np.array([[int(v)] for v in values], np.float32)
        classes = int(y.max()) + 1
    else:
        names = like_names or sorted(set(values))
        y = np.array([[names.index(v)] for v in values], np.float32)
        classes = len(names)
    return x, y, classes, names


def read_gz(path):
    import gzip

    with open(path, "rb") as f:
        raw = f.read()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def read_idx(images, labels):
    xi, yl = read_gz(images), read_gz(labels)
    dims = xi[3]
    shape = struct.unpack(">" + "I" * dims, xi[4 : 4 + 4 * dims])
    x = np.frombuffer(xi, np.uint8, offset=4 + 4 * dims).reshape(shape[0], -1)
    y = np.frombuffer(yl, np.uint8, offset=8).astype(np.float32).reshape(-1, 1)
    return x, y, max(10, int(y.max()) + 1)


def read_source(src, root, like=None, shape=None):
    """(x [N, D] uint8 or float32, y [N, K] float32, classes, class names)."""
    kind = src["kind"]
    if kind == "images":
        return read_images(os.path.join(root, src["folder"]), shape, like)
    if kind == "synthetic":
        x, y, classes = generate(src)
        return x, y, classes, []
    if kind == "csv":
        return read_csv(os.path.join(root, src["path"]), src["target"], src.get("features"), like)
    if kind == "idx":
        x, y, classes = read_idx(os.path.join(root, src["images"]), os.path.join(root, src["labels"]))
        return x, y, classes, []
    raise ExportLimit("the data source '%s'" % kind)


# ---------------------------------------------------------------- split and normalisation (prepare.ts)
def gather(x, rows, scale):
    return (x[rows].astype(np.float64) * scale).astype(np.float32)


def seq_sum(a):
    """Column sums added row by row, as the engine's loop does (numpy's sum is pairwise)."""
    return np.cumsum(a, axis=0)[-1] if len(a) else np.zeros(a.shape[1:])


def fit_normalizer(x, method):
    x64 = x.astype(np.float64)
    if method == "standardize":
        mean = seq_sum(x64) / len(x)
        std = np.sqrt(seq_sum((x64 - mean) ** 2) / len(x))
        shift, div = mean.astype(np.float32), std.astype(np.float32)
    else:
        lo, hi = x64.min(axis=0), x64.max(axis=0)
        shift, div = lo.astype(np.float32), (hi - lo).astype(np.float32)
    div[div == 0] = 1
    return shift, div


def load_splits(spec, run_seed, root, input_shape):
    """{'train': (x, y), 'val': ..., 'test': ...} as float32 arrays, and the class count."""
    input_len = int(np.prod(input_shape))
    if spec["source"]["kind"] in ("text", "csv") and (spec["source"]["kind"] == "text" or spec["source"].get("sequence")):
        if spec["source"]["kind"] == "csv":
            out, classes = load_series(spec, root)
        elif spec["source"].get("column") is not None:
            out, classes = load_text_rows(spec, run_seed, root)
        else:
            out, classes = load_text_windows(spec, root)
        return check_width(out, input_len), classes
    x, y, classes, names = read_source(spec["source"], root, None, input_shape)
    n = len(y)
    order = list(range(n))
    if spec["shuffle"] != "off":
        seed = spec["shuffle"].get("seed")
        Rng(derive_seed(run_seed if seed is None else seed, "split")).shuffle(order)
    val, test = spec["split"]["val"], 0 if spec.get("testSource") else spec["split"]["test"]
    n_test, n_val = int(math.floor(test * n + 0.5)), int(math.floor(val * n + 0.5))
    n_train = n - n_val - n_test
    if n_train < 1:
        raise SystemExit("split leaves no training data (%d examples)" % n)
    scale = spec.get("scale") or 1.0
    parts = {"train": order[:n_train], "val": order[n_train : n_train + n_val], "test": order[n_train + n_val :]}
    out = {k: (gather(x, r, scale), y[r]) for k, r in parts.items() if len(r) > 0}
    if spec.get("testSource"):
        tx, ty, tc, _ = read_source(spec["testSource"], root, names or None, input_shape)
        out["test"] = (gather(tx, list(range(len(ty))), scale), ty)
        classes = max(classes, tc)
    if any(np.isnan(v[0]).any() for v in out.values()):  # missing csv cells: the training column's mean
        col = np.nanmean(out["train"][0].astype(np.float64), axis=0)
        for a, _b in out.values():
            a[np.isnan(a)] = np.take(np.nan_to_num(col), np.where(np.isnan(a))[1])
    if spec.get("normalize"):
        shift, div = fit_normalizer(out["train"][0], spec["normalize"])
        for k, (a, b) in list(out.items()):
            out[k] = (((a.astype(np.float64) - shift) / div).astype(np.float32), b)
    return check_width(out, input_len), classes


def check_width(out, input_len):
    for a, _b in out.values():
        if a.shape[1] != input_len:
            raise SystemExit("the data has %d features per example, the model takes %d" % (a.shape[1], input_len))
    return out
`;
