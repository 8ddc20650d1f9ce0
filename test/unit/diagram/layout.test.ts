// The dagre layout of a diagram: top to bottom, every node placed, groups around their members
// with room for their title, skip edges routed.
import { strict as assert } from 'node:assert';
import { GROUP_HEADER, layoutDiagram, type Box } from '../../../src/diagram/layout';
import { buildDiagram } from '../../../src/diagram/model';
import { analyze } from '../../../src/lang';

const TEXT =
  'model m(input [16]) {\n  dense 16 relu\n  residual {\n    dense 16 relu\n    dense 16\n  }\n  repeat 2 {\n    dense 16 relu\n  }\n  dense 4\n}\n';
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y + GROUP_HEADER - 1 &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

describe('diagram layout (dagre)', () => {
  const m = analyze(TEXT).models[0]!;
  const d = buildDiagram(m.name, m.inputShape, m.layers);
  const layout = layoutDiagram(d, (n) => (n.kind === 'add' ? { width: 28, height: 28 } : { width: 120, height: 50 }));

  it('places every node, top to bottom in the order of the flow', () => {
    assert.equal(layout.nodes.size, d.nodes.length);
    for (const e of d.edges) assert.ok(layout.nodes.get(e.from)!.y < layout.nodes.get(e.to)!.y, `${e.from} above ${e.to}`);
    for (const b of layout.nodes.values())
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height);
  });

  it('puts each group around its nodes, below its title line', () => {
    for (const g of d.groups) {
      const box = layout.groups.get(g.id)!;
      for (const n of d.nodes.filter((x) => x.group === g.id)) assert.ok(inside(layout.nodes.get(n.id)!, box), `${n.id} inside ${g.id}`);
    }
  });

  it('routes every edge, the residual skip edge included', () => {
    assert.equal(layout.edges.length, d.edges.length);
    const skip = layout.edges.find((e) => e.skip)!;
    assert.equal(`${skip.from}>${skip.to}`, 'L0>A1');
    assert.ok(skip.points.length >= 2);
  });
});
