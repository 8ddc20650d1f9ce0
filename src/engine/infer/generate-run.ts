// Generate from a run folder (Node only): the record's graph, weights.safetensors and the run's
// tokenizer, so the text comes from the model as it was trained, whatever the file says now. The
// folder is read as every trained run is (io/trained-run.ts: weights linked from elsewhere refused).
import { readTrainedRecord, readTrainedWeights, TrainedRunError, WEIGHTS_FILE } from '../io/trained-run';
import { loadTokenizer } from '../io/tokenizer-file';
import { generateText, GenerateError, type GenerateOptions } from './generate';

export async function generateFromRun(dir: string, o: GenerateOptions): Promise<{ model: string; text: string }> {
  let trained;
  try {
    const { record, graph } = readTrainedRecord(dir);
    trained = { model: record.start.model, graph, weights: await readTrainedWeights(dir, record.end) };
  } catch (e) {
    if (!(e instanceof TrainedRunError)) throw e;
    const p = e.problem;
    throw new GenerateError(
      p.kind === 'no-graph'
        ? `${dir}: the run record has no model graph; train '${p.model}' again`
        : p.kind === 'no-weights'
          ? `${dir}: the run has no ${WEIGHTS_FILE}; only a finished run can generate`
          : e.message,
    );
  }
  const text = await generateText(trained.graph, trained.weights, loadTokenizer(dir), o);
  return { model: trained.model, text };
}
