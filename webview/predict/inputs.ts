// Predict's input widgets, each calling `changed` with one example in the data's own units:
// a canvas to draw on (white strokes on black, as Fashion-MNIST's pictures), a drop zone for a
// picture, one number field per feature (the training split's range, starting at its mean).
import type { PredictShow } from '../../src/protocol/predict';
import { pixelsFromRgba } from '../../src/export/predict/pixels';
import { el } from '../shared/dom';

type Input = PredictShow['spec']['input'];
type Changed = (values: Float32Array) => void;
const SIDE = 280;

export function drawInput(parent: HTMLElement, input: Input & { kind: 'draw' | 'image' }, changed: Changed): () => Float32Array {
  const canvas = el('canvas', undefined, 'predict-canvas');
  canvas.width = canvas.height = SIDE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIDE, SIDE);
  };
  clear();
  const read = () => pixelsFromRgba(ctx.getImageData(0, 0, SIDE, SIDE).data, SIDE, SIDE, input.shape);
  let last: { x: number; y: number } | null = null;
  let queued = false;
  const update = () => {
    if (queued) return;
    queued = true; // at most one prediction per frame while drawing
    requestAnimationFrame(() => {
      queued = false;
      changed(read());
    });
  };
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIDE) / r.width, y: ((e.clientY - r.top) * SIDE) / r.height };
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = SIDE / 14;
    ctx.lineCap = ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
    update();
  });
  const end = () => (last = null);
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  const clearButton = el('button', 'Clear');
  clearButton.addEventListener('click', () => {
    clear();
    changed(read());
  });
  parent.append(canvas, el('div', undefined, 'predict-buttons'));
  parent.lastElementChild!.append(clearButton);
  return read;
}

export function imageInput(parent: HTMLElement, input: Input & { kind: 'draw' | 'image' }, changed: Changed): () => Float32Array {
  const zone = el('div', `Drop a picture here (it is resized to ${input.shape[2]}×${input.shape[1]})`, 'predict-drop');
  const file = el('input');
  file.type = 'file';
  file.accept = 'image/*';
  const preview = el('canvas', undefined, 'predict-preview');
  let values: Float32Array = new Float32Array(input.shape[0] * input.shape[1] * input.shape[2]);
  const load = async (f: File) => {
    const bitmap = await createImageBitmap(f);
    preview.width = bitmap.width;
    preview.height = bitmap.height;
    const ctx = preview.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    values = pixelsFromRgba(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data, bitmap.width, bitmap.height, input.shape);
    changed(values);
  };
  zone.addEventListener('dragover', (e) => e.preventDefault());
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) void load(f);
  });
  file.addEventListener('change', () => file.files?.[0] && void load(file.files[0]));
  parent.append(zone, file, preview);
  return () => values;
}

export function tableInput(parent: HTMLElement, input: Input & { kind: 'table' }, changed: Changed): () => Float32Array {
  const fields = input.features.map((f) => {
    const field = el('input', undefined, 'predict-field');
    field.type = 'number';
    field.min = String(f.min);
    field.max = String(f.max);
    field.step = String((f.max - f.min) / 100 || 'any');
    field.value = String(f.mean);
    field.title = `${f.name}: ${f.min} to ${f.max} in training`;
    const row = el('label', undefined, 'predict-row');
    row.append(el('span', f.name), field, el('span', `${f.min.toPrecision(3)} – ${f.max.toPrecision(3)}`, 'muted'));
    parent.append(row);
    return field;
  });
  const read = () => Float32Array.from(fields, (f) => Number(f.value));
  for (const f of fields) f.addEventListener('input', () => changed(read()));
  return read;
}
