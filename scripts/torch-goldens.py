#!/usr/bin/env python3
"""Generates PyTorch goldens for the engine: per-step training losses of small models.

Run with Debian's torch (apt-get install -y python3-torch):
    /usr/bin/python3 scripts/torch-goldens.py
Writes test/fixtures/goldens/*.json (GOLDEN_ONLY='lstm|gru|rnn' only those). The unit tests read these files and need no torch.

Each golden holds the architecture (one entry per layer, named as the engine's graph builder
names them: KIND_INDEX), the initial weights in the engine's layout (dense weights [in, out],
the transpose of torch's Linear.weight), the batches in order (the last one partial), the
training settings in the engine's TrainConfig form, the loss of every step, and the eval-mode
loss on the first batch after training (batchnorm running statistics included).
"""
import json
import os
import re

import torch
import torch.nn as nn

# GOLDEN_ONLY=REGEX writes only the goldens whose names match (a new case without rewriting the others).
ONLY = os.environ.get('GOLDEN_ONLY')
OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'goldens')


class SeqPool(nn.Module):
    """The engine's `pool` on [B, T, D] (values, no padding mask): mean, last or first over T."""
    def __init__(self, mode):
        super().__init__()
        self.mode = mode

    def forward(self, x):
        return x.mean(1) if self.mode == 'mean' else x[:, -1] if self.mode == 'last' else x[:, 0]


class ClsToken(nn.Module):
    """The engine's `cls_token`: a learned [D] vector prepended at position 0."""
    def __init__(self, d):
        super().__init__()
        self.cls_token = nn.Parameter(torch.randn(d) * 0.02)

    def forward(self, x):
        return torch.cat([self.cls_token.expand(x.shape[0], 1, -1), x], 1)


class Recurrent(nn.Module):
    """nn.RNN / nn.LSTM / nn.GRU (batch_first) as the engine's `rnn|lstm|gru UNITS OPTIONS` line:
    `return last` gives h_n of the last stacked layer, forward then reverse direction."""

    def __init__(self, kind, features, units, options):
        super().__init__()
        words = options.split()
        opt = lambda k, d: words[words.index(k) + 1] if k in words else d
        self.dirs = 2 if 'bidirectional' in words else 1
        self.last = opt('return', 'sequence') == 'last'
        self.units = units
        args = dict(num_layers=int(opt('layers', 1)), batch_first=True, bidirectional=self.dirs == 2,
                    dropout=float(opt('dropout', 0)))
        if kind == 'rnn':
            args['nonlinearity'] = opt('nonlinearity', 'tanh')
        self.rnn = {'rnn': nn.RNN, 'lstm': nn.LSTM, 'gru': nn.GRU}[kind](features, units, **args)

    def out_shape(self, shape):
        return [self.dirs * self.units] if self.last else [shape[0], self.dirs * self.units]

    def forward(self, x):
        y, h = self.rnn(x)
        if not self.last:
            return y
        h = h[0] if isinstance(h, tuple) else h  # LSTM: (h_n, c_n)
        return torch.cat(list(h[-self.dirs:]), dim=1)


def build(arch, input_shape):
    layers, names = [], []
    shape = list(input_shape)
    for i, spec in enumerate(arch, start=1):
        kind = spec[0]
        name = f'{kind}_{i}'
        if kind == 'dense':
            m = nn.Linear(shape[-1], spec[1])
            shape = shape[:-1] + [spec[1]]
        elif kind == 'conv2d':
            pad = (spec[2] - 1) // 2 if spec[3] == 'same' else 0
            m = nn.Conv2d(shape[0], spec[1], spec[2], padding=pad)
            h = shape[1] + 2 * pad - spec[2] + 1
            shape = [spec[1], h, shape[2] + 2 * pad - spec[2] + 1]
        elif kind == 'batchnorm':
            m = nn.BatchNorm2d(shape[0]) if len(shape) == 3 else nn.BatchNorm1d(shape[0])
            with torch.no_grad():  # non-trivial scale and shift, so their gradients matter
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
        elif kind == 'layernorm':
            m = nn.LayerNorm(shape[-1])
        elif kind == 'pool':
            m = SeqPool(spec[1])
            shape = shape[1:]
        elif kind == 'cls_token':
            m = ClsToken(shape[-1])
            shape = [shape[0] + 1] + shape[1:]
        elif kind == 'act':
            m = {'relu': nn.ReLU(), 'tanh': nn.Tanh(), 'sigmoid': nn.Sigmoid(), 'gelu': nn.GELU(),
                 'elu': nn.ELU(), 'leaky_relu': nn.LeakyReLU()}[spec[1]]
        elif kind == 'maxpool2d':
            m = nn.MaxPool2d(spec[1])
            shape = [shape[0], shape[1] // spec[1], shape[2] // spec[1]]
        elif kind == 'avgpool2d':
            m = nn.AvgPool2d(spec[1])
            shape = [shape[0], shape[1] // spec[1], shape[2] // spec[1]]
        elif kind in ('rnn', 'lstm', 'gru'):
            m = Recurrent(kind, shape[-1], spec[1], spec[2] if len(spec) > 2 else '')
            shape = m.out_shape(shape)
        elif kind == 'flatten':
            m = nn.Flatten()
            n = 1
            for s in shape:
                n *= s
            shape = [n]
        else:
            raise ValueError(kind)
        layers.append(m)
        names.append(name)
    return nn.Sequential(*layers), names


def export_weights(model, names):
    out = {}
    for name, m in zip(names, model):
        m = m.rnn if isinstance(m, Recurrent) else m  # PyTorch's own names: weight_ih_l0, ..._reverse
        for pname, t in list(m.named_parameters()) + list(m.named_buffers()):
            if pname == 'num_batches_tracked':
                continue
            v = t.detach().clone()
            if isinstance(m, nn.Linear) and pname == 'weight':
                v = v.t().contiguous()  # engine layout: [in, out]
            out[f'{name}.{pname}'] = {'shape': list(v.shape), 'data': [float(x) for x in v.flatten().tolist()]}
    return out


def make_optimizer(spec, params, wd):
    k = spec['kind']
    if k == 'sgd':
        return torch.optim.SGD(params, lr=spec['lr'], momentum=spec['momentum'], nesterov=spec['nesterov'],
                               dampening=spec['dampening'], weight_decay=wd)
    if k == 'adam':
        return torch.optim.Adam(params, lr=spec['lr'], betas=(spec['beta1'], spec['beta2']), eps=spec['eps'], weight_decay=wd,
                                amsgrad=spec.get('amsgrad', False))
    if k == 'adamw':
        return torch.optim.AdamW(params, lr=spec['lr'], betas=(spec['beta1'], spec['beta2']), eps=spec['eps'], weight_decay=wd,
                                 amsgrad=spec.get('amsgrad', False))
    if k == 'rmsprop':
        return torch.optim.RMSprop(params, lr=spec['lr'], alpha=spec['alpha'], eps=spec['eps'], momentum=spec['momentum'], weight_decay=wd,
                                   centered=spec.get('centered', False))
    if k == 'adagrad':
        return torch.optim.Adagrad(params, lr=spec['lr'], eps=spec['eps'], weight_decay=wd, lr_decay=spec.get('lrDecay', 0.0),
                                   initial_accumulator_value=spec.get('initialAccumulatorValue', 0.0))
    raise ValueError(k)


def make_loss(spec):
    k = spec['kind']
    if k == 'cross_entropy':
        return nn.CrossEntropyLoss(label_smoothing=spec['labelSmoothing'])  # ignore_index -100 by default
    if k == 'mse':
        return nn.MSELoss()
    if k == 'mae':
        return nn.L1Loss()
    if k == 'huber':
        return nn.HuberLoss(delta=spec['delta'])
    if k == 'binary_cross_entropy':  # on logits (the engine folds a final sigmoid into the loss)
        return nn.BCEWithLogitsLoss(pos_weight=torch.tensor([spec['posWeight']]) if 'posWeight' in spec else None)
    raise ValueError(k)


def is_weight(m, pn):
    """Dense and conv kernels: what `exclude bias_norm` keeps (the engine's `decay` flag)."""
    return pn == 'weight' and isinstance(m, (nn.Linear, nn.Conv2d))


def golden(name, arch, input_shape, n, batch, loss, optimizer, epochs=2, weight_decay=0.0, clip=None, classes=3, seed=0,
           decay_on='all', l1=0.0, l1_on='all', ignored=0.0):
    """A [T, V] output with cross-entropy is a per-token task: targets [n, T], a fraction
    `ignored` of them -100 (padding), and the loss over logits.view(-1, V), as a language model."""
    if ONLY and not re.match(ONLY, name):
        return
    torch.manual_seed(seed)
    model, names = build(arch, input_shape)
    weights = export_weights(model, names)
    x = torch.randn(n, *input_shape)
    model.eval()  # one look at the output's rank (eval: no running statistics move)
    with torch.no_grad():
        out_rank = model(torch.zeros(1, *input_shape)).dim() - 1
    model.train()
    per_token = loss['kind'] == 'cross_entropy' and out_rank == 2
    if per_token:
        y = torch.randint(0, classes, (n, input_shape[0]))
        y[torch.rand(y.shape) < ignored] = -100
        y_json = [float(v) for v in y.flatten().tolist()]
    elif loss['kind'] == 'cross_entropy':
        y = torch.randint(0, classes, (n,))
        y_json = [float(v) for v in y.tolist()]
    else:
        out_len = next(spec[1] for spec in reversed(arch) if spec[0] == 'dense')
        y = torch.rand(n, out_len) if loss['kind'] == 'binary_cross_entropy' else torch.randn(n, out_len)
        y_json = [float(v) for v in y.flatten().tolist()]
    # Weight decay on every parameter (PyTorch's default), or on dense/conv weights only (decay_on 'weights').
    if decay_on == 'all':
        groups = [{'params': list(model.parameters()), 'weight_decay': weight_decay}]
    else:
        decay = [p for m in model for pn, p in m.named_parameters() if is_weight(m, pn)]
        rest = [p for m in model for pn, p in m.named_parameters() if not is_weight(m, pn)]
        groups = [{'params': decay, 'weight_decay': weight_decay}, {'params': rest, 'weight_decay': 0.0}]
    opt = make_optimizer(optimizer, groups, weight_decay)
    # L1 as a term of the loss that is minimised; the reported loss is the data loss.
    l1_params = [p for m in model for pn, p in m.named_parameters() if l1_on == 'all' or is_weight(m, pn)]
    base = make_loss(loss)
    crit = (lambda out, t: base(out.reshape(-1, out.shape[-1]), t.reshape(-1))) if per_token else base
    losses = []
    model.train()
    for _ in range(epochs):
        for s in range(0, n, batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            opt.zero_grad()
            l = crit(model(xb), yb)
            total = l + l1 * sum(p.abs().sum() for p in l1_params) if l1 > 0 else l
            total.backward()
            if clip:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            losses.append(float(l))
    model.eval()
    with torch.no_grad():
        eval_loss = float(crit(model(x[:batch]), y[:batch]))
    doc = {
        'name': name, 'torch': torch.__version__, 'arch': arch, 'inputShape': list(input_shape),
        'batch': batch, 'epochs': epochs, 'loss': loss, 'optimizer': optimizer, 'weightDecay': weight_decay,
        'weightDecayOn': decay_on, 'l1': l1, 'l1On': l1_on,
        'clipNorm': clip, 'weights': weights,
        'x': [float(v) for v in x.flatten().tolist()], 'y': y_json,
        'losses': losses, 'evalLoss': eval_loss,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f'{name}.json'), 'w') as f:
        json.dump(doc, f, separators=(',', ':'))
    print(f'{name}: {len(losses)} steps, first loss {losses[0]:.6f}, last {losses[-1]:.6f}')


def torch_schedulers(opt, spec, spe, epochs):
    """The PyTorch schedulers for one engine ScheduleSpec: (scheduler, 'step' | 'epoch') pairs."""
    from torch.optim import lr_scheduler as S
    k = spec['kind']
    per = spec.get('per', 'epoch')
    if k == 'warmup':
        inner = torch_schedulers(opt, spec['then'], spe, epochs)  # created first: LinearLR then scales their lr
        start = spec.get('startFactor', 1.0 / spec['steps'])
        return inner + [(S.LinearLR(opt, start_factor=start, end_factor=1.0, total_iters=spec['steps']), spec.get('unit', 'step'))]
    if k == 'constant':
        return []
    if k == 'step':
        return [(S.StepLR(opt, step_size=spec['stepSize'], gamma=spec['gamma']), per)]
    if k == 'exponential':
        return [(S.ExponentialLR(opt, gamma=spec['gamma']), per)]
    if k == 'cosine':
        t_max = spec.get('tMax', epochs * spe if per == 'step' else epochs)
        return [(S.CosineAnnealingLR(opt, T_max=t_max, eta_min=spec['minLr']), per)]
    if k == 'onecycle':
        return [(S.OneCycleLR(opt, max_lr=spec.get('maxLr', opt.defaults['lr']), total_steps=spec.get('totalSteps', epochs * spe),
                              pct_start=spec['pctStart'], anneal_strategy=spec['anneal'], cycle_momentum=False,
                              div_factor=spec['divFactor'], final_div_factor=spec['finalDivFactor'],
                              three_phase=spec['threePhase']), 'step')]
    raise ValueError(k)


def schedule_golden(name, spec, lr, spe, epochs):
    """The learning rate of every optimizer step, as torch's schedulers give it (per-step ones stepped
    after each batch, per-epoch ones after each epoch, as the engine's trainer counts)."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    scheds = torch_schedulers(opt, spec, spe, epochs)
    lrs = []
    for _ in range(epochs):
        for _ in range(spe):
            lrs.append(opt.param_groups[0]['lr'])
            p.grad = torch.zeros(1)
            opt.step()
            for sch, cadence in scheds:
                if cadence == 'step':
                    sch.step()
        for sch, cadence in scheds:
            if cadence == 'epoch':
                sch.step()
    return {'name': name, 'schedule': spec, 'lr': lr, 'stepsPerEpoch': spe, 'epochs': epochs, 'lrs': lrs}


ONECYCLE = {'kind': 'onecycle', 'pctStart': 0.3, 'anneal': 'cos', 'divFactor': 25.0, 'finalDivFactor': 1e4, 'threePhase': False}
SCHEDULE_CASES = [
    ('step per epoch', {'kind': 'step', 'stepSize': 2, 'gamma': 0.5, 'per': 'epoch'}, 0.1, 3, 6),
    ('step per step', {'kind': 'step', 'stepSize': 4, 'gamma': 0.7, 'per': 'step'}, 0.1, 5, 3),
    ('exponential per step', {'kind': 'exponential', 'gamma': 0.97, 'per': 'step'}, 0.1, 5, 4),
    ('cosine per step, the run long', {'kind': 'cosine', 'minLr': 0.0, 'per': 'step'}, 0.1, 7, 3),
    ('cosine per step, min_lr', {'kind': 'cosine', 'minLr': 0.002, 'per': 'step'}, 0.05, 6, 4),
    ('cosine per epoch, t_max 4', {'kind': 'cosine', 'tMax': 4, 'minLr': 0.001, 'per': 'epoch'}, 0.1, 3, 4),
    ('onecycle, PyTorch defaults, max_lr the lr', ONECYCLE, 0.1, 10, 3),
    ('onecycle max_lr 0.5, three phases, linear', dict(ONECYCLE, maxLr=0.5, threePhase=True, anneal='linear', divFactor=10.0, finalDivFactor=100.0), 0.1, 8, 4),
    ('onecycle pct_start 0.25, total_steps', dict(ONECYCLE, pctStart=0.25, totalSteps=40), 0.01, 10, 4),
    ('warmup 5 steps (start 1/3) then cosine per step', {'kind': 'warmup', 'steps': 5, 'unit': 'step', 'startFactor': 1 / 3,
                                                         'then': {'kind': 'cosine', 'minLr': 0.0, 'per': 'step'}}, 0.1, 6, 3),
    ('warmup 2 epochs (start 0.1) then step per epoch', {'kind': 'warmup', 'steps': 2, 'unit': 'epoch', 'startFactor': 0.1,
                                                         'then': {'kind': 'step', 'stepSize': 2, 'gamma': 0.5, 'per': 'epoch'}}, 0.1, 3, 6),
    ('warmup 4 steps (start 0.25) then exponential per epoch', {'kind': 'warmup', 'steps': 4, 'unit': 'step', 'startFactor': 0.25,
                                                               'then': {'kind': 'exponential', 'gamma': 0.5, 'per': 'epoch'}}, 0.1, 3, 4),
    ('schedule warmup 10 (start 1/10)', {'kind': 'warmup', 'steps': 10, 'then': {'kind': 'constant'}}, 0.1, 4, 4),
]


def schedules():
    out = os.path.join(OUT, 'schedules')
    os.makedirs(out, exist_ok=True)
    doc = {'torch': torch.__version__, 'cases': [schedule_golden(*c) for c in SCHEDULE_CASES]}
    with open(os.path.join(out, 'lr.json'), 'w') as f:
        json.dump(doc, f, indent=1)
    print(f'schedules: {len(SCHEDULE_CASES)} cases')


ADAM = {'kind': 'adam', 'lr': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8}
CE = {'kind': 'cross_entropy', 'labelSmoothing': 0.0}
MLP = [['dense', 16], ['act', 'relu'], ['dense', 16], ['act', 'tanh'], ['dense', 3]]

def per_token_ce():
    """F.cross_entropy(logits.view(-1, V), y.view(-1), ignore_index=-100, label_smoothing) on a few
    [n, T, V] batches, for the loss kernels themselves (test/unit/engine/seq-loss.test.ts)."""
    import torch.nn.functional as F
    torch.manual_seed(3)
    cases = []
    for n, T, V, eps, ignored in [(3, 5, 4, 0.0, 0.25), (2, 7, 6, 0.1, 0.4), (4, 3, 5, 0.2, 0.0), (2, 4, 3, 0.0, 1.0)]:
        logits = (torch.randn(n, T, V) * 3).requires_grad_()
        y = torch.randint(0, V, (n, T))
        y[torch.rand(y.shape) < ignored] = -100
        loss = F.cross_entropy(logits.view(-1, V), y.view(-1), ignore_index=-100, label_smoothing=eps)
        if torch.isnan(loss):  # every target ignored: torch gives NaN, the engine 0 and no gradient
            value, grad = None, [0.0] * (n * T * V)
        else:
            loss.backward()
            value, grad = float(loss), [float(v) for v in logits.grad.flatten().tolist()]
        cases.append({'n': n, 'T': T, 'V': V, 'smoothing': eps, 'logits': [float(v) for v in logits.detach().flatten().tolist()],
                      'y': [float(v) for v in y.flatten().tolist()], 'loss': value, 'grad': grad})
    out = os.path.join(OUT, 'per-token')
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'cross-entropy.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'))
    print(f'per-token cross-entropy: {len(cases)} cases')


def recurrent():
    """nn.RNN, nn.LSTM, nn.GRU: bidirectional, 2 layers, return last and sequence; 20 steps each."""
    seq = [5, 3]
    golden('lstm-bidirectional-2-layers-last-mse', [['lstm', 6, 'layers 2 bidirectional return last'], ['dense', 2]], seq, 40, 8,
           {'kind': 'mse'}, ADAM, epochs=4)
    golden('gru-bidirectional-2-layers-last-ce', [['gru', 6, 'layers 2 bidirectional return last'], ['dense', 3]], seq, 40, 8,
           CE, ADAM, epochs=4)
    golden('rnn-bidirectional-2-layers-last-sgd', [['rnn', 6, 'layers 2 bidirectional return last'], ['dense', 3]], seq, 40, 8,
           CE, {'kind': 'sgd', 'lr': 0.1, 'momentum': 0.9, 'nesterov': False, 'dampening': 0.0}, epochs=4)
    golden('lstm-sequence-flatten-ce', [['lstm', 5], ['flatten'], ['dense', 3]], seq, 40, 8, CE, ADAM, epochs=4)
    golden('gru-last-mse', [['gru', 7, 'return last'], ['dense', 2]], seq, 40, 8, {'kind': 'mse'}, ADAM, epochs=4)
    golden('rnn-relu-last-mse', [['rnn', 7, 'nonlinearity relu return last'], ['dense', 2]], seq, 40, 8, {'kind': 'mse'},
           ADAM, epochs=4)


if __name__ == '__main__':
    per_token_ce()
    # A per-token head on [T, D] (a language model's last layers): padding ignored, label smoothing.
    golden('seq-dense-per-token-ce', [['dense', 12], ['layernorm'], ['act', 'gelu'], ['dense', 5]], [6, 4], 16, 8,
           {'kind': 'cross_entropy', 'labelSmoothing': 0.1}, ADAM, epochs=10, classes=5, ignored=0.3)
    # A sequence classifier's head: cls_token, a per-token layer, pool first; and pool mean / last.
    golden('seq-cls-token-pool-first', [['cls_token'], ['dense', 8], ['act', 'tanh'], ['pool', 'first'], ['dense', 3]], [5, 4], 16, 8,
           CE, ADAM, epochs=10)
    golden('seq-pool-mean', [['dense', 8], ['act', 'gelu'], ['pool', 'mean'], ['dense', 3]], [5, 4], 16, 8, CE, ADAM, epochs=10, seed=1)
    golden('seq-pool-last', [['dense', 6], ['layernorm'], ['pool', 'last'], ['dense', 3]], [4, 3], 16, 8, CE, ADAM, epochs=10, seed=2)
    schedules()
    golden('mlp-adam', MLP, [6], 28, 8, CE, ADAM, epochs=3)
    golden('cnn-sgd-momentum',
           [['conv2d', 4, 3, 'same'], ['batchnorm'], ['act', 'relu'], ['maxpool2d', 2],
            ['conv2d', 6, 3, 'valid'], ['act', 'relu'], ['flatten'], ['dense', 3]],
           [2, 8, 8], 20, 8, CE, {'kind': 'sgd', 'lr': 0.05, 'momentum': 0.9, 'nesterov': False, 'dampening': 0.0}, epochs=3)
    golden('mlp-adamw-clip-smoothing', MLP, [6], 28, 8, {'kind': 'cross_entropy', 'labelSmoothing': 0.1},
           {'kind': 'adamw', 'lr': 0.01, 'beta1': 0.9, 'beta2': 0.99, 'eps': 1e-8}, weight_decay=0.05, clip=0.5)
    golden('mlp-adam-l2', MLP, [6], 28, 8, CE, ADAM, weight_decay=0.01)
    golden('mlp-sgd-nesterov-wd', MLP, [6], 28, 8, CE, {'kind': 'sgd', 'lr': 0.1, 'momentum': 0.9, 'nesterov': True, 'dampening': 0.0}, weight_decay=0.001)
    golden('mlp-rmsprop-momentum', MLP, [6], 28, 8, CE, {'kind': 'rmsprop', 'lr': 0.003, 'alpha': 0.99, 'eps': 1e-8, 'momentum': 0.5})
    golden('mlp-adagrad', MLP, [6], 28, 8, CE, {'kind': 'adagrad', 'lr': 0.05, 'eps': 1e-10})
    golden('mlp-huber-layernorm-gelu', [['dense', 8], ['layernorm'], ['act', 'gelu'], ['dense', 2]], [4], 24, 8,
           {'kind': 'huber', 'delta': 1.0}, ADAM)
    # Optimizer options (20 steps each) and the penalties' scopes.
    LN = [['dense', 16], ['layernorm'], ['act', 'relu'], ['dense', 3]]
    golden('mlp-adam-amsgrad-l2', LN, [6], 28, 8, CE, dict(ADAM, amsgrad=True), epochs=5, weight_decay=0.01)
    golden('mlp-adamw-amsgrad-exclude-bias-norm', LN, [6], 28, 8, CE,
           {'kind': 'adamw', 'lr': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8, 'amsgrad': True}, epochs=5,
           weight_decay=0.1, decay_on='weights')
    golden('mlp-adamw-decay-all', LN, [6], 28, 8, CE, {'kind': 'adamw', 'lr': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8},
           epochs=5, weight_decay=0.1)
    golden('mlp-rmsprop-centered', MLP, [6], 28, 8, CE,
           {'kind': 'rmsprop', 'lr': 0.003, 'alpha': 0.9, 'eps': 1e-8, 'momentum': 0.0, 'centered': True}, epochs=5)
    golden('mlp-rmsprop-centered-momentum-wd', MLP, [6], 28, 8, CE,
           {'kind': 'rmsprop', 'lr': 0.002, 'alpha': 0.99, 'eps': 1e-8, 'momentum': 0.5, 'centered': True}, epochs=5, weight_decay=0.01)
    golden('mlp-adagrad-lr-decay-initial-acc', MLP, [6], 28, 8, CE,
           {'kind': 'adagrad', 'lr': 0.05, 'eps': 1e-10, 'lrDecay': 0.05, 'initialAccumulatorValue': 0.1}, epochs=5)
    golden('mlp-sgd-l1-all', LN, [6], 28, 8, CE, {'kind': 'sgd', 'lr': 0.1, 'momentum': 0.9, 'nesterov': False, 'dampening': 0.0},
           epochs=5, l1=0.001)
    golden('mlp-sgd-l1-exclude-bias-norm', LN, [6], 28, 8, CE,
           {'kind': 'sgd', 'lr': 0.1, 'momentum': 0.0, 'nesterov': False, 'dampening': 0.0}, epochs=5, l1=0.003, l1_on='weights')
    golden('mlp-bce-logits', [['dense', 8], ['act', 'elu'], ['dense', 1]], [3], 24, 8, {'kind': 'binary_cross_entropy'}, ADAM)
    golden('mlp-bce-with-logits-pos-weight', [['dense', 8], ['act', 'elu'], ['dense', 1]], [3], 32, 8,
           {'kind': 'binary_cross_entropy', 'logits': True, 'posWeight': 2.5}, ADAM, epochs=5)
    # bce_with_logits after a sigmoid takes the sigmoid's output as the logit (no folding).
    golden('mlp-sigmoid-bce-with-logits', [['dense', 8], ['act', 'tanh'], ['dense', 1], ['act', 'sigmoid']], [3], 32, 8,
           {'kind': 'binary_cross_entropy', 'logits': True, 'posWeight': 1.0}, ADAM, epochs=5)
    recurrent()
