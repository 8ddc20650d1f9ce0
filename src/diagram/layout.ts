// Places a diagram with dagre (layered, top to bottom; groups as dagre clusters so that a block's
// layers stay together inside its box). Pure: node sizes come from the caller, who can measure text.
import dagre from '@dagrejs/dagre';
import type { Diagram, DiagramNode } from './model';

export interface Point {
  readonly x: number;
  readonly y: number;
}
/** A box by its top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface EdgePath {
  readonly from: string;
  readonly to: string;
  readonly skip: boolean;
  readonly points: readonly Point[];
}
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<string, Box>;
  readonly groups: ReadonlyMap<string, Box>;
  readonly edges: readonly EdgePath[];
}

const MARGIN = 16;
/** Room above a group's first node for its title line. */
export const GROUP_HEADER = 22;

export function layoutDiagram(d: Diagram, size: (n: DiagramNode) => { width: number; height: number }): DiagramLayout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 34, marginx: MARGIN, marginy: MARGIN });
  g.setDefaultEdgeLabel(() => ({}));
  // Clusters: dagre sizes them around their members; the title room is added after layout (below).
  for (const grp of d.groups) g.setNode(grp.id, { width: 0, height: 0 });
  for (const grp of d.groups) if (grp.parent) g.setParent(grp.id, grp.parent);
  for (const n of d.nodes) {
    g.setNode(n.id, size(n));
    if (n.group) g.setParent(n.id, n.group);
  }
  d.edges.forEach((e, i) => g.setEdge(e.from, e.to, { minlen: 1, weight: e.skip ? 1 : 4 }, `e${i}`));
  dagre.layout(g);

  const box = (id: string): Box => {
    const v = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: v.x - v.width / 2, y: v.y - v.height / 2, width: v.width, height: v.height };
  };
  const nodes = new Map(d.nodes.map((n) => [n.id, box(n.id)]));
  const groups = new Map<string, Box>();
  // Innermost first, so that an outer group can grow around an inner one's header.
  const depth = (id: string | null): number => (id ? 1 + depth(d.groups.find((x) => x.id === id)?.parent ?? null) : 0);
  for (const grp of [...d.groups].sort((a, b) => depth(b.id) - depth(a.id))) {
    const b = box(grp.id);
    const inner = [
      ...d.nodes.filter((n) => n.group === grp.id).map((n) => nodes.get(n.id)!),
      ...d.groups.filter((x) => x.parent === grp.id).map((x) => groups.get(x.id)!),
    ];
    const top = Math.min(b.y, ...inner.map((i) => i.y - GROUP_HEADER));
    groups.set(grp.id, { x: b.x, y: top, width: b.width, height: b.y + b.height - top });
  }
  const edges = d.edges.map((e, i) => ({
    ...e,
    points: ((g.edge({ v: e.from, w: e.to, name: `e${i}` }) as { points?: Point[] }).points ?? []).map((p) => ({ x: p.x, y: p.y })),
  }));
  const all = [...nodes.values(), ...groups.values()];
  const width = Math.max(0, ...all.map((b) => b.x + b.width)) + MARGIN;
  const height = Math.max(0, ...all.map((b) => b.y + b.height)) + MARGIN;
  // Groups may have grown upwards past the margin: shift everything down if so.
  const dy = Math.max(0, MARGIN - Math.min(MARGIN, ...all.map((b) => b.y)));
  if (dy === 0) return { width, height, nodes, groups, edges };
  const shift = (b: Box): Box => ({ ...b, y: b.y + dy });
  return {
    width,
    height: height + dy,
    nodes: new Map([...nodes].map(([k, b]) => [k, shift(b)])),
    groups: new Map([...groups].map(([k, b]) => [k, shift(b)])),
    edges: edges.map((e) => ({ ...e, points: e.points.map((p) => ({ x: p.x, y: p.y + dy })) })),
  };
}
