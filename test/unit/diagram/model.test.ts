// The diagram model built from real analyses: one node per layer, sequential and skip edges,
// residual and repeat groups, collapsing a repeat, and the cursor-to-node mapping.
import { strict as assert } from 'node:assert';
import { buildDiagram, collapse, highlightTargets, layerAt, type Diagram } from '../../../src/diagram/model';
import { analyze } from '../../../src/lang';

function diagramOf(text: string): Diagram {
  const m = analyze(text).models[0]!;
  return buildDiagram(m.name, m.inputShape, m.layers);
}
const flow = (d: Diagram) => d.edges.filter((e) => !e.skip).map((e) => `${e.from}>${e.to}`);
const skips = (d: Diagram) => d.edges.filter((e) => e.skip).map((e) => `${e.from}>${e.to}`);

const MLP = `model mlp(input [784]) {
  dense 256 relu
  dropout 0.2
  dense 10
}
`;
const RESIDUAL = `model res(input [16]) {
  dense 16 relu
  residual {
    dense 16 relu
    dense 16
  }
  dense 4
}
`;
const REPEAT = `model deep(input [8]) {
  repeat 3 {
    dense 8 relu
  }
  dense 2
}
`;

describe('diagram model', () => {
  it('draws an MLP as a chain: input, then one node per layer with shape and params', () => {
    const d = diagramOf(MLP);
    assert.equal(d.name, 'mlp');
    assert.deepEqual(
      d.nodes.map((n) => [n.id, n.kind, n.label, n.shape, n.params, n.range?.startLine ?? null, n.group]),
      [
        ['input', 'input', 'input', [784], 0, null, null],
        ['L0', 'layer', 'dense 256 relu', [256], 200_960, 1, null],
        ['L1', 'layer', 'dropout 0.2', [256], 0, 2, null],
        ['L2', 'layer', 'dense 10', [10], 2_570, 3, null],
      ],
    );
    assert.deepEqual(flow(d), ['input>L0', 'L0>L1', 'L1>L2']);
    assert.deepEqual(skips(d), []);
    assert.deepEqual(d.groups, []);
  });

  it('draws a residual block as a group ending in "+", with a skip edge around its body', () => {
    const d = diagramOf(RESIDUAL);
    assert.deepEqual(
      d.groups.map((g) => [g.id, g.kind, g.times, g.parent, g.params]),
      [['G1', 'residual', 1, null, 544]],
    );
    assert.deepEqual(
      d.nodes.filter((n) => n.group === 'G1').map((n) => [n.id, n.kind]),
      [
        ['L2', 'layer'],
        ['L3', 'layer'],
        ['A1', 'add'],
      ],
    );
    assert.deepEqual(flow(d), ['input>L0', 'L0>L2', 'L2>L3', 'L3>A1', 'A1>L4']);
    assert.deepEqual(skips(d), ['L0>A1']);
  });

  it('draws each repetition of a repeat block, and collapses the block into one "repeat ×3" node', () => {
    const d = diagramOf(REPEAT);
    assert.deepEqual(
      d.groups.map((g) => [g.id, g.kind, g.times, g.params]),
      [['G0', 'repeat', 3, 216]],
    );
    assert.deepEqual(
      d.nodes.filter((n) => n.group === 'G0').map((n) => n.id),
      ['L1', 'L2', 'L3'],
    );
    assert.deepEqual(flow(d), ['input>L1', 'L1>L2', 'L2>L3', 'L3>L4']);

    const c = collapse(d, new Set(['G0']));
    assert.deepEqual(
      c.nodes.map((n) => [n.id, n.kind, n.label, n.params]),
      [
        ['input', 'input', 'input', 0],
        ['C0', 'collapsed', 'repeat ×3', 216],
        ['L4', 'layer', 'dense 2', 18],
      ],
    );
    assert.deepEqual(flow(c), ['input>C0', 'C0>L4']);
    assert.deepEqual(c.groups, []);
    assert.equal(collapse(d, new Set()), d);
  });

  it('collapsing a repeat of residual blocks hides the inner groups and their skip edges', () => {
    const d = diagramOf('model m(input [4]) {\n  repeat 2 {\n    residual {\n      dense 4 relu\n    }\n  }\n}\n');
    assert.deepEqual(
      d.groups.map((g) => [g.id, g.parent]),
      [
        ['G0', null],
        ['G1', 'G0'],
        ['G3', 'G0'],
      ],
    );
    assert.deepEqual(skips(d), ['input>A1', 'A1>A3']);
    const c = collapse(d, new Set(['G0']));
    assert.deepEqual(
      c.nodes.map((n) => n.id),
      ['input', 'C0'],
    );
    assert.deepEqual(c.edges, [{ from: 'input', to: 'C0', skip: false }]);
  });

  it('maps the cursor to the innermost layer, and the layer to its nodes in every repetition', () => {
    const m = analyze(REPEAT).models[0]!;
    const d = buildDiagram(m.name, m.inputShape, m.layers);
    assert.equal(layerAt(m.layers, 2, 6), 1, 'the dense line inside the repeat: its first repetition');
    assert.equal(layerAt(m.layers, 1, 2), 0, 'the repeat line');
    assert.equal(layerAt(m.layers, 4, 4), 4);
    assert.equal(layerAt(m.layers, 0, 0), -1, 'the model header is no layer');
    assert.deepEqual(highlightTargets(d, d, 1), ['L1', 'L2', 'L3']);
    assert.deepEqual(highlightTargets(d, d, 0), ['G0']);
    const c = collapse(d, new Set(['G0']));
    assert.deepEqual(highlightTargets(c, d, 2), ['C0'], 'a hidden layer lights its collapsed block');
    assert.deepEqual(highlightTargets(c, d, 4), ['L4']);
  });

  it('draws the layers before the first error of a broken model', () => {
    const text = 'model m(input [4]) {\n  dense 8 relu\n  dense 3 bogus\n  dense 2\n}\n';
    const a = analyze(text);
    assert.ok(a.diagnostics.some((x) => x.severity === 'error'));
    const m = a.models[0]!;
    const d = buildDiagram(m.name, m.inputShape, m.layers);
    assert.equal(d.nodes[0]!.id, 'input');
    assert.ok(d.nodes.some((n) => n.label === 'dense 8 relu'));
    assert.deepEqual(flow(d).slice(0, 1), ['input>L0']);
  });
});
