// `model-lab export --format pytorch`: one readable, self-contained Python file that trains the
// same experiment in PyTorch, in one process or under torchrun with DistributedDataParallel.
// The experiment travels as JSON (the resolved config and data block, the graph); the model is
// written out as code (model-py.ts); the rest is the fixed Python in py-*.ts. Whatever the script
// could not reproduce is refused here, by name (PytorchExportError).
import { basename } from 'node:path';
import type { DataSpec, SyntheticKind } from '../../graph/data-spec';
import type { Graph } from '../../graph/ir';
import type { TrainConfig } from '../../graph/train-config';
import { graphHash } from '../../engine/train/trainer';
import { PytorchExportError } from './errors';
import { lossNode, modelPython } from './model-py';
import { DATA_PY } from './py-data';
import { IMAGES_PY } from './py-images';
import { PRUNE_PY } from './py-prune';
import { LOOP_PY } from './py-loop';
import { RECIPE_PY } from './py-recipe';
import { SEQ_PY } from './py-seq';
import { TEXT_PY } from './py-text';

export interface PytorchExportInput {
  readonly graph: Graph;
  readonly config: TrainConfig;
  readonly data: DataSpec;
  /** The experiment file (absolute): its folder is where the data paths start. */
  readonly file: string;
  readonly dataRoot: string;
  /** The script's own file name, for the commands in its header. */
  readonly scriptName: string;
}

const numel = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** The synthetic generators py-data.ts ports: a new kind fails to compile here until it is ported. */
const PORTED_GENERATORS: Record<SyntheticKind, true> = {
  xor: true,
  circles: true,
  moons: true,
  spiral: true,
  blobs: true,
  linear: true,
  sine: true,
  adding: true,
  addition: true,
};

/** Refuses what the script cannot reproduce, naming it (every source kind is ported: synthetic,
 *  csv with its forecasting windows, idx, images, text windows and CSVs of texts). */
export function checkExportable(data: DataSpec): void {
  for (const [s, what] of [
    [data.source, 'source'],
    [data.testSource, 'test'],
  ] as const)
    if (s?.kind === 'synthetic' && !PORTED_GENERATORS[s.generator])
      throw new PytorchExportError(`data ${data.name}: ${what} synthetic(${s.generator}) is not supported by the PyTorch export yet`);
}

export function pytorchScript(input: PytorchExportInput): string {
  const { graph, config, data } = input;
  checkExportable(data);
  // A script without its teacher would silently train a plain student: refused, by name.
  if (config.distill)
    throw new PytorchExportError(
      `train ${graph.name}: distillation (teacher: ${config.distill.teacher}) is not supported by the PyTorch export yet`,
    );
  const model = modelPython(graph, config.loss);
  const out = graph.nodes[graph.output]!;
  const folded = lossNode(graph, config.loss) !== graph.output;
  const fold = !folded ? 'lambda t: t' : out.op.kind === 'softmax' ? 'lambda t: F.softmax(t, dim=-1)' : 'torch.sigmoid';
  const params = graph.nodes.flatMap((n) =>
    n.op.kind === 'param' ? [{ name: n.op.name, shape: n.shape, init: n.op.init, fanIn: n.op.fanIn, fanOut: n.op.fanOut }] : [],
  );
  const experiment = {
    model: graph.name,
    file: input.file,
    dataRoot: input.dataRoot,
    config,
    data,
    inputShape: graph.inputShape,
    inputLen: numel(graph.inputShape),
    outputLen: numel(out.shape),
    logits: config.loss.kind === 'binary_cross_entropy' && !folded,
    // A per-token task (an output [T, V] under cross-entropy): T target ids per sample.
    tokens: config.loss.kind === 'cross_entropy' && out.shape.length === 2 ? out.shape[0]! : 1,
    probabilities: config.loss.kind === 'cross_entropy' && folded,
    trainableParams: graph.totals.params,
    graphHash: graphHash(graph),
    params,
    decayed: graph.nodes.flatMap((n) => (n.op.kind === 'param' && n.op.decay ? [n.op.name] : [])),
    graph,
  };
  const json = JSON.stringify(experiment, null, 1);
  if (json.includes("'''")) throw new PytorchExportError("the experiment's text holds ''' , which the script cannot quote");
  return [
    header(input),
    'import argparse, json, math, os, socket, struct, sys, time, unicodedata',
    '',
    'import numpy as np',
    'import torch',
    'import torch.distributed as dist',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    'from torch.nn.parallel import DistributedDataParallel as DDP',
    'from torch.utils.data.distributed import DistributedSampler',
    '',
    '',
    'class ExportLimit(Exception):',
    '    """Something of the experiment this script cannot reproduce (it stops rather than train something else)."""',
    '',
    '',
    '# The experiment as Model Lab resolved it: settings with their defaults, the data block, the graph.',
    `EXPERIMENT = json.loads(r'''${json}''')`,
    `FOLD = ${fold}  # what the loss folds in: the model's own output from its loss input`,
    DATA_PY,
    IMAGES_PY,
    TEXT_PY,
    '',
    SEQ_PY,
    '# ---------------------------------------------------------------- the model',
    model,
    RECIPE_PY,
    PRUNE_PY,
    LOOP_PY,
  ].join('\n');
}

function header(input: PytorchExportInput): string {
  const s = input.scriptName;
  return [
    '#!/usr/bin/env python3',
    `"""Model Lab experiment ${basename(input.file)}: model ${input.graph.name} trained on ${input.data.name}, as a PyTorch script.`,
    '',
    'Written by `model-lab export --format pytorch`. The same model (parameter names and layouts',
    "kept: state_dict keys equal the run's weights), initialisation, data, split, normalisation,",
    'loss, optimizer, schedule, clipping, regularisation, metrics and early stopping.',
    '',
    'One process (CPU, or the first GPU):',
    `    python3 ${s} [--init-from run/init.safetensors] [--out DIR]`,
    'DistributedDataParallel on one machine with N processes (gloo on CPUs, NCCL on GPUs):',
    `    torchrun --nproc_per_node=N ${s}`,
    'Several machines (run on each, NODE_RANK 0 .. M-1):',
    `    torchrun --nnodes=M --node_rank=NODE_RANK --master_addr=HOST --master_port=29500 --nproc_per_node=N ${s}`,
    '',
    `The global batch stays the experiment's (${input.config.batch}); each rank takes its share of every batch,`,
    'in the batch order Model Lab uses. Rank 0 writes the run record (record.jsonl, init and weights',
    '.safetensors, checkpoint.pt each epoch) into --out: Model Lab: Import Run shows it beside local runs.',
    '"""',
  ].join('\n');
}
