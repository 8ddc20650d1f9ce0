// Samples after each epoch: the sampler is deterministic for a seed (and a new draw each epoch),
// refuses models that cannot continue a text; the CLI trains a tiny language model, prints each
// epoch's sample and writes `sample` lines that read back with their decoded text; the run
// report lists them and maps the model's attention on the validation split.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { Dataset } from '../../../src/engine/data/dataset';
import { epochSampler } from '../../../src/engine/infer/epoch-sample';
import { initialWeights } from '../../../src/engine/init';
import { readRunRecord } from '../../../src/engine/io/read-record';
import { loadTokenizer } from '../../../src/engine/io/tokenizer-file';
import { compilePlan } from '../../../src/engine/plan/compile';
import { buildRunReport } from '../../../src/extension/run-report/build-report';
import { analyze } from '../../../src/lang/analyze';

const MLAB = (samples: string, extra = '') => `data g {
  source: text("tiny.txt", tokenizer char, vocab 24, window 16)
  split: val 0.2
}

model lm(tokens [16]) {
  embedding 24 16
  positional learned
  transformer heads 2 ff 32 norm_first causal dropout 0
  ${extra}dense 24
}

train lm on g {
  loss: cross_entropy
  optimizer: adam lr 0.01
  epochs: 2
  batch: 16
  seed: 1
  ${samples}
}
`;

describe('samples after each epoch: the sampler', () => {
  const analysis = analyze(MLAB('samples: 12 temperature 0.7'));
  const graph = analysis.models[0]!.graph!;
  const config = analysis.trains[0]!.configs[0]!;
  const plan = compilePlan(graph, { maxBatch: 1, loss: config.loss, optimizer: config.optimizer, weightDecay: 0, l1: 0, clipNorm: null });
  const weights = initialWeights(plan.params, 2);
  const prompt = new Dataset(
    Float32Array.from({ length: 16 }, (_, i) => 3 + (i % 5)),
    new Float32Array(16),
    [16],
    16,
    24,
  );

  it('reads the setting; draws `length` tokens after the prompt, the same for a seed and epoch', async () => {
    assert.deepEqual(config.samples, { length: 12, temperature: 0.7 });
    const sample = epochSampler(graph, config, prompt)!;
    const a = await sample(weights, 1, 10);
    assert.equal(a.ids.length, 13);
    assert.equal(a.ids[0], 3, 'the prompt is the first token of the first example');
    assert.deepEqual({ ...a, ids: [] }, { epoch: 1, step: 10, ids: [], temperature: 0.7, seed: 1 });
    assert.deepEqual((await sample(weights, 1, 10)).ids, a.ids);
    assert.notDeepEqual((await sample(weights, 2, 20)).ids, a.ids, 'each epoch draws anew');
    const other = epochSampler(graph, { ...config, seed: 2 }, prompt)!;
    assert.notDeepEqual((await other(weights, 1, 10)).ids, a.ids, 'another seed, other draws');
  });

  it('is off for samples: 0 and for models that cannot continue a text', () => {
    assert.equal(epochSampler(graph, { ...config, samples: { length: 0, temperature: 1 } }, prompt), null);
    assert.ok(epochSampler(graph, { ...config, samples: undefined }, prompt), 'on by default for a language model');
    const full = analyze(MLAB('', 'attention heads 2\n  ')).models[0]!.graph!;
    assert.equal(epochSampler(full, config, prompt), null, 'a non-causal attention sees the future');
    const mlp = analyze('model m(input [4]) {\n  dense 3\n}\n').models[0]!.graph!;
    assert.equal(epochSampler(mlp, config, prompt), null);
  });
});

describe('samples after each epoch: a trained run', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'mlab-samples-'));
  const run = join(dir, '.modellab', 'runs', 'lm-test');
  const lines: string[] = [];
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    writeFileSync(join(dir, 'package.json'), '{}');
    const text = readFileSync(resolve(__dirname, '../../../samples/data/text/genesis-kjv.txt'), 'utf8').slice(0, 6000);
    writeFileSync(join(dir, 'tiny.txt'), text);
    writeFileSync(join(dir, 'lm.mlab'), MLAB('samples: 20'));
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    assert.equal(await trainCommand.run([join(dir, 'lm.mlab'), '--out', run, '--device', 'cpu'], io), 0, lines.join('\n'));
  });

  it('writes one sample line per epoch after its epoch line, with the text of its ids', () => {
    const record = readRunRecord(run);
    assert.deepEqual(
      record.samples.map((s) => [s.epoch, s.step, s.ids.length, s.temperature]),
      record.epochs.map((e) => [e.epoch, e.step, 21, 1]),
    );
    const tokenizer = loadTokenizer(run);
    for (const s of record.samples) assert.equal(s.text, tokenizer.decode(s.ids));
    const kinds = readFileSync(join(run, 'record.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type)
      .filter((t) => t === 'epoch' || t === 'sample');
    assert.deepEqual(kinds, ['epoch', 'sample', 'epoch', 'sample']);
  });

  it('the CLI prints each epoch sample', () => {
    const record = readRunRecord(run);
    for (const s of record.samples)
      assert.ok(lines.includes(`  sample after epoch ${s.epoch}: ${JSON.stringify(s.text)}`), lines.join('\n'));
  });

  it('the report lists the samples and maps attention on the validation split', async () => {
    const r = await buildRunReport(run);
    const record = readRunRecord(run);
    assert.deepEqual(
      r.samples?.map((s) => [s.epoch, s.text]),
      record.samples.map((s) => [s.epoch, s.text]),
    );
    const a = r.attention!;
    assert.equal(r.split, 'val');
    assert.deepEqual(a.layers, [{ name: 'transformer 1', heads: 2, causal: true }]);
    assert.equal(a.t, 16);
    assert.equal(a.examples, r.size);
    assert.equal(a.first.tokens.length, 16);
    assert.equal(a.first.maps[0]!.length, 2 * 16 * 16);
    for (let h = 0; h < 2; h++)
      for (let q = 0; q < 16; q++) {
        let sum = 0;
        for (let k = 0; k < 16; k++) sum += a.first.maps[0]![(h * 16 + q) * 16 + k]!;
        assert.ok(Math.abs(sum - 1) < 1e-5, `head ${h} row ${q} sums to ${sum}`);
      }
  });
});
