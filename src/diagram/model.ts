// The architecture diagram as data: one node per layer the person wrote (plus the input and one
// "+" per residual block), sequential and skip edges, and groups for residual and repeat blocks.
// Pure (no DOM, no vscode): the host builds it from an analysis, the page collapses, lays out
// and draws it, and the unit tests read it directly.
import type { InputKind, LayerInfo, Shape, SourceRange } from '../graph/ir';

export type DiagramNodeKind = 'input' | 'layer' | 'add' | 'collapsed';

export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  /** Index into the model's layers; -1 for the input. */
  readonly layer: number;
  readonly layerKind: string;
  readonly label: string;
  readonly shape: Shape;
  /** Drawn instead of the shape where it is not all numbers (an ONNX file's 'batch' dimension). */
  readonly shapeLabel?: string;
  readonly params: number;
  readonly range: SourceRange | null;
  /** A composite layer's inside, drawn under its shape (attention heads, a transformer block's parts). */
  readonly detail?: string;
  /** Id of the innermost group holding this node; null at the top level. */
  readonly group: string | null;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** A residual connection around its block, drawn apart from the sequential flow. */
  readonly skip: boolean;
}

export interface DiagramGroup {
  readonly id: string;
  readonly kind: 'residual' | 'repeat';
  readonly layer: number;
  readonly label: string;
  /** Repetitions of a repeat block; 1 for a residual block. */
  readonly times: number;
  readonly parent: string | null;
  readonly range: SourceRange;
  readonly shape: Shape;
  readonly params: number;
}

export interface Diagram {
  readonly name: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  readonly groups: readonly DiagramGroup[];
}

export const groupId = (layer: number): string => `G${layer}`;
const layerNodeId = (layer: number): string => `L${layer}`;
const addNodeId = (layer: number): string => `A${layer}`;
const collapsedNodeId = (layer: number): string => `C${layer}`;

/** Builds the diagram from the layers known so far (a model with errors has the layers up to the first one). */
export function buildDiagram(
  name: string,
  inputShape: Shape | null,
  layers: readonly LayerInfo[],
  inputKind: InputKind = 'values',
): Diagram {
  const children = new Map<number, LayerInfo[]>();
  const known = new Set(layers.map((l) => l.index));
  for (const l of layers) {
    // A child whose container is missing (cut off by an error) is drawn at the top level.
    const parent = known.has(l.parent) ? l.parent : -1;
    children.set(parent, [...(children.get(parent) ?? []), l]);
  }
  const nodes: DiagramNode[] = [
    {
      id: 'input',
      kind: 'input',
      layer: -1,
      layerKind: 'input',
      label: inputKind === 'tokens' ? 'tokens' : 'input',
      shape: inputShape ?? [],
      params: 0,
      range: null,
      group: null,
    },
  ];
  const edges: DiagramEdge[] = [];
  const groups: DiagramGroup[] = [];
  const node = (l: LayerInfo, id: string, kind: DiagramNodeKind, group: string | null, label = l.label): string => {
    const detail = kind === 'layer' && l.detail ? { detail: l.detail } : {};
    nodes.push({
      id,
      kind,
      layer: l.index,
      layerKind: l.kind,
      label,
      shape: l.outputShape,
      params: l.params,
      range: l.range,
      group,
      ...detail,
    });
    return id;
  };

  const chain = (parent: number, group: string | null, entry: string): string => {
    let prev = entry;
    for (const l of children.get(parent) ?? []) {
      const body = children.get(l.index);
      if (!body && l.kind !== 'residual' && l.kind !== 'repeat') {
        edges.push({ from: prev, to: node(l, layerNodeId(l.index), 'layer', group), skip: false });
        prev = layerNodeId(l.index);
        continue;
      }
      const id = groupId(l.index);
      const residual = l.kind === 'residual';
      const times = residual ? 1 : Math.max(1, ...(body ?? []).map((c) => (c.repetition ?? 0) + 1));
      groups.push({
        id,
        kind: residual ? 'residual' : 'repeat',
        layer: l.index,
        label: l.label,
        times,
        parent: group,
        range: l.range,
        shape: l.outputShape,
        params: l.params,
      });
      const inner = chain(l.index, id, prev);
      if (residual) {
        const add = node(l, addNodeId(l.index), 'add', id, '+');
        edges.push({ from: inner, to: add, skip: false });
        if (inner !== prev) edges.push({ from: prev, to: add, skip: true });
        prev = add;
      } else {
        prev = inner;
      }
    }
    return prev;
  };
  chain(-1, null, 'input');
  // Drop groups left empty (a block cut short by an error before its body) so layout never sees a bare cluster.
  const used = new Set<string>();
  for (const n of nodes) for (let g = n.group; g; g = groups.find((x) => x.id === g)?.parent ?? null) used.add(g);
  return { name, nodes, edges, groups: groups.filter((g) => used.has(g.id)) };
}

/** The groups from `id` outwards. */
function ancestors(d: Diagram, id: string | null): string[] {
  const out: string[] = [];
  for (let g = id; g; g = d.groups.find((x) => x.id === g)?.parent ?? null) out.push(g);
  return out;
}

/** Replaces each collapsed group by one node ("repeat ×3"); nested groups inside it disappear with it. */
export function collapse(d: Diagram, collapsed: ReadonlySet<string>): Diagram {
  if (collapsed.size === 0) return d;
  const outermost = (group: string | null): DiagramGroup | undefined => {
    const chain = ancestors(d, group).filter((g) => collapsed.has(g));
    const id = chain[chain.length - 1];
    return id === undefined ? undefined : d.groups.find((g) => g.id === id);
  };
  const replaced = new Map<string, string>();
  const nodes: DiagramNode[] = [];
  for (const n of d.nodes) {
    const g = outermost(n.group);
    if (!g) {
      nodes.push(n);
      continue;
    }
    const id = collapsedNodeId(g.layer);
    replaced.set(n.id, id);
    if (nodes.some((x) => x.id === id)) continue;
    const label = g.kind === 'repeat' ? `repeat ×${g.times}` : g.label;
    nodes.push({
      id,
      kind: 'collapsed',
      layer: g.layer,
      layerKind: g.kind,
      label,
      shape: g.shape,
      params: g.params,
      range: g.range,
      group: g.parent,
    });
  }
  const edges: DiagramEdge[] = [];
  for (const e of d.edges) {
    const from = replaced.get(e.from) ?? e.from;
    const to = replaced.get(e.to) ?? e.to;
    if (from === to || edges.some((x) => x.from === from && x.to === to)) continue;
    edges.push({ from, to, skip: e.skip });
  }
  const hidden = (g: DiagramGroup): boolean => ancestors(d, g.id).some((a) => collapsed.has(a));
  return { name: d.name, nodes, edges, groups: d.groups.filter((g) => !hidden(g)) };
}

/**
 * What to highlight for the layer under the editor's cursor, as ids in the shown diagram: the
 * layer's node and its twins in the other repetitions, a group's box, or the collapsed node hiding them.
 */
export function highlightTargets(shown: Diagram, full: Diagram, layer: number): string[] {
  const sameLine = (r: SourceRange | null, s: SourceRange): boolean =>
    r !== null && r.startLine === s.startLine && r.startCol === s.startCol;
  const target = full.nodes.find((n) => n.layer === layer && n.kind !== 'add')?.range ?? full.groups.find((g) => g.layer === layer)?.range;
  if (!target) return [];
  const ids = new Set<string>();
  for (const n of shown.nodes) if (n.kind !== 'add' && sameLine(n.range, target)) ids.add(n.id);
  for (const g of shown.groups) if (sameLine(g.range, target)) ids.add(g.id);
  if (ids.size > 0) return [...ids];
  // Hidden inside a collapsed group: light up the collapsed node.
  const inside = full.nodes.find((n) => n.layer === layer)?.group ?? full.groups.find((g) => g.layer === layer)?.parent ?? null;
  const shownIds = new Set(shown.nodes.map((n) => n.id));
  for (const g of ancestors(full, inside)) {
    const c = collapsedNodeId(Number(g.slice(1)));
    if (shownIds.has(c)) return [c];
  }
  return [];
}

/** The innermost layer whose source range holds the position (the first repetition of a repeated line); -1 if none. */
export function layerAt(layers: readonly LayerInfo[], line: number, col: number): number {
  let best: LayerInfo | undefined;
  const inside = (r: SourceRange): boolean =>
    (line > r.startLine || (line === r.startLine && col >= r.startCol)) && (line < r.endLine || (line === r.endLine && col <= r.endCol));
  for (const l of layers) {
    if (!inside(l.range)) continue;
    const span = (r: SourceRange) => (r.endLine - r.startLine) * 1e6 + (r.endCol - r.startCol);
    if (!best || span(l.range) < span(best.range)) best = l;
  }
  return best?.index ?? -1;
}
