#!/usr/bin/env python3
"""PyTorch goldens of the token and attention layers (issue #15): nn.Embedding,
nn.MultiheadAttention with causal and padding masks, nn.TransformerEncoderLayer in both norm
orders. Run with Debian's torch 1.13:
    /usr/bin/python3 scripts/torch-goldens-attn.py
Writes test/fixtures/goldens/attn/*.json, which test/unit/engine/torch-goldens-attn.test.ts
replays on the engine from the same weights and batches (per-step losses within 1e-4 relative).

Each golden holds the model as layer lines (`tokens [T]` input), the weights under the engine's
names (dense weights [in, out]; attention and transformer weights in torch's own layout), the
token ids (padding 0 only at the end of a sequence, so no query row is all padding: PyTorch
gives NaN there, the engine zeros), class targets, the per-step losses and the loss on the first
batch after training (train mode without grad: dropout is 0, and torch 1.13's eval fast path
would drop padded positions).
"""
import json
import math
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'goldens', 'attn')


def sinusoidal(t, d):
    pe = torch.zeros(t, d)
    for pos in range(t):
        for j in range(d):
            angle = pos / math.pow(10000, 2 * (j // 2) / d)
            pe[pos, j] = math.sin(angle) if j % 2 == 0 else math.cos(angle)
    return pe


class Model(nn.Module):
    """embedding -> [positional] -> attention or transformer blocks -> flatten -> dense."""

    def __init__(self, t, vocab, d, pad, positional, blocks, classes):
        super().__init__()
        self.t, self.pad = t, pad
        self.embedding = nn.Embedding(vocab, d, padding_idx=pad)
        self.positional = positional
        if positional == 'sinusoidal':
            self.register_buffer('table', sinusoidal(t, d))
        elif positional == 'learned':
            self.table = nn.Parameter(torch.randn(t, d) * 0.02)
        self.blocks = nn.ModuleList([b() for b in blocks])
        self.dense = nn.Linear(t * d, classes)

    def forward(self, ids):
        x = self.embedding(ids)
        if self.positional:
            x = x + self.table
        padding = ids == 0
        causal = torch.triu(torch.ones(self.t, self.t, dtype=torch.bool), diagonal=1)
        for b in self.blocks:
            mask = causal if getattr(b, 'causal', False) else None
            if isinstance(b, nn.MultiheadAttention):
                x = b(x, x, x, key_padding_mask=padding, attn_mask=mask, need_weights=False)[0]
            else:
                x = b(x, src_mask=mask, src_key_padding_mask=padding)
        return self.dense(x.flatten(1))


def attention(d, heads, causal):
    def make():
        m = nn.MultiheadAttention(d, heads, batch_first=True)
        m.causal = causal
        return m
    return make


def transformer(d, heads, ff, norm_first, activation, causal):
    def make():
        m = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
        m.causal = causal
        return m
    return make


def engine_weights(model, block_kind):
    out = {}

    def put(name, t):
        out[name] = {'shape': list(t.shape), 'data': [float(v) for v in t.detach().flatten().tolist()]}

    put('embedding_1.weight', model.embedding.weight)
    if model.positional == 'sinusoidal':
        put('positional_1.table', model.table)
    elif model.positional == 'learned':
        put('positional_1.weight', model.table)
    for i, b in enumerate(model.blocks, start=1):
        prefix = f'{block_kind}_{i}' + ('.self_attn' if block_kind == 'transformer' else '')
        attn = b if block_kind == 'attention' else b.self_attn
        put(f'{prefix}.in_proj_weight', attn.in_proj_weight)
        put(f'{prefix}.in_proj_bias', attn.in_proj_bias)
        put(f'{prefix}.out_proj.weight', attn.out_proj.weight)
        put(f'{prefix}.out_proj.bias', attn.out_proj.bias)
        if block_kind == 'transformer':
            for name in ['linear1', 'linear2', 'norm1', 'norm2']:
                put(f'transformer_{i}.{name}.weight', getattr(b, name).weight)
                put(f'transformer_{i}.{name}.bias', getattr(b, name).bias)
    put('dense_1.weight', model.dense.weight.t())
    put('dense_1.bias', model.dense.bias)
    return out


def token_batch(n, t, vocab, rng_pad):
    ids = torch.randint(1, vocab, (n, t))
    if rng_pad:
        lengths = torch.randint(1, t + 1, (n,))  # trailing padding; at least one real token
        for i in range(n):
            ids[i, lengths[i]:] = 0
    return ids


def golden(name, lines, t, vocab, d, blocks, block_kind, pad=0, positional=None, classes=3, n=36, batch=8, epochs=4, lr=0.005, seed=0):
    torch.manual_seed(seed)
    model = Model(t, vocab, d, pad, positional, blocks, classes)
    weights = engine_weights(model, block_kind)
    x = token_batch(n, t, vocab, pad == 0)
    y = torch.randint(0, classes, (n,))
    train_and_write(name, model, weights, lines, t, x, y, batch, epochs, lr)


def train_and_write(name, model, weights, lines, t, x, y, batch, epochs, lr):
    """Adam on cross-entropy over (x, y) in batches, every step's loss and the eval loss of the
    first batch after, written as the golden `name` with the engine's weights from before."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    crit = nn.CrossEntropyLoss()
    losses = []
    model.train()
    for _ in range(epochs):
        for s in range(0, x.shape[0], batch):
            opt.zero_grad()
            loss = crit(model(x[s:s + batch]), y[s:s + batch])
            loss.backward()
            opt.step()
            losses.append(float(loss))
    with torch.no_grad():
        eval_loss = float(crit(model(x[:batch]), y[:batch]))
    doc = {
        'name': name, 'torch': torch.__version__, 'inputShape': [t], 'lines': lines, 'batch': batch, 'epochs': epochs,
        'loss': {'kind': 'cross_entropy', 'labelSmoothing': 0},
        'optimizer': {'kind': 'adam', 'lr': lr, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8},
        'weights': weights, 'x': [float(v) for v in x.flatten().tolist()], 'y': [float(v) for v in y.tolist()],
        'losses': losses, 'evalLoss': eval_loss,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print(f'{name}: {len(losses)} steps, first loss {losses[0]:.6f}, last {losses[-1]:.6f}')

class ClsModel(nn.Module):
    """embedding -> cls_token -> transformer -> pool first -> dense: the padding mask of the ids,
    shifted one place by the prepended token, which is never masked."""

    def __init__(self, vocab, d, heads, ff, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, d, padding_idx=0)
        self.cls = nn.Parameter(torch.randn(d) * 0.02)
        self.block = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, batch_first=True)
        self.dense = nn.Linear(d, classes)

    def forward(self, ids):
        x = self.embedding(ids)
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1)
        padding = torch.cat([torch.zeros(ids.shape[0], 1, dtype=torch.bool), ids == 0], dim=1)
        return self.dense(self.block(x, src_key_padding_mask=padding)[:, 0])


def cls_golden(name, t=5, vocab=9, d=8, heads=2, ff=16, classes=3, n=36, batch=8, epochs=4, lr=0.005, seed=3):
    torch.manual_seed(seed)
    model = ClsModel(vocab, d, heads, ff, classes)
    w = {}

    def put(k, v):
        w[k] = {'shape': list(v.shape), 'data': [float(a) for a in v.detach().flatten().tolist()]}

    put('embedding_1.weight', model.embedding.weight)
    put('cls_token_1.cls_token', model.cls)
    b = model.block
    for k in ['in_proj_weight', 'in_proj_bias']:
        put(f'transformer_1.self_attn.{k}', getattr(b.self_attn, k))
    put('transformer_1.self_attn.out_proj.weight', b.self_attn.out_proj.weight)
    put('transformer_1.self_attn.out_proj.bias', b.self_attn.out_proj.bias)
    for k in ['linear1', 'linear2', 'norm1', 'norm2']:
        put(f'transformer_1.{k}.weight', getattr(b, k).weight)
        put(f'transformer_1.{k}.bias', getattr(b, k).bias)
    put('dense_1.weight', model.dense.weight.t())
    put('dense_1.bias', model.dense.bias)
    x = token_batch(n, t, vocab, True)
    y = torch.randint(0, classes, (n,))
    lines = [f'embedding {vocab} {d} pad 0', 'cls_token', f'transformer heads {heads} ff {ff} dropout 0', 'pool first', f'dense {classes}']
    train_and_write(name, model, w, lines, t, x, y, batch, epochs, lr)

if __name__ == '__main__':
    golden('embedding-pad', ['embedding 10 4 pad 0', 'flatten', 'dense 3'], 6, 10, 4, [], 'attention')
    golden('embedding-no-pad', ['embedding 10 4', 'flatten', 'dense 3'], 6, 10, 4, [], 'attention', pad=None)
    golden('mha-padding-mask', ['embedding 9 8 pad 0', 'attention heads 4', 'flatten', 'dense 3'], 5, 9, 8,
           [attention(8, 4, False)], 'attention')
    golden('mha-causal-padding-mask', ['embedding 9 8 pad 0', 'positional sinusoidal', 'attention heads 2 causal', 'flatten', 'dense 3'],
           5, 9, 8, [attention(8, 2, True)], 'attention', positional='sinusoidal')
    golden('transformer-post-norm', ['embedding 12 8 pad 0', 'positional sinusoidal', 'transformer heads 2 ff 16 dropout 0', 'flatten', 'dense 3'],
           6, 12, 8, [transformer(8, 2, 16, False, 'relu', False)], 'transformer', positional='sinusoidal')
    golden('transformer-pre-norm-gelu-causal',
           ['embedding 12 8 pad 0', 'positional learned', 'repeat 2 {', '  transformer heads 2 ff 16 dropout 0 norm_first activation gelu causal', '}',
            'flatten', 'dense 3'],
           6, 12, 8, [transformer(8, 2, 16, True, 'gelu', True)] * 2, 'transformer', positional='learned')
    cls_golden('cls-token-padding-mask')
