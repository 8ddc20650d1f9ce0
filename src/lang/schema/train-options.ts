// Losses, optimizers and schedules: the choices of a train block, with PyTorch's defaults.
import type { ChoiceDef, OptionDef } from './types';
import { NO_ARGS } from './types';

const PROBABILITY = { kind: 'number', min: 0, max: 1 } as const;
const POSITIVE = { kind: 'number', min: 0, minExclusive: true } as const;
const NON_NEGATIVE = { kind: 'number', min: 0 } as const;

export const LOSSES: readonly ChoiceDef[] = [
  {
    name: 'mse',
    aliases: ['mean_squared_error'],
    doc: 'Mean squared error (torch.nn.MSELoss, mean reduction). Fits any output.',
    schema: NO_ARGS,
  },
  { name: 'mae', aliases: ['l1_loss', 'mean_absolute_error'], doc: 'Mean absolute error (torch.nn.L1Loss).', schema: NO_ARGS },
  {
    name: 'huber',
    doc: 'Huber loss (torch.nn.HuberLoss): squared below delta, linear above.',
    example: 'loss: huber delta 1.0',
    schema: { positional: [], options: [{ name: 'delta', type: POSITIVE, default: 1.0, doc: 'Where the loss turns linear.' }] },
  },
  {
    name: 'cross_entropy',
    aliases: ['categorical_cross_entropy', 'ce'],
    doc:
      'Softmax cross-entropy on logits with integer class labels (torch.nn.CrossEntropyLoss). ' +
      'Needs >= 2 outputs, one per class; no softmax layer before it. On a [T, V] output (a language model) it is ' +
      'per token: targets [T], those of -100 (padding) ignored, the mean over the counted tokens.',
    example: 'loss: cross_entropy label_smoothing 0.1',
    schema: {
      positional: [],
      options: [
        { name: 'label_smoothing', aliases: ['smoothing'], type: PROBABILITY, default: 0, doc: 'Label smoothing, as PyTorch defines it.' },
      ],
    },
  },
  {
    name: 'binary_cross_entropy',
    aliases: ['bce'],
    doc:
      'Binary cross-entropy on probabilities (torch.nn.BCELoss): one output unit ending in sigmoid, labels 0 or 1. ' +
      'The sigmoid is folded into the loss (computed from its input, as BCEWithLogitsLoss, for stability).',
    schema: NO_ARGS,
  },
  {
    name: 'bce_with_logits',
    aliases: ['binary_cross_entropy_with_logits'],
    doc: 'Binary cross-entropy on logits (torch.nn.BCEWithLogitsLoss, mean reduction): one output unit with no sigmoid after it, labels 0 or 1.',
    example: 'loss: bce_with_logits pos_weight 3',
    schema: {
      positional: [],
      options: [
        { name: 'pos_weight', type: POSITIVE, default: 1, doc: "Weight of the positive examples' term (more than 1 favours recall)." },
      ],
    },
  },
];

const lr = (value: number): OptionDef => ({
  name: 'lr',
  aliases: ['learning_rate'],
  type: POSITIVE,
  default: value,
  doc: 'Learning rate.',
});
const weightDecay = (value: number, doc: string): OptionDef => ({
  name: 'weight_decay',
  aliases: ['l2'],
  type: NON_NEGATIVE,
  default: value,
  doc,
});
const COUPLED = 'L2 penalty added to the gradient (same as the `weight_decay:` setting).';
const eps = (value: number): OptionDef => ({
  name: 'eps',
  type: POSITIVE,
  default: value,
  doc: 'Added to the denominator for numerical stability.',
});
const betas: OptionDef[] = [
  { name: 'beta1', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0.9, doc: 'Decay of the first-moment average.' },
  {
    name: 'beta2',
    type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
    default: 0.999,
    doc: 'Decay of the second-moment average.',
  },
];

const AMSGRAD: OptionDef = {
  name: 'amsgrad',
  type: { kind: 'flag' },
  default: false,
  doc: "AMSGrad: divides by the running maximum of the second moment (PyTorch's amsgrad=True).",
};

export const OPTIMIZERS: readonly ChoiceDef[] = [
  {
    name: 'sgd',
    doc: 'Stochastic gradient descent, with optional (Nesterov) momentum (torch.optim.SGD).',
    example: 'optimizer: sgd lr 0.1 momentum 0.9 nesterov',
    schema: {
      positional: [],
      options: [
        lr(1e-3),
        { name: 'momentum', type: NON_NEGATIVE, default: 0, doc: 'Momentum factor.' },
        { name: 'nesterov', type: { kind: 'flag' }, default: false, doc: 'Nesterov momentum (needs momentum > 0).' },
        { name: 'dampening', type: NON_NEGATIVE, default: 0, doc: 'Dampening of momentum.' },
        weightDecay(0, COUPLED),
      ],
    },
  },
  {
    name: 'adam',
    doc: 'Adam with bias correction (torch.optim.Adam); weight decay is coupled (added to the gradient).',
    example: 'optimizer: adam lr 0.001',
    schema: { positional: [], options: [lr(1e-3), ...betas, eps(1e-8), weightDecay(0, COUPLED), AMSGRAD] },
  },
  {
    name: 'adamw',
    doc: 'Adam with decoupled weight decay (torch.optim.AdamW).',
    example: 'optimizer: adamw lr 0.001 weight_decay 0.01',
    schema: {
      positional: [],
      options: [lr(1e-3), ...betas, eps(1e-8), weightDecay(0.01, 'Decoupled weight decay (PyTorch default 0.01).'), AMSGRAD],
    },
  },
  {
    name: 'rmsprop',
    doc: 'RMSprop with eps outside the square root (torch.optim.RMSprop).',
    example: 'optimizer: rmsprop lr 0.01',
    schema: {
      positional: [],
      options: [
        lr(1e-2),
        { name: 'alpha', type: { kind: 'number', min: 0, max: 1 }, default: 0.99, doc: 'Smoothing constant.' },
        eps(1e-8),
        { name: 'momentum', type: NON_NEGATIVE, default: 0, doc: 'Momentum factor.' },
        weightDecay(0, COUPLED),
        {
          name: 'centered',
          type: { kind: 'flag' },
          default: false,
          doc: "Centered RMSprop: normalises by an estimate of the gradient's variance (square average minus the squared mean).",
        },
      ],
    },
  },
  {
    name: 'adagrad',
    doc: 'Adagrad (torch.optim.Adagrad).',
    example: 'optimizer: adagrad lr 0.01 lr_decay 0.001',
    schema: {
      positional: [],
      options: [
        lr(1e-2),
        eps(1e-10),
        weightDecay(0, COUPLED),
        { name: 'lr_decay', type: NON_NEGATIVE, default: 0, doc: 'The learning rate at step t is lr / (1 + (t - 1) lr_decay).' },
        {
          name: 'initial_accumulator_value',
          aliases: ['initial_accumulator'],
          type: NON_NEGATIVE,
          default: 0,
          doc: 'Starting value of the sum of squared gradients.',
        },
      ],
    },
  },
];

const PER: OptionDef = {
  name: 'per',
  type: { kind: 'enum', values: ['epoch', 'step'] },
  default: 'epoch',
  doc: 'Steps the schedule once per epoch, or once per optimizer step (batch): its counts are then in steps.',
};

export const SCHEDULES: readonly ChoiceDef[] = [
  { name: 'constant', aliases: ['none'], doc: 'The learning rate never changes.', schema: NO_ARGS },
  {
    name: 'step',
    doc: 'Multiplies the learning rate by gamma every step_size epochs (or steps, `per step`) (torch.optim.lr_scheduler.StepLR).',
    example: 'schedule: step 10 gamma 0.5',
    schema: {
      positional: [
        { name: 'step_size', aliases: ['every'], type: { kind: 'int', min: 1 }, required: true, doc: 'Epochs (or steps) between decays.' },
      ],
      options: [{ name: 'gamma', type: POSITIVE, default: 0.1, doc: 'Decay factor.' }, PER],
    },
  },
  {
    name: 'exponential',
    doc: 'Multiplies the learning rate by gamma every epoch, or every step `per step` (ExponentialLR).',
    example: 'schedule: exponential 0.95',
    schema: { positional: [{ name: 'gamma', type: POSITIVE, required: true, doc: 'Decay factor per epoch (or step).' }], options: [PER] },
  },
  {
    name: 'cosine',
    doc: 'Cosine annealing from the learning rate to min_lr over t_max epochs, or steps `per step` (CosineAnnealingLR).',
    example: 'schedule: cosine per step min_lr 0.0001',
    schema: {
      positional: [],
      options: [
        {
          name: 't_max',
          type: { kind: 'int', min: 1 },
          defaultText: 'the run: epochs (per step: epochs × steps per epoch)',
          doc: "Length of one half cosine, in the schedule's units.",
        },
        { name: 'min_lr', aliases: ['eta_min'], type: NON_NEGATIVE, default: 0, doc: 'Final learning rate.' },
        PER,
      ],
    },
  },
  {
    name: 'onecycle',
    aliases: ['one_cycle'],
    doc:
      'The 1cycle policy (torch.optim.lr_scheduler.OneCycleLR), stepped per optimizer step: ' +
      'from max_lr/div_factor up to max_lr over pct_start of the run, then down to max_lr/(div_factor·final_div_factor). ' +
      "Momentum is not cycled (PyTorch's cycle_momentum=False).",
    example: 'schedule: onecycle max_lr 0.01',
    schema: {
      positional: [],
      options: [
        { name: 'max_lr', type: POSITIVE, defaultText: "the optimizer's lr", doc: 'Peak learning rate.' },
        { name: 'total_steps', type: { kind: 'int', min: 1 }, defaultText: 'epochs × steps per epoch', doc: 'Steps in the cycle.' },
        {
          name: 'pct_start',
          type: { kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true },
          default: 0.3,
          doc: 'Fraction of the cycle spent increasing the learning rate.',
        },
        {
          name: 'anneal',
          aliases: ['anneal_strategy'],
          type: { kind: 'enum', values: ['cos', 'linear'] },
          default: 'cos',
          doc: 'Annealing: cosine or linear.',
        },
        { name: 'div_factor', type: POSITIVE, default: 25, doc: 'The initial learning rate is max_lr / div_factor.' },
        { name: 'final_div_factor', type: POSITIVE, default: 1e4, doc: 'The final learning rate is the initial one / final_div_factor.' },
        {
          name: 'three_phase',
          type: { kind: 'flag' },
          default: false,
          doc: "Back down to the initial rate before annealing to the final one (fast.ai's three phases).",
        },
      ],
    },
  },
  {
    name: 'warmup',
    doc: 'Linear warmup over `steps` optimizer steps, then another schedule: the same as the `warmup:` setting with start_factor 1/steps.',
    example: 'schedule: warmup 500 then cosine',
    schema: {
      positional: [{ name: 'steps', type: { kind: 'int', min: 1 }, required: true, doc: 'Warmup length in optimizer steps (batches).' }],
      options: [{ name: 'then', type: { kind: 'rest' }, default: 'constant', doc: 'The schedule after the warmup.' }],
    },
  },
];

export const PRUNERS: readonly ChoiceDef[] = [
  {
    name: 'magnitude',
    doc:
      'Magnitude pruning (Zhu & Gupta 2017) of the dense and conv weights (biases and norm parameters are kept): at the start of ' +
      'each epoch from `from` to `to` the smallest weights are zeroed, the sparsity rising along `curve` to its target, and a mask ' +
      'keeps them at exactly 0 through the rest of training, whatever the optimizer.',
    example: 'prune: magnitude 0.5 layer by channel from 1 to 5',
    schema: {
      positional: [
        {
          name: 'sparsity',
          type: { kind: 'number', min: 0, max: 1, maxExclusive: true },
          required: true,
          doc: 'The fraction of weights (or channels) pruned at the end of the schedule.',
        },
        {
          name: 'scope',
          type: { kind: 'enum', values: ['global', 'layer'] },
          default: 'global',
          doc: 'global: one threshold over every weight; layer: each layer pruned to the sparsity on its own.',
        },
      ],
      options: [
        {
          name: 'by',
          type: { kind: 'enum', values: ['weight', 'channel'] },
          default: 'weight',
          doc: 'weight: single weights (unstructured); channel: whole output units (dense columns, conv filters), ranked by L2 norm (global: by RMS).',
        },
        { name: 'from', type: { kind: 'int', min: 1 }, default: 1, doc: 'The first epoch that prunes.' },
        { name: 'to', type: { kind: 'int', min: 1 }, defaultText: 'from (all at once)', doc: 'The epoch that reaches the target.' },
        {
          name: 'curve',
          type: { kind: 'enum', values: ['cubic', 'linear'] },
          default: 'cubic',
          doc: "How the sparsity rises: cubic, Zhu & Gupta's s·(1 − (1 − k/n)³) (fast first, gently last), or linear s·k/n, at the k-th of n pruning epochs.",
        },
      ],
    },
  },
];
