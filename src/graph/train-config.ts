// Resolved training settings of one run: what a `train` block means once defaults are filled
// in and a `sweep` is expanded. Built by src/lang, consumed by the engine and the run record.
// Defaults follow PyTorch (docs/defaults.md says which and why).

export type LossSpec =
  | { readonly kind: 'mse' | 'mae' }
  // `bce_with_logits` (BCEWithLogitsLoss) is binary_cross_entropy with logits: true: the model's
  // output is the logit, never fused with a final sigmoid; posWeight 1. Without logits, a final
  // sigmoid is folded into the loss (the same value, computed from its input).
  | { readonly kind: 'binary_cross_entropy'; readonly logits?: boolean; readonly posWeight?: number }
  | { readonly kind: 'huber'; readonly delta: number } // delta 1.0
  | { readonly kind: 'cross_entropy'; readonly labelSmoothing: number }; // 0

export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly lr: number; readonly momentum: number; readonly nesterov: boolean; readonly dampening: number }
  | {
      readonly kind: 'adam' | 'adamw';
      readonly lr: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly eps: number;
      readonly amsgrad?: boolean;
    }
  | {
      readonly kind: 'rmsprop';
      readonly lr: number;
      readonly alpha: number;
      readonly eps: number;
      readonly momentum: number;
      readonly centered?: boolean;
    }
  | {
      readonly kind: 'adagrad';
      readonly lr: number;
      readonly eps: number;
      readonly lrDecay?: number;
      readonly initialAccumulatorValue?: number;
    };
// The optional fields are written by the resolver always; absent (a spec built by hand) they are
// PyTorch's defaults: amsgrad false, centered false, lr_decay 0, initial_accumulator_value 0.

/** How often a schedule steps (PyTorch's scheduler.step() per epoch, or per optimizer step). */
export type ScheduleCadence = 'epoch' | 'step';

// `per` absent: per epoch. tMax / totalSteps absent: the run's length in the schedule's units.
export type ScheduleSpec =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly stepSize: number; readonly gamma: number; readonly per?: ScheduleCadence }
  | { readonly kind: 'exponential'; readonly gamma: number; readonly per?: ScheduleCadence }
  | { readonly kind: 'cosine'; readonly tMax?: number; readonly minLr: number; readonly per?: ScheduleCadence }
  | {
      // OneCycleLR, stepped per optimizer step; maxLr absent: the optimizer's lr.
      readonly kind: 'onecycle';
      readonly maxLr?: number;
      readonly totalSteps?: number;
      readonly pctStart: number;
      readonly anneal: 'cos' | 'linear';
      readonly divFactor: number;
      readonly finalDivFactor: number;
      readonly threePhase: boolean;
    }
  // LinearLR(start_factor, 1, total_iters = steps) times `then`, counted in steps (default) or epochs;
  // startFactor absent: 1 / steps (`schedule: warmup N then ...`).
  | {
      readonly kind: 'warmup';
      readonly steps: number;
      readonly unit?: 'step' | 'epoch';
      readonly startFactor?: number;
      readonly then: ScheduleSpec;
    };

/** 'all': every trainable parameter (PyTorch's default); 'weights': dense and conv weights only
 *  (`exclude bias_norm`: biases and norm scales/shifts left out). */
export type PenaltyScope = 'all' | 'weights';

export type MetricName = 'accuracy' | 'precision' | 'recall' | 'f1' | 'mae' | 'r2' | 'perplexity' | 'token_accuracy' | 'sequence_accuracy';

export interface EarlyStopSpec {
  readonly monitor: string; // 'val_loss', 'val_accuracy', ...
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: 'min' | 'max';
  /** Restore the best epoch's weights when it stops (Keras's restore_best_weights); absent: true. */
  readonly restoreBest?: boolean;
}

/** Magnitude pruning (Zhu & Gupta 2017): at the start of each epoch from `from` to `to` (1-based)
 *  the sparsity steps up along `curve` to `sparsity`, then stays; masks keep pruned weights at 0.
 *  `scope` global ranks every dense and conv weight together, `layer` each tensor on its own; `by`
 *  channel prunes whole output units (dense columns, conv filters) by their L2 norm. */
export interface PruneSpec {
  readonly method: 'magnitude';
  readonly sparsity: number;
  readonly scope: 'global' | 'layer';
  readonly by: 'weight' | 'channel';
  readonly from: number;
  readonly to: number;
  readonly curve: 'cubic' | 'linear';
}

/** `samples: 32 temperature 1`: tokens drawn after each epoch, and their softmax temperature. */
export interface SampleSpec {
  readonly length: number;
  readonly temperature: number;
}

/** 32 tokens at temperature 1: torch.multinomial(softmax(logits)), the model's own distribution
 *  (also Hugging Face generate's default temperature). */
export const SAMPLE_DEFAULTS: SampleSpec = { length: 32, temperature: 1 };
/** The most tokens a per-epoch sample may draw (each is one forward pass on the CPU reference). */
export const MAX_SAMPLE_LENGTH = 256;

/** Knowledge distillation (Hinton et al. 2015): the loss is alpha * T^2 * KL(softmax(teacher / T) ||
 *  softmax(student / T)) + (1 - alpha) * cross_entropy(student, label). `teacher` as written: a
 *  model of the same file (its newest finished run's weights) or a run folder. */
export interface DistillSpec {
  readonly teacher: string;
  /** A run folder (a quoted path) rather than a model name. */
  readonly teacherIsRun: boolean;
  readonly temperature: number;
  readonly alpha: number;
}

export interface TrainConfig {
  readonly model: string;
  readonly data: string;
  readonly loss: LossSpec;
  readonly optimizer: OptimizerSpec;
  readonly schedule: ScheduleSpec;
  readonly epochs: number;
  readonly batch: number;
  readonly l1: number;
  /** Coupled L2 (added to the gradient; Adam's weight_decay) — or AdamW's decoupled decay. */
  readonly weightDecay: number;
  /** Which parameters weight decay and L1 reach (absent: 'all'). Neither is in the reported loss. */
  readonly weightDecayOn?: PenaltyScope;
  readonly l1On?: PenaltyScope;
  readonly clipNorm: number | null; // gradient clipping by global norm
  /** Magnitude pruning with masks kept through training (absent or null: none). */
  readonly prune?: PruneSpec | null;
  /** Distillation from a teacher (absent or null: none). */
  readonly distill?: DistillSpec | null;
  readonly earlyStop: EarlyStopSpec | null;
  readonly stopWhen: { readonly metric: string; readonly below: number } | null;
  readonly metrics: readonly MetricName[];
  readonly seed: number;
  readonly device: 'auto' | 'webgpu' | 'cpu';
  /** Language models: the text sampled after each epoch (absent: SAMPLE_DEFAULTS; length 0: none). */
  readonly samples?: SampleSpec;
  /** For runs expanded from a sweep: the swept key and its value, e.g. { 'optimizer.lr': 0.01 }. */
  readonly sweep?: Readonly<Record<string, number | string>>;
}
