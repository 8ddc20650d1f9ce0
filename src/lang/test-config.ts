// A TrainConfig at the schema's defaults, for tests and benchmarks: a tiny train block resolved
// by resolveTrain, so it never drifts from what a real file gets. (It lives in the language, not
// in src/engine/testing: the engine may not import the language.)
import type { TrainConfig } from '../graph/train-config';
import { DiagnosticSink } from './diagnostics';
import { parse } from './parser';
import { resolveTrain } from './resolve-train';

/** What a test run needs beyond the defaults: a loss (which has none), accuracy, and the CPU. */
const TEST_BLOCK = 'train net on set {\n  loss: cross_entropy\n  metrics: accuracy\n  device: cpu\n}\n';

let cached: TrainConfig | null = null;

function defaults(): TrainConfig {
  if (cached) return cached;
  const parsed = parse(TEST_BLOCK);
  const block = parsed.file.blocks[0];
  const sink = new DiagnosticSink();
  if (block?.kind !== 'train') throw new Error('test-config: the test block does not parse');
  const config = resolveTrain(block, sink).configs[0];
  const problems = [...parsed.diagnostics, ...sink.items].map((d) => d.message);
  if (!config || problems.length) throw new Error(`test-config: the test block does not resolve: ${problems.join('; ')}`);
  cached = config;
  return config;
}

export function trainConfig(over: Partial<TrainConfig> = {}): TrainConfig {
  return { ...defaults(), model: 'model', data: 'data', ...over };
}
