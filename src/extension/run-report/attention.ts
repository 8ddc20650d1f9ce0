// The report's attention section, host side: a probe on the run's weights (CPU reference backend,
// eval mode) answers the page's example selector with every layer's and head's weights, the tokens
// decoded through the run's tokenizer. Pure Node: no vscode.
import type { Dataset } from '../../engine/data/dataset';
import type { Tokenizer } from '../../engine/data/tokenizers/types';
import { AttentionProbe, attentionLayers } from '../../engine/infer/attention-maps';
import { loadTokenizer } from '../../engine/io/tokenizer-file';
import { REPORT_LIMITS, type AttentionExample, type ReportAttention } from '../../protocol/report';
import type { LoadedRun } from './load-run';

export interface AttentionSource {
  readonly info: ReportAttention;
  example(index: number): Promise<AttentionExample>;
  dispose(): void;
}

/** The attention source of a run whose model has attention layers over token inputs; null otherwise. */
export async function attentionSource(run: LoadedRun, ds: Dataset): Promise<AttentionSource | null> {
  const { graph } = run;
  const layers = attentionLayers(graph);
  if (layers.length === 0 || graph.inputKind !== 'tokens' || ds.size === 0) return null;
  const t = layers[0]!.t;
  const values = layers.reduce((s, l) => s + l.heads * l.t * l.t, 0);
  if (layers.length > REPORT_LIMITS.attentionLayers || t > REPORT_LIMITS.positions || values > REPORT_LIMITS.attentionValues) return null;
  const tokenizer = tokenizerOf(run.dir);
  const probe = new AttentionProbe(graph, run.weights, run.start.config.loss);
  const example = async (index: number): Promise<AttentionExample> => {
    if (index >= ds.size) throw new Error(`example ${index} is past the split's ${ds.size} examples`);
    const d = ds.inputLen;
    const ids = ds.x.subarray(index * d, index * d + d);
    const maps = await probe.maps(ids);
    const tokens = Array.from(ids.subarray(0, t), (id) => tokenText(tokenizer, id));
    return { index, tokens, maps };
  };
  const info: ReportAttention = {
    layers: layers.map((l) => ({ name: l.name, heads: l.heads, causal: l.causal })),
    t,
    examples: ds.size,
    first: await example(0),
  };
  return { info, example, dispose: () => probe.dispose() };
}

function tokenizerOf(dir: string): Tokenizer | null {
  try {
    return loadTokenizer(dir);
  } catch {
    return null; // token ids without a tokenizer (a numeric sequence): the ids are shown
  }
}

/** How a position reads on the map's axes: the token's text with whitespace made visible. */
function tokenText(tokenizer: Tokenizer | null, id: number): string {
  const text = tokenizer ? tokenizer.tokenText(id) : String(id);
  return text.replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/ /g, '␣').slice(0, 200);
}
