// The exported script's text sources (Python): the engine's tokenizers ported (tokenizers/: the
// char and word vocabularies, byte-level BPE with GPT-2's pieces), learned from the training part
// as the engine learns them, and language-model windows (text.ts, windows.ts). JavaScript's
// regular expressions (\s, \p{L}, \p{N}, \p{M}) are spelled out with unicodedata, and ties in the
// vocabulary order compare UTF-16 code units as JavaScript's < does, so the ids are the engine's
// (test/unit/export/pytorch-text.test.ts compares them on the bundled texts).
export const TEXT_PY = String.raw`
# ---------------------------------------------------------------- text: tokenizers (tokenizers/*.ts)
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
UNK_ID = 1
BPE_DEFAULT_VOCAB = 512


def cat(c):
    return unicodedata.category(c)[0]


def specials(o):
    return ["<pad>", "<unk>"] + (["<bos>"] if o["bos"] else []) + (["<eos>"] if o["eos"] else [])


def split_words(text, o):
    """word.ts: runs of letters, digits, marks, _ and ' (each other non-space character a token of
    its own), or with punct off runs of non-space; lower-cased first unless lower is off."""
    text = text.lower() if o["lower"] else text
    out, i, n = [], 0, len(text)
    wordish = (lambda c: c in "_'" or cat(c) in "LNM") if o["punct"] else (lambda c: c not in JS_SPACE)
    while i < n:
        if text[i] in JS_SPACE:
            i += 1
        elif wordish(text[i]):
            j = i
            while j < n and wordish(text[j]):
                j += 1
            out.append(text[i:j])
            i = j
        else:
            out.append(text[i])
            i += 1
    return out


def learn_vocab(tokens, o, unit):
    """vocab.ts: specials, then the training text's tokens most frequent first (ties in UTF-16 order)."""
    sp, counts = specials(o), {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    ranked = sorted((t for t, c in counts.items() if c >= o["minCount"]), key=lambda t: (-counts[t], t.encode("utf-16-be", "surrogatepass")))
    v = o["vocab"]
    if v is not None and v < len(sp) + 1:
        raise SystemExit("vocab %d leaves no room besides the %d special tokens" % (v, len(sp)))
    if v is not None and v > len(sp) + len(ranked):
        raise SystemExit("vocab %d but the training text has only %d distinct %s; lower it or leave it out" % (v, len(ranked), unit))
    return sp + (ranked if v is None else ranked[: v - len(sp)])


def gpt2_pieces(text):
    """bpe.ts's pieces: 's 't 're 've 'm 'll 'd | ?L+ | ?N+ | ?[^\\s L N]+ | \\s+(?!\\S) | \\s+."""
    out, i, n = [], 0, len(text)
    kinds = (lambda c: cat(c) == "L", lambda c: cat(c) == "N", lambda c: c not in JS_SPACE and cat(c) not in "LN")

    def run(j, pred):
        while j < n and pred(text[j]):
            j += 1
        return j

    while i < n:
        con = next((c for c in ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d") if text.startswith(c, i)), None)
        if con:
            out.append(con)
            i += len(con)
            continue
        j = i + 1 if text[i] == " " and i + 1 < n else i
        pred = next((p for p in kinds if p(text[j])), None)
        if pred:
            k = run(j, pred)
        else:  # whitespace: all of it at the end, else all but the last (which leads the next piece)
            k = run(i, lambda c: c in JS_SPACE)
            if k < n and k - 1 > i:
                k -= 1
        out.append(text[i:k])
        i = k
    return out


def merge_all(ids, pair, new):
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def learn_bpe(text, o):
    """bpe.ts: the most frequent adjacent pair merges into a new id (ties: the smaller pair) until
    vocab ids exist or no pair occurs twice."""
    base, counts = len(specials(o)), {}
    limit = o["vocab"] or BPE_DEFAULT_VOCAB
    if limit < base + 256:
        raise SystemExit("bpe needs vocab %d or more" % (base + 256))
    for p in gpt2_pieces(text):
        counts[p] = counts.get(p, 0) + 1
    words = [[[b + base for b in p.encode("utf-8", "replace")], c] for p, c in counts.items()]
    merges = []
    while base + 256 + len(merges) < limit:
        pairs = {}
        for ids, c in words:
            for pair in zip(ids, ids[1:]):
                pairs[pair] = pairs.get(pair, 0) + c
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0])) if pairs else None
        if not best or best[1] < 2:
            if o["vocab"] is not None:
                raise SystemExit("vocab %d but the training text fills only %d ids" % (o["vocab"], base + 256 + len(merges)))
            break
        merges.append(best[0])
        for w in words:
            w[0] = merge_all(w[0], best[0], base + 255 + len(merges))
    return merges


class Tokenizer:
    """learnTokenizer: learned from the training text; encode(text) gives the engine's ids."""

    def __init__(self, text, o):
        self.o, self.cache = o, {}
        if o["kind"] == "bpe":
            self.base, merges = len(specials(o)), learn_bpe(text, o)
            self.rank = {pair: i for i, pair in enumerate(merges)}
            self.size = self.base + 256 + len(merges)
            return
        self.split = list if o["kind"] == "char" else (lambda s: split_words(s, o))
        tokens = learn_vocab(self.split(text), o, "characters" if o["kind"] == "char" else "words")
        first = len(specials(o))
        self.ids = {t: i for i, t in enumerate(tokens) if i >= first}
        self.size = len(tokens)

    def piece(self, p):
        ids = [b + self.base for b in p.encode("utf-8", "replace")]
        while True:
            ranked = [(self.rank[pair], pair) for pair in zip(ids, ids[1:]) if pair in self.rank]
            if not ranked:
                return ids
            r, pair = min(ranked)
            ids = merge_all(ids, pair, self.base + 256 + r)

    def encode(self, text):
        if self.o["kind"] != "bpe":
            return [self.ids.get(t, UNK_ID) for t in self.split(text)]
        out = []
        for p in gpt2_pieces(text):
            if p not in self.cache:
                self.cache[p] = self.piece(p)
            out.extend(self.cache[p])
        return out

    def encode_marked(self, text):
        """With <bos> and <eos> around it when asked (an empty text stays empty)."""
        if not text:
            return []
        bos, eos = self.o["bos"], self.o["eos"]
        return ([2] if bos else []) + self.encode(text) + ([3 if bos else 2] if eos else [])


# ---------------------------------------------------------------- text: language-model windows (text.ts, windows.ts)
def read_text(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


def cut_rows(n, val, test):
    n_test, n_val = int(math.floor(test * n + 0.5)), int(math.floor(val * n + 0.5))
    if n - n_val - n_test < 1:
        raise SystemExit("split leaves no training data (%d items, val %s, test %s)" % (n, val, test))
    return (0, n - n_val - n_test), (n - n_val - n_test, n - n_test), (n - n_test, n)


def lm_windows(ids, T, stride, what, path):
    """x = ids [t, t+T), y = ids [t+1, t+T+1), one window every stride ids while a whole one fits."""
    if not ids:
        return None
    count = (len(ids) - T - 1) // stride + 1 if len(ids) >= T + 1 else 0
    if count == 0:
        raise SystemExit("%s: window %d is longer than the %s (%d tokens; a window needs %d)" % (path, T, what, len(ids), T + 1))
    a = np.array(ids, np.float32)
    starts = np.arange(count)[:, None] * stride + np.arange(T)[None, :]
    return a[starts], a[starts + 1]


def load_text_windows(spec, root):
    """{'train': (x [N, T], y [N, T]), ...} and the vocabulary size: the text cut by characters into
    train, val and test (in that order), the tokenizer learned from the training part."""
    src = spec["source"]
    T, path = src["window"], os.path.join(root, src["path"])
    if T is None:
        raise SystemExit("%s: text(...) needs 'window N'" % src["path"])
    stride = src.get("stride") or T
    test_src = spec.get("testSource")
    separate = test_src is not None and test_src["kind"] == "text"
    chars = list(read_text(path))
    cuts = cut_rows(len(chars), spec["split"]["val"], 0 if separate else spec["split"]["test"])
    train, val, test = ("".join(chars[a:b]) for a, b in cuts)
    tok = Tokenizer(train, src["tokenizer"])
    out = {"train": lm_windows(tok.encode_marked(train), T, stride, "training text", src["path"])}
    if out["train"] is None:
        raise SystemExit("%s: the text is empty" % src["path"])
    if separate:
        test = read_text(os.path.join(root, test_src["path"]))
    for k, part in (("val", val), ("test", test)):
        w = lm_windows(tok.encode_marked(part), T, stride, "%s part of the text" % k, src["path"])
        if w is not None:
            out[k] = w
    return out, tok.size


# ---------------------------------------------------------------- forecasting windows (series.ts)
def load_series(spec, root):
    """csv(..., window T, horizon H): the columns as one series in file order (a missing value repeats
    the row above), cut into train, val and test in time order, every column normalised with the
    training rows' statistics (float64 shift and divisor), x = rows [t, t+T) of F columns, y = the
    target's next H values."""
    import csv

    src, w = spec["source"], spec["source"]["sequence"]
    cols = list(src.get("features") or [src["target"]])
    cols = cols if src["target"] in cols else cols + [src["target"]]
    F, T, H, stride = len(cols), w["window"], w["horizon"], w["stride"]
    with open(os.path.join(root, src["path"]), newline="") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]]
    at = [header.index(c) for c in cols]
    values = np.zeros((len(rows) - 1, F), np.float32)
    for i, r in enumerate(rows[1:]):
        for j, c in enumerate(at):
            v = r[c].strip() if c < len(r) else ""
            if v.lower() in MISSING:
                if i == 0:
                    raise SystemExit("%s: column '%s' is missing in the first row" % (src["path"], cols[j]))
                values[i, j] = values[i - 1, j]
            else:
                try:
                    values[i, j] = float(v)
                except ValueError:
                    raise SystemExit("%s: column '%s': '%s' is not a number" % (src["path"], cols[j], v))
    parts = cut_rows(len(values), spec["split"]["val"], spec["split"]["test"])
    train = values[: parts[0][1]].astype(np.float64)
    if (spec.get("normalize") or "standardize") == "minmax":
        shift, div = train.min(axis=0), train.max(axis=0) - train.min(axis=0)
    else:
        shift = seq_sum(train) / len(train)
        div = np.sqrt(seq_sum((train - shift) ** 2) / len(train))
    div[div == 0] = 1
    values = ((values.astype(np.float64) - shift) / div).astype(np.float32)
    target = cols.index(src["target"])
    out = {}
    for k, (a, b), what in zip(("train", "val", "test"), parts, ("training", "validation", "test")):
        if b == a:
            continue
        n = b - a
        count = (n - T - H) // stride + 1 if n >= T + H else 0
        if count == 0:
            raise SystemExit("%s: window %d + horizon %d is longer than the %s rows (%d)" % (src["path"], T, H, what, n))
        starts = np.arange(count) * stride + a
        x = values[starts[:, None] + np.arange(T)[None, :]].reshape(count, T * F)
        y = values[starts[:, None] + T + np.arange(H)[None, :], target]
        out[k] = (x, y)
    return out, 0


# ---------------------------------------------------------------- a CSV of texts (text-csv.ts)
def read_text_rows(path, column, label):
    import csv

    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [[c.strip() for c in r] for r in csv.reader(f) if any(c.strip() for c in r)]
    header, body = rows[0], rows[1:]
    c, t = header.index(column), header.index(label)
    body = [r for r in body if t < len(r) and r[t].lower() not in MISSING]
    if not body:
        raise SystemExit("%s: every row lacks a '%s' value" % (path, label))
    return [r[c] if c < len(r) else "" for r in body], [r[t] for r in body]


def class_ids(values, like=None):
    """csv.ts encodeTarget for class labels: integer labels are the ids, else names in sorted order."""
    ints = all(v.isdigit() for v in values)
    if ints and not like:
        y = [int(v) for v in values]
        return np.array(y, np.float32).reshape(-1, 1), max(2, max(y) + 1), []
    names = like or sorted(set(values), key=lambda v: v.encode("utf-16-be", "surrogatepass"))
    missing = [v for v in values if v not in names]
    if missing:
        raise SystemExit("class '%s' does not occur in the training data" % missing[0])
    return np.array([names.index(v) for v in values], np.float32).reshape(-1, 1), max(2, len(names)), names


def pad_ids(tok, text, length):
    """<bos>? ids <eos>?, cut to length, padded with <pad> (0)."""
    o = tok.o
    ids = ([2] if o["bos"] else []) + tok.encode(text)
    eos = (3 if o["bos"] else 2) if o["eos"] else -1
    kept = ids[: length - 1 if eos >= 0 else length] + ([eos] if eos >= 0 else [])
    return kept + [0] * (length - len(kept))


def load_text_rows(spec, run_seed, root):
    """text(..., column C, label L, length N): rows split as every table (seeded shuffle), the
    tokenizer learned from the training rows joined by newlines, each text N ids."""
    src = spec["source"]
    length, label = src.get("length") or 128, src.get("label") or "label"
    texts, labels = read_text_rows(os.path.join(root, src["path"]), src["column"], label)
    n, order = len(texts), list(range(len(texts)))
    if spec["shuffle"] != "off":
        seed = spec["shuffle"].get("seed")
        Rng(derive_seed(run_seed if seed is None else seed, "split")).shuffle(order)
    test_src = spec.get("testSource")
    separate = test_src is not None and test_src["kind"] == "text"
    (a, b), (c, d), (e, f) = cut_rows(n, spec["split"]["val"], 0 if separate else spec["split"]["test"])
    parts = {"train": order[a:b], "val": order[c:d], "test": order[e:f]}
    tok = Tokenizer("\n".join(texts[i] for i in parts["train"]), src["tokenizer"])
    x = np.array([pad_ids(tok, s, length) for s in texts], np.float32).reshape(n, length)
    y, classes, names = class_ids(labels)
    out = {k: (x[r], y[r]) for k, r in parts.items() if r}
    if separate:
        tt, tl = read_text_rows(os.path.join(root, test_src["path"]), test_src["column"], test_src.get("label") or "label")
        ty, tc, _ = class_ids(tl, names or None)
        out["test"] = (np.array([pad_ids(tok, s, length) for s in tt], np.float32).reshape(-1, length), ty)
        classes = max(classes, tc)
    return out, classes
`;
