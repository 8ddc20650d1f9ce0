#!/usr/bin/env python3
"""PyTorch golden of the run report's attention maps (issue #15, "Seeing inside"): two stacked
nn.MultiheadAttention layers (2 heads causal, then 4 heads) over an nn.Embedding, with a padding
key, their weights from need_weights=True, average_attn_weights=False. Run with Debian's torch 1.13:
    /usr/bin/python3 scripts/torch-goldens-attn-maps.py
Writes test/fixtures/goldens/attn-maps/maps-two-layers.json, which test/unit/infer/attention-maps.test.ts
compares with the engine's maps from the same weights (names as the engine's; dense [in, out]).
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'goldens', 'attn-maps', 'maps-two-layers.json')
T, V, D = 6, 9, 8

torch.manual_seed(3)
emb = nn.Embedding(V, D)
a1 = nn.MultiheadAttention(D, 2, batch_first=True)
a2 = nn.MultiheadAttention(D, 4, batch_first=True)
dense = nn.Linear(D, V)
for m in (a1, a2):  # non-zero biases, so they are checked too
    nn.init.uniform_(m.in_proj_bias, -0.5, 0.5)
    nn.init.uniform_(m.out_proj.bias, -0.5, 0.5)
ids = torch.tensor([[3, 1, 7, 0, 5, 2]])
padding = ids == 0
causal = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
with torch.no_grad():
    x = emb(ids)
    y1, w1 = a1(x, x, x, key_padding_mask=padding, attn_mask=causal, need_weights=True, average_attn_weights=False)
    _, w2 = a2(y1, y1, y1, key_padding_mask=padding, need_weights=True, average_attn_weights=False)

flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
weights = {
    'embedding_1.weight': flat(emb.weight),
    'dense_1.weight': flat(dense.weight.t()),
    'dense_1.bias': flat(dense.bias),
}
for name, m in (('attention_1', a1), ('attention_2', a2)):
    weights[f'{name}.in_proj_weight'] = flat(m.in_proj_weight)
    weights[f'{name}.in_proj_bias'] = flat(m.in_proj_bias)
    weights[f'{name}.out_proj.weight'] = flat(m.out_proj.weight)
    weights[f'{name}.out_proj.bias'] = flat(m.out_proj.bias)
golden = {
    'torch': torch.__version__,
    'model': f'model m(tokens [{T}]) {{\n  embedding {V} {D}\n  attention heads 2 causal\n  attention heads 4\n  dense {V}\n}}\n',
    'ids': ids[0].tolist(),
    'weights': weights,
    'maps': [flat(w1[0]), flat(w2[0])],
}
with open(OUT, 'w') as f:
    json.dump(golden, f)
print(f'wrote {OUT}')
