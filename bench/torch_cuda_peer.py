"""PyTorch CUDA eager peer of the WebGPU bench (bench/webgpu-node.ts runs it as a child process).

Usage: python3 bench/torch_cuda_peer.py KEYS SECONDS, KEYS like mlp,cnn,gpt (the models of
torch_peer.py, which webgpu-core.ts's BENCH_MODELS mirror), batch 64 for the image models and
32 x T 64 for the language models, Adam lr 1e-3, fp32 (TF32 off: the WebGPU side is plain fp32).
Prints one JSON line: {"cuda": false, "reason"} where torch has no CUDA device, else
{"cuda": true, "device", "version", "results": [{"key", "rate"} or {"key", "error"}]}; rates are
samples/s (tokens/s for the language models), each step synchronised (as the WebGPU side's
awaited read).
"""
import json
import sys
import time

import torch
from torch import nn

from torch_peer import SEQ, VOCAB, model_of

BATCH = {"mlp": 64, "cnn": 64, "lstm": 32, "gpt": 32}
INPUT = {"mlp": (784,), "cnn": (3, 32, 32)}


def stepper(key, dev):
    model = model_of(key).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    b = BATCH[key]
    ce = nn.CrossEntropyLoss()
    if key in ("lstm", "gpt"):
        x = torch.randint(0, VOCAB, (b, SEQ), device=dev)
        y = torch.roll(x, -1, 1)
        loss_fn = lambda logits, t: ce(logits.reshape(-1, VOCAB), t.reshape(-1))  # noqa: E731
        per = b * SEQ
    else:
        x = torch.rand(b, *INPUT[key], device=dev)
        y = torch.arange(b, device=dev) % 10
        loss_fn = ce
        per = b

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step, per


def rate(step, per, seconds):
    for _ in range(5):
        step()
    torch.cuda.synchronize()
    n, t0 = 0, time.perf_counter()
    while n < 10 or time.perf_counter() - t0 < seconds:
        step()
        n += 1
    torch.cuda.synchronize()
    return n * per / (time.perf_counter() - t0)


def main():
    if not torch.cuda.is_available():
        print(json.dumps({"cuda": False, "reason": f"torch {torch.__version__} has no CUDA device"}), flush=True)
        return
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    keys, seconds = sys.argv[1].split(","), float(sys.argv[2])
    torch.manual_seed(1)
    results = []
    for key in keys:
        try:
            step, per = stepper(key, torch.device("cuda"))
            results.append({"key": key, "rate": rate(step, per, seconds)})
        except Exception as e:  # one model failing is a result, not a crash
            results.append({"key": key, "error": str(e)})
    print(json.dumps({"cuda": True, "device": torch.cuda.get_device_name(0), "version": torch.__version__,
                      "results": results}), flush=True)


if __name__ == "__main__":
    main()
