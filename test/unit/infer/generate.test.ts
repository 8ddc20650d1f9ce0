// Generate: next-token sampling (seeded, temperature, top-k) against softmax computed here, and a
// tiny trained language model sampled from its run folder: same seed, same text; temperature 0 is greedy.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { generateCommand } from '../../../src/cli/generate';
import { generateFromRun } from '../../../src/engine/infer/generate-run';
import { GENERATE_DEFAULTS, GenerateError, languageModelShape } from '../../../src/engine/infer/generate';
import { argmax, sampleToken } from '../../../src/engine/infer/sample';
import { Rng } from '../../../src/engine/rng';
import { analyze } from '../../../src/lang/analyze';

const softmax = (l: number[], t: number) => {
  const e = l.map((x) => Math.exp((x - Math.max(...l)) / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
};

describe('generate: sampling a next token', () => {
  const logits = [0.5, 2, -1, 1.5, 0];

  it('temperature 0 is the argmax; a tiny temperature agrees; ties go to the smaller id', () => {
    const rng = new Rng(7);
    assert.equal(argmax(logits), 1);
    for (let i = 0; i < 20; i++) assert.equal(sampleToken(logits, { temperature: 0, topK: 0 }, rng), 1);
    assert.equal(sampleToken(logits, { temperature: 1e-3, topK: 0 }, rng), 1);
    assert.equal(argmax([3, 5, 5]), 1);
  });

  it('draws follow softmax(logits / T), and top-k draws only the k most likely', () => {
    for (const t of [1, 0.5]) {
      const rng = new Rng(1),
        counts = [0, 0, 0, 0, 0],
        n = 20000;
      for (let i = 0; i < n; i++) counts[sampleToken(logits, { temperature: t, topK: 0 }, rng)]!++;
      softmax(logits, t).forEach((p, i) => assert.ok(Math.abs(counts[i]! / n - p) < 0.015, `T ${t} id ${i}: ${counts[i]! / n} vs ${p}`));
    }
    const rng = new Rng(2),
      seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(sampleToken(logits, { temperature: 1, topK: 2 }, rng));
    assert.deepEqual([...seen].sort(), [1, 3]);
  });

  it('the same seed gives the same draws, another seed others', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => sampleToken(logits, { temperature: 1, topK: 0 }, rng));
    };
    assert.deepEqual(draw(5), draw(5));
    assert.notDeepEqual(draw(5), draw(6));
  });
});

describe('generate: text from a trained run', function () {
  this.timeout(60000);
  const dir = mkdtempSync(join(tmpdir(), 'mlab-gen-'));
  const run = join(dir, 'run');
  after(() => rmSync(dir, { recursive: true, force: true }));
  const text = readFileSync(resolve(__dirname, '../../../samples/data/text/genesis-kjv.txt'), 'utf8').slice(0, 6000);
  const MLAB = `data g {
  source: text("tiny.txt", tokenizer char, vocab 24, window 16)
  split: val 0.2
}

model lm(tokens [16]) {
  embedding 24 16
  positional learned
  transformer heads 2 ff 32 norm_first causal dropout 0
  dense 24
}

train lm on g {
  loss: cross_entropy
  optimizer: adam lr 0.01
  epochs: 1
  batch: 16
  seed: 1
}
`;

  before(async () => {
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, 'tiny.txt'), text);
    writeFileSync(join(dir, 'lm.mlab'), MLAB);
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    assert.equal(await trainCommand.run([join(dir, 'lm.mlab'), '--out', run, '--quiet'], io), 0, lines.join('\n'));
  });

  it('a seed gives the same text every time; temperature 0 is the same whatever the seed', async () => {
    const o = { ...GENERATE_DEFAULTS, length: 40, prompt: 'the ' };
    const a = await generateFromRun(run, { ...o, seed: 3 });
    assert.equal(a.model, 'lm');
    assert.ok(a.text.startsWith('the ') && a.text.length > 'the '.length + 20, a.text);
    assert.equal((await generateFromRun(run, { ...o, seed: 3 })).text, a.text);
    assert.notEqual((await generateFromRun(run, { ...o, seed: 4 })).text, a.text);
    const greedy = (seed: number) => generateFromRun(run, { ...o, temperature: 0, seed });
    assert.equal((await greedy(1)).text, (await greedy(2)).text);
  });

  it('a run whose weights are a link to a file elsewhere, or that has none, is refused with the reason', async () => {
    const linked = join(dir, 'linked');
    cpSync(run, linked, { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'mlab-gen-outside-'));
    renameSync(join(linked, 'weights.safetensors'), join(outside, 'weights.safetensors'));
    symlinkSync(join(outside, 'weights.safetensors'), join(linked, 'weights.safetensors'));
    const o = { ...GENERATE_DEFAULTS, length: 5, seed: 1 };
    await assert.rejects(generateFromRun(linked, o), (e: Error) => e instanceof GenerateError && /weights\.safetensors/.test(e.message));
    rmSync(join(linked, 'weights.safetensors'));
    await assert.rejects(generateFromRun(linked, o), /has no weights\.safetensors; only a finished run can generate/);
    rmSync(outside, { recursive: true, force: true });
  });

  it('model-lab generate prints the text; a model that is not a language model is refused', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    assert.equal(await generateCommand.run(['--run', run, '--length', '30', '--seed', '3', '--prompt', 'the '], io), 0, lines.join('\n'));
    assert.equal(lines.join('\n'), (await generateFromRun(run, { ...GENERATE_DEFAULTS, length: 30, seed: 3, prompt: 'the ' })).text);
    const graph = analyze('model m(input [4]) {\n  dense 2\n}\n').models[0]!.graph!;
    assert.throws(() => languageModelShape(graph), GenerateError);
  });
});
