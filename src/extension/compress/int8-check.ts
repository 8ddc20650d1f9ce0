// Why a run cannot be quantized to int8, said before any work starts (null: it can). Pure Node (no
// vscode import) so the unit tests run it: the editor's Quantize (int8) shows the reason in the page.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../../graph/ir';
import { readRunRecord } from '../../engine/io/read-record';
import { EXPORTABLE_STATUSES, WEIGHTS_FILE } from '../../export/onnx/sources';

export function int8Refusal(dir: string): string | null {
  let record;
  try {
    record = readRunRecord(dir);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const { start, end } = record;
  if (!existsSync(join(dir, WEIGHTS_FILE))) {
    const how = end ? `it ended as ${end.status.replace('_', ' ')}` : 'it is still training, or its process died';
    return `the run of '${start.model}' has no weights (${how}): only a run that finished or stopped with its ${WEIGHTS_FILE} can be quantized`;
  }
  if (end && !EXPORTABLE_STATUSES.has(end.status))
    return `the run of '${start.model}' ended as ${end.status.replace('_', ' ')}: its weights are not a trained model to quantize`;
  const graph = start.graph as Partial<Graph> | undefined;
  if (!graph?.nodes) return `the run record of '${start.model}' has no model graph (an older Model Lab wrote it); train it again`;
  if (graph.nodes.some((n) => n.op.kind === 'fake_quant')) return `'${start.model}' is quantized already`;
  return null;
}
