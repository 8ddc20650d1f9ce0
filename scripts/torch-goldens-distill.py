#!/usr/bin/env python3
"""PyTorch goldens for knowledge distillation: a student's per-step losses over 20 steps.

Run with Debian's torch: /usr/bin/python3 scripts/torch-goldens-distill.py
Writes test/fixtures/goldens/distill/*.json; test/unit/engine/distill-goldens.test.ts reads them.

The loss is the one of PyTorch's knowledge-distillation tutorial (Hinton et al. 2015):
    alpha * T^2 * KLDivLoss(reduction='batchmean')(log_softmax(student / T), softmax(teacher / T))
    + (1 - alpha) * CrossEntropyLoss()(student, y)
alpha weights the soft (teacher) term. The teacher is fixed and in eval mode (its dropout off);
its graph ends with a softmax in the engine (its logits are the softmax's input), as a
classifier written with a final softmax does. Weights in the engine's layout (dense [in, out]), in
parameter order (weight, bias per dense layer).
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'goldens', 'distill')


def weights(model):
    """Dense layers in order as {shape, data}, weights transposed to [in, out]."""
    out = []
    for m in model:
        if isinstance(m, nn.Linear):
            w = m.weight.detach().t().contiguous()
            out.append({'shape': list(w.shape), 'data': w.flatten().tolist()})
            out.append({'shape': list(m.bias.shape), 'data': m.bias.detach().tolist()})
    return out


def golden(name, temperature, alpha, n=57, batch=6, epochs=2, features=8, classes=5, seed=0, lr=0.01):
    torch.manual_seed(seed)
    teacher = nn.Sequential(nn.Linear(features, 12), nn.Tanh(), nn.Dropout(0.3), nn.Linear(12, classes))
    student = nn.Sequential(nn.Linear(features, 7), nn.ReLU(), nn.Linear(7, classes))
    for p in teacher.parameters():  # a confident teacher: soft targets far from uniform
        p.data *= 2.0
    x = torch.randn(n, features)
    y = torch.randint(0, classes, (n,))
    t_w, s_w = weights(teacher), weights(student)
    teacher.eval()
    opt = torch.optim.Adam(student.parameters(), lr=lr)
    kl = nn.KLDivLoss(reduction='batchmean')
    ce = nn.CrossEntropyLoss()
    losses = []
    student.train()
    for _ in range(epochs):
        for s in range(0, n, batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            with torch.no_grad():
                soft = F.softmax(teacher(xb) / temperature, dim=1)
            out = student(xb)
            soft_loss = kl(F.log_softmax(out / temperature, dim=1), soft) * temperature ** 2
            loss = alpha * soft_loss + (1 - alpha) * ce(out, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss))
    record = {
        'name': name, 'features': features, 'classes': classes, 'batch': batch, 'epochs': epochs,
        'temperature': temperature, 'alpha': alpha, 'lr': lr,
        'teacher': t_w, 'student': s_w,
        'x': x.flatten().tolist(), 'y': [float(v) for v in y.tolist()], 'losses': losses,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(record, f)
    print(f'{name}: {len(losses)} steps, first {losses[0]:.6f}, last {losses[-1]:.6f}')


golden('t4-alpha0.5', 4.0, 0.5)
golden('t2-alpha0.9', 2.0, 0.9, seed=1)
golden('t1-alpha1-soft-only', 1.0, 1.0, seed=2)
