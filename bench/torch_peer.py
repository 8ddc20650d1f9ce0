"""PyTorch side of the CPU bench (`npm run bench` runs it as a child process).

Usage: python3 bench/torch_peer.py REQUEST_JSON, where the request is
{"threads": N, "cases": [{"key", "batch", "input", "classes", "optimizer", "perStep"}], "timing": {...}}
(bench/cpu/spec.ts makes it: the same cases and timing protocol as the TypeScript sides).
Prints one JSON line: {"version", "threads", "blas", "notes", "results": [{"key", "rate",
"windows", "steps", "slow"} or {"key", "error"}]}; rates are steps/s times perStep (samples,
tokens or 1 a step). The layers mirror spec.ts's graphs.
"""
import json
import sys
import time

import torch
from torch import nn


def model_of(key):
    if key == "mlp":
        return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    if key == "cnn":
        return nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 8 * 8, 128), nn.ReLU(), nn.Linear(128, 10),
        )
    if key == "xor":  # the sigmoid lives in BCEWithLogitsLoss, as Model Lab folds it into the loss
        return nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    if key == "lstm":
        return LstmLM()
    if key == "gpt":
        return Gpt()
    raise ValueError(f"unknown case {key}")


VOCAB, SEQ, WIDTH = 64, 64, 128


class LstmLM(nn.Module):
    """embedding 64x128, nn.LSTM 128 x 2 layers, a per-token Linear 64 (spec.ts's lstm)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, WIDTH)
        self.lstm = nn.LSTM(WIDTH, WIDTH, num_layers=2, batch_first=True)
        self.head = nn.Linear(WIDTH, VOCAB)

    def forward(self, x):
        return self.head(self.lstm(self.emb(x))[0])


class Gpt(nn.Module):
    """2 pre-norm causal TransformerEncoderLayers (4 heads, ff 512, GELU), learned positions, a
    final LayerNorm and a per-token head (spec.ts's gpt; Model Lab's transformer block is this layer)."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(VOCAB, WIDTH)
        self.pos = nn.Parameter(torch.zeros(SEQ, WIDTH))
        self.blocks = nn.ModuleList(
            nn.TransformerEncoderLayer(WIDTH, 4, 512, dropout=0.0, activation="gelu", batch_first=True, norm_first=True)
            for _ in range(2)
        )
        self.norm = nn.LayerNorm(WIDTH)
        self.head = nn.Linear(WIDTH, VOCAB)
        self.register_buffer("mask", torch.triu(torch.full((SEQ, SEQ), float("-inf")), diagonal=1))

    def forward(self, x):
        h = self.emb(x) + self.pos
        for b in self.blocks:
            h = b(h, src_mask=self.mask)
        return self.head(self.norm(h))


def optimizer_of(spec, params):
    if spec["kind"] == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"])
    if spec["kind"] == "sgd":
        return torch.optim.SGD(params, lr=spec["lr"], momentum=spec["momentum"], nesterov=spec["nesterov"],
                               dampening=spec["dampening"])
    raise ValueError(f"no optimizer {spec['kind']}")


def stepper(case):
    model = model_of(case["key"])
    opt = optimizer_of(case["optimizer"], model.parameters())
    b = case["batch"]
    if case["key"] == "xor":
        x = torch.tensor([[i & 1, (i >> 1) & 1] for i in range(b)], dtype=torch.float32)
        y = ((x[:, 0] != x[:, 1]).float()).unsqueeze(1)
        loss_fn = nn.BCEWithLogitsLoss()
    elif case["key"] in ("lstm", "gpt"):  # token ids in, the next token at every position out
        x = torch.randint(0, case["classes"], (b, *case["input"]))
        y = torch.roll(x, -1, 1)
        ce = nn.CrossEntropyLoss()
        loss_fn = lambda logits, t: ce(logits.reshape(-1, logits.shape[-1]), t.reshape(-1))  # noqa: E731
    else:
        x = torch.rand(b, *case["input"])
        y = torch.arange(b) % case["classes"]
        loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step


def measure(step, t):
    """bench/cpu/timing.ts's measure(), step for step: warm-up excluded, median of the windows."""
    t0 = time.perf_counter()
    step()
    first = time.perf_counter() - t0
    if first > t["slowStep"]:
        return {"rate": 1 / first, "windows": [1 / first], "steps": 1, "slow": True}
    n = 1
    while n < t["warmupSteps"] or time.perf_counter() - t0 < t["warmupSeconds"]:
        step()
        n += 1
    windows, steps = [], 0
    for _ in range(t["windows"]):
        t0, n = time.perf_counter(), 0
        while n < t["minSteps"] or time.perf_counter() - t0 < t["windowSeconds"]:
            step()
            n += 1
        windows.append(n / (time.perf_counter() - t0))
        steps += n
    s = sorted(windows)
    m = len(s) // 2
    med = s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2
    return {"rate": med, "windows": windows, "steps": steps, "slow": False}


def blas_loaded():
    """Which BLAS the process mapped: OpenBLAS when LD_LIBRARY_PATH put it first, else reference."""
    with open("/proc/self/maps", encoding="utf-8") as f:
        maps = f.read()
    return "openblas" if "openblas" in maps else "reference"


def main():
    req = json.loads(sys.argv[1])
    torch.set_num_threads(req["threads"])
    torch.manual_seed(1)
    results = []
    for case in req["cases"]:
        print(f"  torch {req['threads']}t: {case['key']} ...", file=sys.stderr, flush=True)
        try:
            m = measure(stepper(case), req["timing"])
            per = case["perStep"]
            m["rate"] *= per
            m["windows"] = [w * per for w in m["windows"]]
            results.append({"key": case["key"], **m})
        except Exception as e:  # one case failing is a result, not a crash
            results.append({"key": case["key"], "error": str(e)})
    print(json.dumps({"version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_loaded(),
                      "notes": [], "results": results}), flush=True)


if __name__ == "__main__":
    main()
