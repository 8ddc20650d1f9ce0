// rnn / lstm / gru in the graph and the editor: parameter counts and names as PyTorch prints them
// (sum(p.numel()) and named_parameters() of nn.LSTM(8, 16), nn.LSTM(8, 16, num_layers=2,
// bidirectional=True), nn.GRU(3, 10, bidirectional=True), nn.RNN(5, 7, num_layers=3)), FLOPs and
// activation memory from their definitions, shapes, diagnostics on the line, hover, completion.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { completionsAt } from '../../../src/lang/completion';
import { hoverAt } from '../../../src/lang/hover';
import { cleanGraph, diagnosticsOf, modelWith } from '../lang/helpers';

const graphOf = (input: string, layers: string) => cleanGraph(modelWith(input, layers));
const paramNames = (g: ReturnType<typeof graphOf>) => g.nodes.flatMap((n) => (n.op.kind === 'param' ? [n.op.name] : []));

describe('graph: recurrent layers match PyTorch', () => {
  it('nn.LSTM(8, 16): 1,664 parameters, [T, 16] out, T·4H·(F+H) multiply-adds, gates kept for backward', () => {
    const g = graphOf('[10, 8]', '  lstm 16');
    assert.equal(g.totals.params, 1_664);
    assert.deepEqual(paramNames(g), ['lstm_1.weight_ih_l0', 'lstm_1.weight_hh_l0', 'lstm_1.bias_ih_l0', 'lstm_1.bias_hh_l0']);
    assert.deepEqual(g.nodes[g.output].shape, [10, 16]);
    assert.equal(g.totals.flops, 10 * 64 * (8 + 16));
    // the output [10, 16] plus, per step and unit, h' and i f g o c
    assert.equal(g.totals.activationBytes, 4 * (10 * 16 + 10 * 16 * 6));
    const w = g.nodes.find((n) => n.op.kind === 'param' && n.op.name.endsWith('weight_hh_l0'));
    assert.deepEqual(w?.shape, [64, 16]);
    assert.deepEqual(w?.op.kind === 'param' && w.op.init, { kind: 'uniform', low: -0.25, high: 0.25 });
  });

  it('nn.LSTM(8, 16, num_layers=2, bidirectional=True): 9,728 parameters in named_parameters() order', () => {
    const g = graphOf('[10, 8]', '  lstm 16 layers 2 bidirectional');
    assert.equal(g.totals.params, 9_728);
    assert.deepEqual(paramNames(g).slice(0, 8), [
      'lstm_1.weight_ih_l0',
      'lstm_1.weight_hh_l0',
      'lstm_1.bias_ih_l0',
      'lstm_1.bias_hh_l0',
      'lstm_1.weight_ih_l0_reverse',
      'lstm_1.weight_hh_l0_reverse',
      'lstm_1.bias_ih_l0_reverse',
      'lstm_1.bias_hh_l0_reverse',
    ]);
    const l1 = g.nodes.find((n) => n.op.kind === 'param' && n.op.name === 'lstm_1.weight_ih_l1');
    assert.deepEqual(l1?.shape, [64, 32]); // the second layer reads both directions
    assert.deepEqual(g.nodes[g.output].shape, [10, 32]);
  });

  it('nn.GRU(3, 10, bidirectional=True) has 900 parameters; return last gives [2H]', () => {
    const g = graphOf('[6, 3]', '  gru 10 bidirectional return last');
    assert.equal(g.totals.params, 900);
    assert.deepEqual(g.nodes[g.output].shape, [20]);
    assert.equal(g.nodes[g.output].op.kind, 'last_state');
  });

  it('nn.RNN(5, 7, num_layers=3) has 322 parameters; dropout sits between stacked layers only', () => {
    const g = graphOf('[4, 5]', '  rnn 7 layers 3 dropout 0.25 nonlinearity relu');
    assert.equal(g.totals.params, 322);
    assert.equal(g.nodes.filter((n) => n.op.kind === 'dropout').length, 2);
    const cells = g.nodes.flatMap((n) => (n.op.kind === 'recurrent' ? [n.op.cell] : []));
    assert.deepEqual(cells, ['rnn_relu', 'rnn_relu', 'rnn_relu']);
    assert.equal(graphOf('[4, 5]', '  rnn 7').nodes.find((n) => n.op.kind === 'recurrent')?.op.kind, 'recurrent');
  });

  it('a flat [F] input into lstm is an error on its line, naming the shape it needs', () => {
    assert.deepEqual(diagnosticsOf(modelWith('[8]', '  dense 4\n  lstm 16')), [
      '3:3 error: lstm 16 got [4] but needs a sequence [steps, features]; declare the input as [steps, 4] (e.g. input [20, 4])',
    ]);
    assert.match(diagnosticsOf(modelWith('[1, 8, 8]', '  gru 4'))[0] ?? '', /^2:3 error: gru 4 got \[1, 8, 8\] but needs a sequence/);
    assert.match(diagnosticsOf(modelWith('[4, 2]', '  lstm 4 return first'))[0] ?? '', /return needs sequence \| last, got 'first'/);
    assert.match(diagnosticsOf(modelWith('[4, 2]', '  lstm 4 nonlinearity relu'))[0] ?? '', /lstm has no option 'nonlinearity'/);
  });

  it('hover shows the shape, parameters and PyTorch equivalent; completion offers the layers and options', () => {
    const text = modelWith('[10, 8]', '  lstm 16 return last');
    const md = hoverAt(analyze(text), { line: 1, col: 3 })?.markdown ?? '';
    assert.match(md, /output \[16\] · 1,664 params/);
    assert.match(md, /nn\.LSTM/);
    const items = completionsAt(analyze(modelWith('[10, 8]', '  gr')), { line: 1, col: 4 }).items.map((i) => i.label);
    assert.ok(items.includes('gru'), items.join(' '));
    const options = completionsAt(analyze(modelWith('[10, 8]', '  lstm 16 ')), { line: 1, col: 10 }).items.map((i) => i.label);
    for (const o of ['layers', 'bidirectional', 'return', 'dropout']) assert.ok(options.includes(o), `${o} in ${options.join(' ')}`);
  });
});
