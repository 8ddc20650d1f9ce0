#!/usr/bin/env python3
"""Writes test/fixtures/workspace/onnx/torch-cnn.onnx: a small CNN exported by PyTorch's own
torch.onnx.export, the "model from another tool" that the ONNX viewer's tests open.

Run with Debian's torch (apt-get install -y python3-torch):
    /usr/bin/python3 scripts/torch-onnx-fixture.py
The file is committed (a few kB), so the tests need no torch.
"""
import os

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(1, 4, 3, padding=1),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(4 * 14 * 14, 10),
).eval()
out = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'workspace', 'onnx', 'torch-cnn.onnx')
torch.onnx.export(
    model,
    torch.zeros(1, 1, 28, 28),
    out,
    input_names=['image'],
    output_names=['logits'],
    dynamic_axes={'image': {0: 'N'}, 'logits': {0: 'N'}},
    opset_version=17,
)
print('wrote', os.path.normpath(out))
