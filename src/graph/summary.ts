// A Keras/torchinfo-like text table of a graph: layer, output shape, params, FLOPs; totals and
// the training memory estimate. Used by `model-lab summary` and usable in a hover.
import type { Graph } from './ir';
import type { OptimizerSpec } from './train-config';
import { estimateTrainingMemory, formatBytes } from './memory';
import { inputText, shapeText } from './shapes';

export interface SummaryOptions {
  readonly batch: number;
  readonly optimizer: OptimizerSpec;
  /** Says where batch and optimizer came from, e.g. "train mlp on fashion" or "defaults". */
  readonly source?: string;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatSummary(graph: Graph, options: SummaryOptions): string {
  const rows: string[][] = [['Layer', 'Output shape', 'Params', 'FLOPs']];
  for (const layer of graph.layers) {
    const depth = depthOf(graph, layer.index);
    const repetition = layer.repetition !== undefined ? ` #${layer.repetition + 1}` : '';
    rows.push([
      `${'  '.repeat(depth)}${layer.label}${repetition}`,
      shapeText(layer.outputShape),
      formatCount(layer.params),
      formatCount(layer.flops),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('   ')
      .trimEnd();
  const rule = '─'.repeat(line(rows[0]).length);
  const { totals } = graph;
  const memory = estimateTrainingMemory(graph, options.optimizer, options.batch);
  const source = options.source ? `, ${options.source}` : '';
  return [
    `Model ${graph.name}: input ${inputText(graph)}`,
    rule,
    line(rows[0]),
    rule,
    ...rows.slice(1).map(line),
    rule,
    `Total params: ${formatCount(totals.params + totals.nonTrainable)} (${formatBytes(4 * (totals.params + totals.nonTrainable))})`,
    `Trainable params: ${formatCount(totals.params)}`,
    `Non-trainable params: ${formatCount(totals.nonTrainable)}`,
    `FLOPs per example (multiply-adds, forward): ${formatCount(totals.flops)}`,
    `Training memory at batch ${options.batch} (${options.optimizer.kind}${source}): ${formatBytes(memory.total)}`,
    `  weights ${formatBytes(memory.weights)} · gradients ${formatBytes(memory.gradients)} · ` +
      `optimizer state ${formatBytes(memory.optimizerState)} · activations ${formatBytes(memory.activations)}`,
  ].join('\n');
}

function depthOf(graph: Graph, index: number): number {
  let depth = 0;
  for (let parent = graph.layers[index].parent; parent !== -1; parent = graph.layers[parent].parent) depth++;
  return depth;
}
