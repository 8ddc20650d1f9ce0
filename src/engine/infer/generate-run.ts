// Generate from a run folder (Node only): the record's graph, weights.safetensors and the run's
// tokenizer, so the text comes from the model as it was trained, whatever the file says now.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../../graph/ir';
import { readRunRecord } from '../io/read-record';
import { decodeSafetensors } from '../io/safetensors';
import { loadTokenizer } from '../io/tokenizer-file';
import { generateText, GenerateError, type GenerateOptions } from './generate';

export async function generateFromRun(dir: string, o: GenerateOptions): Promise<{ model: string; text: string }> {
  const { start } = readRunRecord(dir);
  const graph = start.graph as Graph | undefined;
  if (!graph || !Array.isArray(graph.inputShape))
    throw new GenerateError(`${dir}: the run record has no model graph; train '${start.model}' again`);
  const weights = join(dir, 'weights.safetensors');
  if (!existsSync(weights)) throw new GenerateError(`${dir}: the run has no weights.safetensors; only a finished run can generate`);
  const text = await generateText(graph, decodeSafetensors(readFileSync(weights)).tensors, loadTokenizer(dir), o);
  return { model: start.model, text };
}
