// The ONNX viewer's summary tables: inputs and outputs (symbolic dimensions kept), operators with
// their counts, parameters (initializers) with their sizes, and the nodes the viewer does not know.
import type { OnnxSummaryWire } from '../../src/protocol/onnx-viewer';
import { el, section } from '../shared/dom';

const ELEM_TYPES: Readonly<Record<number, string>> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};
export const elemTypeText = (t: number): string => ELEM_TYPES[t] ?? `type ${t}`;
export const dimsText = (dims: readonly (number | string)[]): string => `[${dims.join(', ')}]`;

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function table(parent: HTMLElement, head: readonly string[], rows: readonly (readonly string[])[], id: string): void {
  const t = el('table', undefined, 'preview-table onnx-table');
  t.id = id;
  const tr = el('tr');
  for (const h of head) tr.append(el('th', h));
  t.append(tr);
  for (const r of rows) {
    const row = el('tr');
    for (const c of r) row.append(el('td', c));
    t.append(row);
  }
  parent.append(t);
}

/** Initializers beyond this many are summed in one last row: a large model has thousands. */
const SHOWN_PARAMS = 500;

export function renderTables(parent: HTMLElement, s: OnnxSummaryWire): void {
  const io = section(parent, 'Inputs and outputs', 'onnx-io');
  const tensors = [...s.inputs.map((t) => ['input', t] as const), ...s.outputs.map((t) => ['output', t] as const)];
  table(
    io,
    ['', 'name', 'shape', 'type'],
    tensors.map(([k, t]) => [k, t.name, dimsText(t.shape), elemTypeText(t.elemType)]),
    'onnx-io-table',
  );

  const ops = section(parent, `Operators (${s.operators.length})`, 'onnx-operators');
  table(
    ops,
    ['operator', 'nodes'],
    s.operators.map((o) => [o.opType, String(o.count)]),
    'onnx-operators-table',
  );

  const params = section(parent, `Parameters: ${s.params.toLocaleString('en-US')} (${bytesText(s.paramBytes)})`, 'onnx-params');
  const rows = s.initializers
    .slice(0, SHOWN_PARAMS)
    .map((t) => [t.name, dimsText(t.dims), elemTypeText(t.dataType), t.count.toLocaleString('en-US'), bytesText(t.bytes)]);
  const rest = s.initializers.slice(SHOWN_PARAMS);
  if (rest.length) {
    const sum = (f: (t: (typeof rest)[number]) => number) => rest.reduce((a, t) => a + f(t), 0);
    rows.push([`… ${rest.length} more`, '', '', sum((t) => t.count).toLocaleString('en-US'), bytesText(sum((t) => t.bytes))]);
  }
  table(params, ['initializer', 'shape', 'type', 'values', 'size'], rows, 'onnx-params-table');

  const unknown = section(parent, `Unknown nodes (${s.unknownNodes.length})`, 'onnx-unknown');
  if (s.unknownNodes.length === 0) unknown.append(el('p', 'Every node is a standard ONNX operator (opset 17).', 'muted'));
  else
    table(
      unknown,
      ['node', 'operator', 'domain'],
      s.unknownNodes.map((n) => [n.name, n.opType, n.domain || 'ai.onnx']),
      'onnx-unknown-table',
    );
}
