// Predict's widgets for text models: a text box for a classifier (every edit predicts), and for a
// language model a prompt with temperature, length and seed and a Generate button whose text
// grows token by token.
import type { GenerateOptions } from '../../src/engine/infer/generate';
import { GENERATE_DEFAULTS } from '../../src/engine/infer/generate';
import { el } from '../shared/dom';

export function textInput(parent: HTMLElement, changed: (text: string) => void): () => string {
  const box = el('textarea', undefined, 'predict-text');
  box.rows = 4;
  box.placeholder = 'Type a text: the probabilities follow.';
  box.addEventListener('input', () => changed(box.value));
  parent.append(box);
  return () => box.value;
}

function numberField(label: string, value: number, step: string): [HTMLLabelElement, HTMLInputElement] {
  const field = el('input', undefined, 'predict-field');
  field.type = 'number';
  field.min = '0';
  field.step = step;
  field.value = String(value);
  field.name = label;
  const row = el('label', undefined, 'predict-row');
  row.append(el('span', label), field);
  return [row, field];
}

/** `generate` gets the options; the returned function shows the text so far. */
export function generateInput(parent: HTMLElement, generate: (o: GenerateOptions) => Promise<void>): (text: string) => void {
  const prompt = el('textarea', undefined, 'predict-text');
  prompt.rows = 3;
  prompt.placeholder = 'A prompt to continue (empty: a new line)';
  const d = GENERATE_DEFAULTS;
  const [tRow, temperature] = numberField('temperature', d.temperature, '0.1');
  const [lRow, length] = numberField('length', d.length, '1');
  const [sRow, seed] = numberField('seed', d.seed, '1');
  const button = el('button', 'Generate');
  const output = el('pre', undefined, 'predict-generated');
  button.addEventListener('click', () => {
    button.disabled = true;
    const o = {
      ...d,
      prompt: prompt.value,
      temperature: Number(temperature.value),
      length: Math.round(Number(length.value)),
      seed: Math.round(Number(seed.value)),
    };
    void generate(o).finally(() => (button.disabled = false));
  });
  parent.append(prompt, tRow, lRow, sRow, el('div', undefined, 'predict-buttons'), output);
  parent.children[4]!.append(button);
  return (text) => (output.textContent = text);
}
