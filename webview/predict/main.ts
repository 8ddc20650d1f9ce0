// The Predict page: creates an onnxruntime-web session (wasm execution provider, one thread, the
// .wasm shipped in the extension) on the run's model.onnx, and predicts on every change of its
// input, pre-processed exactly as training did (src/export/predict/input.ts); text models through
// the run's tokenizer (src/export/predict/text.ts), a language model token by token.
import * as ort from 'onnxruntime-web/wasm';
import { preprocess } from '../../src/export/predict/input';
import { ranked, softmax } from '../../src/export/predict/pixels';
import { HostToPredict, PredictToHost, type PredictShow } from '../../src/protocol/predict';
import { el } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { drawInput, imageInput, tableInput } from './inputs';
import { contextRunner, createSession } from './run-text';
import { generateInput, textInput } from './text-inputs';
import { encodeText, generateText, tokenizerOf } from '../../src/export/predict/text';

const app = document.getElementById('app')!;
const channel = connectToHost(PredictToHost, HostToPredict, 'predict');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const title = el('h1', 'Predict');
const status = el('p', 'Loading the model…', 'muted');
const body = el('div', undefined, 'predict-body');
const inputBox = el('div', undefined, 'predict-input');
const results = el('ol', undefined, 'predict-results');
body.append(inputBox, results);
app.append(title, status, body);

let session: ort.InferenceSession | null = null;

async function start(s: PredictShow): Promise<void> {
  title.textContent = s.title;
  inputBox.replaceChildren();
  results.replaceChildren();
  await session?.release();
  session = null;
  const input = s.spec.input;
  if (input.kind === 'unsupported') {
    status.textContent = input.why;
    return;
  }
  const bytes = Uint8Array.from(atob(s.model), (c) => c.charCodeAt(0));
  const current = await createSession(bytes, s.wasmUrl);
  session = current;
  status.textContent = input.kind === 'draw' ? 'Draw in the box: the probabilities follow.' : '';
  let running = Promise.resolve();
  const queue = (job: () => Promise<void>) => {
    running = running.then(job).catch((e: unknown) => fail(e));
  };
  if (input.kind === 'text' || input.kind === 'generate') return startText(s, input, current, queue);
  const changed = (values: Float32Array) => queue(() => run(s, current, values));
  const read =
    input.kind === 'table'
      ? tableInput(inputBox, input, changed)
      : input.kind === 'draw'
        ? drawInput(inputBox, input, changed)
        : imageInput(inputBox, input, changed);
  changed(read());
}

type TextInput = Extract<PredictShow['spec']['input'], { kind: 'text' | 'generate' }>;

/** A classifier predicts on every edit of its text; a language model generates when asked. */
function startText(s: PredictShow, input: TextInput, current: ort.InferenceSession, queue: (job: () => Promise<void>) => void): void {
  const tokenizer = tokenizerOf(input.tokenizer);
  const T = input.shape[0];
  const runContext = contextRunner(current);
  if (input.kind === 'text') {
    const classify = (text: string) =>
      queue(async () => {
        if (current !== session) return;
        const ids = encodeText(tokenizer, text, T);
        show(s, ids, Float32Array.from(await runContext(ids)));
      });
    classify(textInput(inputBox, classify)());
    return;
  }
  status.textContent = 'Write a prompt and Generate: the model continues it token by token.';
  const shown = generateInput(inputBox, async (o) => {
    const p = new Promise<void>((done) =>
      queue(async () => {
        const text = await generateText(runContext, tokenizer, [T, input.vocab], o, (t) => shown(t));
        app.dataset.generated = text;
        channel.notify('generated', { text });
        done();
      }),
    );
    await p;
  });
}

async function run(s: PredictShow, current: ort.InferenceSession, values: Float32Array): Promise<void> {
  if (current !== session) return;
  const x = preprocess(values, s.spec.input);
  const feeds = { [current.inputNames[0]!]: new ort.Tensor('float32', x, [1, ...s.modelShape]) };
  show(s, x, (await current.run(feeds))[current.outputNames[0]!]!.data as Float32Array);
}

/** The classes by probability (or the outputs of a regression), and the host told. */
function show(s: PredictShow, x: Float32Array, out: Float32Array): void {
  const classes = s.spec.classes;
  // A model that ends in softmax already gives probabilities; logits go through one here.
  const probabilities = [...out].every((v) => v >= 0) && Math.abs(out.reduce((a, v) => a + v, 0) - 1) < 1e-4;
  const outputs = classes.length ? (probabilities ? [...out] : softmax(out)) : [...out];
  results.replaceChildren(
    ...(classes.length ? ranked(outputs, classes) : outputs.map((p, i) => ({ name: `output ${i}`, p }))).map((r) => {
      const li = el('li', undefined, 'predict-result');
      const bar = el('progress');
      bar.max = 1;
      bar.value = classes.length ? r.p : 0;
      li.append(el('span', r.name, 'predict-class'), bar, el('span', classes.length ? `${(r.p * 100).toFixed(1)}%` : r.p.toPrecision(5)));
      return li;
    }),
  );
  const top = classes.length ? ranked(outputs, classes)[0]!.name : String(outputs[0]);
  app.dataset.top = top;
  channel.notify('predicted', { input: [...x], outputs, top });
}

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  status.textContent = `Predict failed: ${message}`;
  channel.notify('failed', { message });
}

channel.on('show', (s) => void start(s).catch(fail));
channel.announceReady();
