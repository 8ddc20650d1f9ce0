// The train block's settings: `train <model> on <data> { key: value ... }`.
import { MAX_SAMPLE_LENGTH, SAMPLE_DEFAULTS } from '../../graph/train-config';
import { MAX_BATCH } from '../limits';
import type { SettingDef } from './settings';
import type { ValueType } from './types';
import { LOSSES, OPTIMIZERS, PRUNERS, SCHEDULES } from './train-options';

/** Sequence metrics (per-token cross-entropy): perplexity is lower-is-better. */
export const SEQUENCE_METRICS = ['perplexity', 'token_accuracy', 'sequence_accuracy'] as const;
export const METRIC_NAMES = ['accuracy', 'precision', 'recall', 'f1', 'mae', 'r2', ...SEQUENCE_METRICS] as const;
export const CLASSIFICATION_METRICS: readonly string[] = ['accuracy', 'precision', 'recall', 'f1', ...SEQUENCE_METRICS];
/** Metrics where higher is better: early_stop's default mode is max for these, min otherwise. */
export const HIGHER_IS_BETTER: readonly string[] = [...CLASSIFICATION_METRICS.filter((m) => m !== 'perplexity'), 'r2'];

/** A setting with one value: `epochs: 10`. */
const single = (name: string, type: ValueType, doc: string, value?: number | string) => ({
  kind: 'args' as const,
  schema: { positional: [{ name, type, required: true, doc, ...(value !== undefined ? { default: value } : {}) }], options: [] },
});

/** Which parameters a penalty reaches: `none` excluded (PyTorch's default), or `bias_norm`: biases and
 *  normalisation scales and shifts excluded, so only dense and conv weights decay. */
export const PENALTY_EXCLUDES = ['none', 'bias_norm'] as const;

/** `l1: 0.0001` / `weight_decay: 0.01 exclude bias_norm`. */
const penalty = (name: string, doc: string, value?: number) => ({
  kind: 'args' as const,
  schema: {
    positional: [
      { name, type: { kind: 'number', min: 0 } as const, required: true, doc, ...(value !== undefined ? { default: value } : {}) },
    ],
    options: [
      {
        name: 'exclude',
        type: { kind: 'enum', values: PENALTY_EXCLUDES } as const,
        default: 'none',
        doc: 'Parameters left out: none, or bias_norm (biases, norm scales and shifts).',
      },
    ],
  },
});

export const TRAIN_SETTINGS: readonly SettingDef[] = [
  {
    key: 'loss',
    doc: 'The loss to minimise.',
    example: 'loss: cross_entropy',
    value: { kind: 'choice', what: 'loss', choices: LOSSES },
    required: true,
  },
  {
    key: 'optimizer',
    doc: 'The optimizer and its hyper-parameters.',
    example: 'optimizer: adam lr 0.001',
    value: { kind: 'choice', what: 'optimizer', choices: OPTIMIZERS },
    defaultChoice: 'adam',
    defaultText: 'adam lr 0.001',
  },
  {
    key: 'schedule',
    aliases: ['lr_schedule'],
    doc: 'Learning-rate schedule.',
    example: 'schedule: cosine',
    value: { kind: 'choice', what: 'schedule', choices: SCHEDULES },
    defaultChoice: 'constant',
    defaultText: 'constant',
  },
  {
    key: 'warmup',
    doc:
      'Linear warm-up of the learning rate (torch.optim.lr_scheduler.LinearLR, total_iters = the length): ' +
      'the schedule is multiplied by a factor from start_factor up to 1, stepped per optimizer step or per epoch.',
    example: 'warmup: 100 steps start_factor 0.01',
    value: {
      kind: 'args',
      schema: {
        positional: [
          { name: 'length', type: { kind: 'int', min: 1 }, required: true, doc: 'Warm-up length.' },
          {
            name: 'unit',
            type: { kind: 'enum', values: ['steps', 'epochs', 'step', 'epoch'] },
            default: 'steps',
            doc: 'Optimizer steps (batches) or epochs.',
          },
        ],
        options: [
          {
            name: 'start_factor',
            type: { kind: 'number', min: 0, max: 1, minExclusive: true },
            default: 1 / 3,
            defaultText: "1/3 (PyTorch's LinearLR)",
            doc: "The first step's fraction of the learning rate.",
          },
        ],
      },
    },
    defaultText: 'off',
  },
  {
    key: 'epochs',
    doc: 'Passes over the training data.',
    example: 'epochs: 20',
    value: single('epochs', { kind: 'int', min: 1 }, 'Number of epochs.', 10),
    defaultText: '10',
  },
  {
    key: 'batch',
    aliases: ['batch_size'],
    doc: 'Examples per optimizer step.',
    example: 'batch: 64',
    value: single('batch', { kind: 'int', min: 1, max: MAX_BATCH }, 'Batch size.', 32),
    defaultText: '32',
  },
  {
    key: 'l1',
    doc:
      'L1 penalty l1 * sum |p| on every parameter (weights, biases, norm scales and shifts; `exclude bias_norm` for weights only), ' +
      'added to the gradient. The reported loss is the data loss, without it.',
    example: 'l1: 0.0001',
    value: penalty('l1', 'L1 factor.', 0),
    defaultText: '0',
  },
  {
    key: 'weight_decay',
    aliases: ['l2'],
    doc:
      "Weight decay on every parameter, as PyTorch's default (`exclude bias_norm` for weights only, the usual AdamW recipe): " +
      'coupled (added to the gradient) for sgd/adam/rmsprop/adagrad, decoupled for adamw. ' +
      'The reported loss is the data loss, without it.',
    example: 'weight_decay: 0.01 exclude bias_norm',
    value: penalty('weight_decay', 'Decay factor.'),
    defaultText: '0 (adamw: 0.01)',
  },
  {
    key: 'clip',
    aliases: ['clip_norm', 'clip_grad_norm'],
    doc: 'Clips gradients to this global L2 norm (torch.nn.utils.clip_grad_norm_).',
    example: 'clip: 1.0',
    value: single('max_norm', { kind: 'number', min: 0, minExclusive: true }, 'Maximum norm.'),
    defaultText: 'off',
  },
  {
    key: 'prune',
    doc:
      'Prunes the dense and conv weights by magnitude on a schedule over epochs; the pruned weights stay exactly 0 ' +
      '(their gradients and the weights are masked around every optimizer step). The summary counts the non-zero parameters.',
    example: 'prune: magnitude 0.5 global from 1 to 5',
    value: { kind: 'choice', what: 'pruning method', choices: PRUNERS },
    defaultText: 'off',
  },
  {
    key: 'teacher',
    doc:
      "Knowledge distillation: trains this model (the student) on a teacher's soft targets as well as the labels. The teacher is " +
      "a model of this file (its newest finished run's weights) or a run folder (a quoted path inside the workspace); it runs " +
      'in evaluation mode and is never trained. Needs loss: cross_entropy; the teacher must predict the same classes.',
    example: 'teacher: big',
    value: single('teacher', { kind: 'name' }, 'A model of this file, or a run folder.'),
    defaultText: 'off',
  },
  {
    key: 'temperature',
    doc:
      "Distillation's temperature T: the soft targets are softmax(teacher / T), and the KL term is scaled by T² " +
      '(Hinton et al. 2015), so its gradients keep their size as T changes.',
    example: 'temperature: 4',
    value: single('temperature', { kind: 'number', min: 0, minExclusive: true }, 'Temperature.', 4),
    defaultText: '4',
  },
  {
    key: 'alpha',
    doc:
      "Distillation's weight of the soft term: loss = alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + " +
      "(1 − alpha) · cross_entropy(student, label), the KL as PyTorch's KLDivLoss(reduction='batchmean').",
    example: 'alpha: 0.5',
    value: single('alpha', { kind: 'number', min: 0, max: 1 }, 'Weight of the soft (teacher) term.', 0.5),
    defaultText: '0.5',
  },
  {
    key: 'early_stop',
    doc:
      "Stops when the monitored metric has not improved by min_delta for `patience` epochs, and goes back to the best epoch's weights " +
      "(Keras's `restore_best_weights=True`, made the default here): the final metrics, the report, the CodeLens and the exports " +
      "are the best epoch's, and the record's end says which epoch's weights were kept (`weightsEpoch`). " +
      "The best epoch's weights are also written as `best.safetensors` as the run goes.",
    example: 'early_stop: val_loss patience 3',
    value: {
      kind: 'args',
      schema: {
        positional: [
          {
            name: 'monitor',
            type: { kind: 'name' },
            default: 'val_loss',
            doc: 'Metric to watch: loss, val_loss, accuracy, val_accuracy, ...',
          },
        ],
        options: [
          { name: 'patience', type: { kind: 'int', min: 0 }, default: 5, doc: 'Epochs without improvement before stopping.' },
          { name: 'min_delta', type: { kind: 'number', min: 0 }, default: 0, doc: 'Smallest change that counts as improvement.' },
          {
            name: 'mode',
            type: { kind: 'enum', values: ['min', 'max'] },
            defaultText: `max for ${HIGHER_IS_BETTER.join(', ')}; min otherwise`,
            doc: 'Whether lower or higher is better.',
          },
          {
            name: 'restore_best',
            type: { kind: 'flag' },
            default: true,
            doc: "When it stops, go back to the best epoch's weights (`restore_best off` keeps the last epoch's).",
          },
        ],
      },
    },
    defaultText: 'off',
  },
  {
    key: 'stop_when',
    doc: 'Stops as soon as the metric falls below a threshold.',
    example: 'stop_when: loss < 0.01',
    value: {
      kind: 'args',
      schema: {
        positional: [{ name: 'metric', type: { kind: 'name' }, required: true, doc: 'Metric to watch (loss, val_loss, ...).' }],
        options: [{ name: 'below', aliases: ['<'], type: { kind: 'number' }, required: true, doc: 'Threshold.' }],
      },
    },
    defaultText: 'off',
  },
  {
    key: 'metrics',
    doc:
      'Metrics computed every epoch besides the loss. For a language model ([T, V] outputs under cross_entropy): ' +
      'perplexity (exp of the mean per-token cross-entropy over the split), token_accuracy, and sequence_accuracy ' +
      '(every token of a sample right); tokens whose target is -100 (padding) are left out.',
    example: 'metrics: accuracy, f1',
    value: {
      kind: 'args',
      schema: { positional: [{ name: 'metrics', type: { kind: 'names', values: METRIC_NAMES }, doc: 'Metric names.' }], options: [] },
    },
    defaultText: 'none',
  },
  {
    key: 'samples',
    doc:
      'Language models (a tokens [T] input, [T, V] logits): after each epoch, draw `length` tokens with the weights of that epoch ' +
      'and write them to the run record (a `sample` line); the CLI prints each, the run report lists them. The prompt is the first ' +
      "token of the first held-out example, the draws come from the run's seed, so two runs of one file sample alike. " +
      'It runs on the CPU reference backend, one forward pass per token: for samples/char-gpt.mlab 32 tokens take about 1 s ' +
      'an epoch, where an epoch of training takes 7.5 s on the WebAssembly backend (2 threads; 77 s on the reference one). ' +
      'Other models ignore it.',
    example: 'samples: 64 temperature 0.8',
    value: {
      kind: 'args',
      schema: {
        positional: [
          {
            name: 'length',
            type: { kind: 'int', min: 0, max: MAX_SAMPLE_LENGTH },
            default: SAMPLE_DEFAULTS.length,
            doc: 'Tokens drawn after each epoch; 0 turns sampling off.',
          },
        ],
        options: [
          {
            name: 'temperature',
            type: { kind: 'number', min: 0 },
            default: SAMPLE_DEFAULTS.temperature,
            doc: 'Softmax temperature of the draws: 1 samples the model as it is (torch.multinomial of the softmax), 0 is greedy.',
          },
        ],
      },
    },
    defaultText: `${SAMPLE_DEFAULTS.length} temperature ${SAMPLE_DEFAULTS.temperature} (language models only)`,
  },
  {
    key: 'seed',
    doc: 'Seed for initialisation, dropout and shuffling.',
    example: 'seed: 42',
    value: single('seed', { kind: 'int', min: 0 }, 'Seed.', 0),
    defaultText: '0',
  },
  {
    key: 'device',
    doc:
      'Where to train: auto (WebGPU when available), webgpu or cpu. ' +
      "In the editor it wins over the modelLab.device setting; the CLI's --device wins over it.",
    example: 'device: cpu',
    value: single('device', { kind: 'enum', values: ['auto', 'webgpu', 'cpu'] }, 'Device.', 'auto'),
    defaultText: 'auto',
  },
  {
    key: 'sweep',
    doc: 'Trains once per value of a setting. Several sweep lines give every combination.',
    example: 'sweep: lr [0.1, 0.01, 0.001]',
    value: {
      kind: 'args',
      schema: {
        positional: [
          {
            name: 'key',
            type: { kind: 'name' },
            required: true,
            doc: 'A setting (batch, epochs, optimizer, ...) or an option of one (optimizer.lr, or lr; loss.delta; schedule.gamma).',
          },
          { name: 'values', type: { kind: 'rest' }, required: true, doc: 'The values, as a list or one after another.' },
        ],
        options: [],
      },
    },
    defaultText: 'one run',
  },
];
