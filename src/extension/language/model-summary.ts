// What the editor says about a whole model: the CodeLens summary line and the Keras/torchinfo-like
// table of the model hover. Pure (no vscode) so that it reads like the CLI's `summary`.
import type { Graph, LayerInfo } from '../../graph/ir';
import { estimateTrainingMemory, formatBytes } from '../../graph/memory';
import { inputText, shapeText } from '../../graph/shapes';
import { formatCount } from '../../graph/summary';
import type { OptimizerSpec } from '../../graph/train-config';
import type { Analysis, ModelAnalysis } from '../../lang';

/** Batch and optimizer the memory estimate assumes: the model's first train block, else PyTorch-like defaults. */
export interface TrainingAssumption {
  readonly batch: number;
  readonly optimizer: OptimizerSpec;
  readonly source: string;
}

const DEFAULT_ASSUMPTION: TrainingAssumption = {
  batch: 32,
  optimizer: { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  source: 'defaults',
};

export function trainingAssumption(analysis: Analysis, model: string): TrainingAssumption {
  for (const train of analysis.trains) {
    const config = train.model === model ? train.configs[0] : undefined;
    if (config) return { batch: config.batch, optimizer: config.optimizer, source: `train ${train.model} on ${train.data}` };
  }
  return DEFAULT_ASSUMPTION;
}

/** Errors inside the model block (what stops its graph from being built). */
export function modelErrorCount(analysis: Analysis, model: ModelAnalysis): number {
  const { startLine, endLine } = model.block.range;
  return analysis.diagnostics.filter((d) => d.severity === 'error' && d.range.startLine >= startLine && d.range.startLine <= endLine)
    .length;
}

/** "269,322 params · 1.1 MiB train mem @ batch 64", or "⚠ fix 2 errors" when the graph cannot be built. */
export function summaryLensTitle(analysis: Analysis, model: ModelAnalysis): string {
  if (!model.graph) {
    const errors = modelErrorCount(analysis, model);
    return errors > 0 ? `⚠ fix ${errors} error${errors === 1 ? '' : 's'}` : '⚠ fix the model to see its size';
  }
  const assumption = trainingAssumption(analysis, model.name);
  const memory = estimateTrainingMemory(model.graph, assumption.optimizer, assumption.batch);
  return `${formatCount(model.graph.totals.params)} params · ${formatBytes(memory.total)} train mem @ batch ${assumption.batch}`;
}

/** Markdown hover of a model: a table of its layers, then totals and the training memory estimate. */
export function modelSummaryMarkdown(analysis: Analysis, model: ModelAnalysis): string {
  const graph = model.graph;
  const input = model.inputShape ? inputText({ inputShape: model.inputShape, inputKind: model.inputKind }) : '?'; // "64 tokens"
  const output = graph ? shapeText(graph.nodes[graph.output].shape) : '?';
  const lines = [`**model ${model.name}** · ${input} → ${output}`, ''];
  if (!graph) {
    const errors = modelErrorCount(analysis, model);
    lines.push(`⚠ ${errors || 'some'} error${errors === 1 ? '' : 's'}: shapes are known up to the first one.`, '');
  }
  if (model.layers.length) lines.push(layerTable(model.layers).join('\n'), ''); // no spread: 200,000 rows overflow the stack
  if (graph) lines.push(...totals(graph, trainingAssumption(analysis, model.name)));
  return lines.join('\n').trimEnd();
}

/** Rows past this many are one "… N more layers" row: a hover is read, not scrolled. */
const MAX_TABLE_ROWS = 1000;

function layerTable(layers: readonly LayerInfo[]): string[] {
  const rows = layers.slice(0, MAX_TABLE_ROWS).map((layer) => {
    const indent = '\u00a0\u00a0'.repeat(depthOf(layers, layer));
    const repetition = layer.repetition !== undefined ? ` #${layer.repetition + 1}` : '';
    return (
      `| ${indent}${escapeCell(layer.label)}${repetition} | ${shapeText(layer.outputShape)} ` +
      `| ${formatCount(layer.params)} | ${formatCount(layer.flops)} |`
    );
  });
  if (layers.length > MAX_TABLE_ROWS) rows.push(`| … ${formatCount(layers.length - MAX_TABLE_ROWS)} more layers | | | |`);
  return ['| Layer | Output shape | Params | FLOPs |', '| :-- | :-- | --: | --: |', ...rows];
}

function totals(graph: Graph, assumption: TrainingAssumption): string[] {
  const { params, nonTrainable, flops } = graph.totals;
  const memory = estimateTrainingMemory(graph, assumption.optimizer, assumption.batch);
  return [
    `**${formatCount(params + nonTrainable)}** params (${formatBytes(4 * (params + nonTrainable))}) · ` +
      `${formatCount(params)} trainable · ${formatCount(nonTrainable)} non-trainable`,
    '',
    `${formatCount(flops)} FLOPs per example (multiply-adds, forward)`,
    '',
    `Training memory ≈ **${formatBytes(memory.total)}** at batch ${assumption.batch} with ${assumption.optimizer.kind} (${assumption.source}): ` +
      `weights ${formatBytes(memory.weights)} · gradients ${formatBytes(memory.gradients)} · ` +
      `optimizer ${formatBytes(memory.optimizerState)} · activations ${formatBytes(memory.activations)}`,
  ];
}

function depthOf(layers: readonly LayerInfo[], layer: LayerInfo): number {
  let depth = 0;
  for (let parent = layer.parent; parent >= 0 && parent < layers.length; parent = layers[parent].parent) depth++;
  return depth;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
