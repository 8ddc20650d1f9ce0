// Predict's text models in headless Chromium, on the page's own code and onnxruntime-web's wasm:
// a text classifier's ids are the training encoding (<bos> ids <eos>, padded) and its outputs match
// the engine's CPU evaluation within 1e-4; a language model's Generate (temperature, length, seed),
// run token by token on the exported file, writes the very text the engine's Generate writes.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, learnTokenizer, type TokenizerJson } from '../../src/engine/data/tokenizers/tokenizer';
import { generateText, type GenerateOptions } from '../../src/engine/infer/generate';
import { exportOnnx } from '../../src/export/onnx/export';
import { TOLERANCE, engineOutputs } from '../../src/export/onnx/verify';
import { graphOf, randomWeights } from '../unit/export/onnx-helpers';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';

const ORT_WASM = join(__dirname, '..', '..', 'node_modules', 'onnxruntime-web', 'dist', 'ort-wasm-simd-threaded.wasm');
const CORPUS = 'the cat sat on the mat . a dog ran to the cat . the mat was red and the dog was not .';

type Page = BrowserPage['page'];
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function classify(page: Page, model: Uint8Array, tokenizer: TokenizerJson, texts: string[], T: number) {
  return page.evaluate(
    ([m, t, x, n]) =>
      (
        globalThis as unknown as {
          __classify(m: string, t: TokenizerJson, x: string[], n: number): Promise<{ ids: number[]; logits: number[] }[]>;
        }
      ).__classify(m, t, x, n),
    [b64(model), tokenizer, texts, T] as const,
  );
}

function generate(page: Page, model: Uint8Array, tokenizer: TokenizerJson, shape: [number, number], o: GenerateOptions) {
  return page.evaluate(
    ([m, t, s, opts]) =>
      (
        globalThis as unknown as {
          __generate(m: string, t: TokenizerJson, s: [number, number], o: GenerateOptions): Promise<{ text: string; steps: number[] }>;
        }
      ).__generate(m, t, s, opts),
    [b64(model), tokenizer, shape, o] as const,
  );
}

describe('Predict text models in headless Chromium (onnxruntime-web wasm vs the engine)', function () {
  let page: BrowserPage | undefined;

  before(async function () {
    browserOrSkip(this);
    page = await openPage(join(__dirname, 'predict-entry.ts'), '__ready', { '/ort.wasm': ORT_WASM });
  });
  after(async () => page?.close());

  it('a text classifier: ids as training encodes them, probabilities as the engine computes them', async () => {
    const tokenizer = learnTokenizer(CORPUS, { ...DEFAULT_OPTIONS, kind: 'word', bos: true, eos: true });
    const T = 10;
    const graph = graphOf(
      `model cls(tokens [${T}]) {\n  embedding ${tokenizer.size} 8 pad 0\n  attention heads 2\n  pool mean\n  dense 3\n}`,
    );
    const weights = randomWeights(graph, 5);
    const texts = ['the cat sat', 'a dog ran to the red mat and the cat was not there at all', 'zebra', ''];
    const got = await classify(page!.page, exportOnnx(graph, weights), tokenizer.toJSON(), texts, T);
    assert.equal(got.length, texts.length);
    texts.forEach((text, i) => {
      // <bos> = 2, <eos> = 3, cut to T with <eos> kept last, <pad> = 0 after.
      const ids = [2, ...tokenizer.encode(text)].slice(0, T - 1).concat(3);
      assert.deepEqual(got[i]!.ids, [...ids, ...Array(T - ids.length).fill(0)], `ids of '${text}'`);
    });
    assert.ok(got[2]!.ids.includes(1), 'an unseen word is <unk>');
    const reference = await engineOutputs(graph, weights, Float32Array.from(got.flatMap((g) => g.ids)), texts.length);
    const logits = got.flatMap((g) => g.logits);
    assert.equal(logits.length, reference.length);
    const diff = Math.max(...logits.map((v, i) => Math.abs(v - reference[i]!)));
    assert.ok(diff <= TOLERANCE, `max abs diff ${diff}`);
    assert.notDeepEqual(got[0]!.logits, got[1]!.logits, 'different texts, different outputs');
  });

  it('a language model: Generate in the page writes the text the engine writes, token by token', async () => {
    const tokenizer = learnTokenizer(CORPUS, { ...DEFAULT_OPTIONS, kind: 'char' });
    const V = tokenizer.size;
    const graph = graphOf(
      `model lm(tokens [12]) {\n  embedding ${V} 16\n  positional learned\n  transformer heads 2 ff 32 norm_first causal\n  layernorm\n  dense ${V}\n}`,
    );
    const weights = randomWeights(graph, 9);
    const model = exportOnnx(graph, weights);
    for (const o of [
      { temperature: 0, length: 20, seed: 1, topK: 0, prompt: 'the ' },
      { temperature: 0.8, length: 30, seed: 7, topK: 0, prompt: 'a dog' },
      { temperature: 1.5, length: 16, seed: 2, topK: 0, prompt: '' },
    ]) {
      const got = await generate(page!.page, model, tokenizer.toJSON(), [12, V], o);
      const expected = await generateText(graph, weights, tokenizer, o);
      assert.equal(got.text, expected, `temperature ${o.temperature}, seed ${o.seed}`);
      assert.deepEqual(
        got.steps,
        Array.from({ length: o.length }, (_, i) => i + 1),
        'one model run per token',
      );
      assert.ok(got.text.length > o.prompt.length, 'it wrote something');
    }
    const other = await generate(page!.page, model, tokenizer.toJSON(), [12, V], {
      temperature: 0.8,
      length: 30,
      seed: 8,
      topK: 0,
      prompt: 'a dog',
    });
    const seven = await generateText(graph, weights, tokenizer, { temperature: 0.8, length: 30, seed: 7, topK: 0, prompt: 'a dog' });
    assert.notEqual(other.text, seven, 'another seed, another text');
  });
});
