// An ONNX graph as the architecture diagram's data (src/diagram/model.ts), so that the ONNX viewer
// draws it with the same layout and page code as an experiment's model: one box per graph input
// and per node (its operator, its first output's shape where the file says it, the parameters it
// reads from initializers), one edge per tensor a node reads from another. Constant nodes feed
// values, not flow: they are counted in the summary table and left out of the drawing.
import type { Diagram, DiagramEdge, DiagramNode } from '../../diagram/model';
import type { OnnxModel } from './proto';
import { valueDims } from './summary';

/** A tensor's dimensions as text: numbers, symbolic names ('batch'), '?' where the file leaves one open. */
export function dimsText(dims: readonly (number | string)[]): string {
  return `[${dims.join(', ')}]`;
}

const numeric = (dims: readonly (number | string)[]): number[] | null =>
  dims.every((d) => typeof d === 'number') ? (dims as number[]) : null;

export function onnxDiagram(model: OnnxModel, name: string): Diagram {
  const g = model.graph;
  const sizes = new Map((g.initializer ?? []).map((t) => [t.name, (t.dims ?? []).reduce((a, d) => a * Number(d), 1)]));
  const shapes = new Map<string, (number | string)[]>();
  for (const v of [...(g.input ?? []), ...(g.valueInfo ?? []), ...(g.output ?? [])]) {
    const dims = valueDims(v);
    if (dims) shapes.set(v.name, dims);
  }
  const nodes: DiagramNode[] = [];
  const producer = new Map<string, string>();
  const box = (id: string, kind: 'input' | 'layer', layer: number, layerKind: string, label: string, tensor: string, params: number) => {
    const dims = shapes.get(tensor);
    const shape = dims ? numeric(dims) : null;
    nodes.push({
      id,
      kind,
      layer,
      layerKind,
      label,
      shape: shape ?? [],
      ...(shape ? {} : { shapeLabel: dims ? dimsText(dims) : tensor }),
      params,
      range: null,
      group: null,
    });
  };
  (g.input ?? [])
    .filter((v) => !sizes.has(v.name)) // older exporters list initializers among the inputs
    .forEach((v, i) => {
      box(`I${i}`, 'input', -1, 'input', v.name, v.name, 0);
      producer.set(v.name, `I${i}`);
    });
  const edges: DiagramEdge[] = [];
  (g.node ?? []).forEach((n, i) => {
    if (n.opType === 'Constant') return;
    const id = `N${i}`;
    const params = (n.input ?? []).reduce((a, t) => a + (sizes.get(t) ?? 0), 0);
    box(id, 'layer', i, n.opType, n.opType, n.output?.[0] ?? '', params);
    for (const t of new Set(n.input ?? [])) {
      const from = producer.get(t);
      if (from) edges.push({ from, to: id, skip: false });
    }
    for (const t of n.output ?? []) producer.set(t, id);
  });
  return { name, nodes, edges, groups: [] };
}
