// int8 quantization in the engine: the fake_quant kernel and the grids against PyTorch 1.13
// (torch.fake_quantize_per_channel_affine and its straight-through gradient, the per-channel
// symmetric and the affine MinMax observers), the quantized graph's shape, and the fake-quant
// gradient against finite differences of its surrogate (quant-gradcheck.ts).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { fakeQuant, fakeQuantBwd, fakeQuantFwd, rint } from '../../../src/engine/backends/cpu/quant';
import { range } from '../../../src/engine/quant/calibrate';
import { quantizeGraph } from '../../../src/engine/quant/graph';
import { activationGrid, weightGrid } from '../../../src/engine/quant/params';
import { Rng } from '../../../src/engine/rng';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { steGradCheck } from './quant-gradcheck';

const TORCH = `
import json, sys, torch
d = json.load(sys.stdin)
w = torch.tensor(d['w'], dtype=torch.float32).reshape(d['shape'])
obs = torch.ao.quantization.PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8, qscheme=torch.per_channel_symmetric, quant_min=-127, quant_max=127)
obs(w); ws, wz = obs.calculate_qparams()
x = torch.tensor(d['x'], dtype=torch.float32, requires_grad=True)
y = torch.fake_quantize_per_channel_affine(x.reshape(d['shape']), ws, wz.int(), 0, -127, 127)
y.backward(torch.ones_like(y))
a = torch.ao.quantization.MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
a(torch.tensor(d['a'])); as_, az = a.calculate_qparams()
print(json.dumps({'scale': ws.tolist(), 'y': y.flatten().tolist(), 'grad': x.grad.tolist(), 'ascale': float(as_), 'azp': int(az)}))
`;

function torch(input: object): { scale: number[]; y: number[]; grad: number[]; ascale: number; azp: number } {
  const r = spawnSync('/usr/bin/python3', ['-c', TORCH], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyTorch (Debian's python3-torch) is needed for these goldens: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('int8 quantization (engine)', function () {
  this.timeout(60_000);

  it('rint rounds half to even, like nearbyint and ONNX QuantizeLinear', () => {
    assert.deepEqual([2.5, 3.5, -2.5, -3.5, 0.5, -0.5, 1.4999, 2.6].map(rint), [2, 4, -2, -4, 0, -0, 1, 3]);
  });

  it('weight grids, fake-quant values and the straight-through gradient match PyTorch', () => {
    const rng = new Rng(21);
    const shape = [5, 3, 2, 2];
    const w = Float32Array.from({ length: 60 }, () => 0.4 * rng.normal());
    // x: the weights themselves, scaled 1.3 so some fall past the grid's ends (the clamp and its zero gradient).
    const x = w.map((v) => v * 1.3);
    const a = Float32Array.from({ length: 200 }, () => 3 * rng.uniform() - 0.7);
    const t = torch({ w: [...w], shape, x: [...x], a: [...a] });
    const grid = weightGrid(w, shape, 0);
    for (let c = 0; c < 5; c++)
      assert.ok(Math.abs(grid[c]! - t.scale[c]!) <= 1e-7 * t.scale[c]!, `scale ${c}: ${grid[c]} vs ${t.scale[c]}`);
    const rt = { ...newRuntime(), n: 1 };
    const p = { len: 60, c: 5, inner: 12, qmin: -127, qmax: 127 };
    const y = new Float32Array(60),
      dx = new Float32Array(60);
    fakeQuantFwd([x, grid, y], p, rt);
    fakeQuantBwd([x, grid, new Float32Array(60).fill(1), dx], p, rt);
    for (let i = 0; i < 60; i++) assert.ok(Math.abs(y[i]! - t.y[i]!) <= 1e-6, `y[${i}]: ${y[i]} vs ${t.y[i]}`);
    assert.deepEqual([...dx], t.grad);
    assert.ok(t.grad.includes(0) && t.grad.includes(1), 'the case reaches both sides of the clamp');
    const [lo, hi] = range(a, { method: 'minmax', percentile: 100 });
    const ag = activationGrid(lo, hi);
    assert.ok(Math.abs(ag[0]! - t.ascale) <= 1e-7 * t.ascale, `activation scale ${ag[0]} vs ${t.ascale}`);
    assert.equal(ag[1], t.azp);
  });

  it('an activation grid always holds 0 exactly; percentile calibration clips the outliers', () => {
    const relu = activationGrid(0, 5.1);
    assert.equal(relu[1], 0);
    const g = activationGrid(-1, 3);
    assert.equal(fakeQuant(0, g[0]!, g[1]!, 0, 255), 0);
    assert.ok(Number.isInteger(g[1]) && g[1]! > 0 && g[1]! < 255);
    const v = Float32Array.from({ length: 100_001 }, (_, i) => i / 100_000);
    v[5] = 1000;
    assert.deepEqual(range(v, { method: 'minmax', percentile: 99.99 }), [0, 1000]);
    const [lo, hi] = range(v, { method: 'percentile', percentile: 99.9 });
    assert.ok(lo > 0 && lo < 0.002 && hi > 0.998 && hi < 1, `${lo} ${hi}`);
  });

  it('the quantized graph has an input, a weight and an int32 bias quantizer per dense and conv layer, and an output one', () => {
    const g = new GraphBuilder([1, 6, 6]).conv2d(3, 3, { act: 'relu' }).flatten().dense(4).build('m');
    const q = quantizeGraph(g);
    assert.deepEqual(
      q.points.map((p) => [p.name, p.kind, p.channels, p.axis, p.product ?? null]),
      [
        ['conv2d_1.input.quant', 'activation', 1, -1, null],
        ['conv2d_1.weight.quant', 'weight', 3, 0, null],
        ['conv2d_1.bias.quant', 'bias', 3, 0, ['conv2d_1.input.quant', 'conv2d_1.weight.quant']],
        ['dense_1.input.quant', 'activation', 1, -1, null],
        ['dense_1.weight.quant', 'weight', 4, 1, null],
        ['dense_1.bias.quant', 'bias', 4, 0, ['dense_1.input.quant', 'dense_1.weight.quant']],
        ['output.quant', 'activation', 1, -1, null],
      ],
    );
    assert.equal(q.graph.nodes[q.graph.output]!.op.kind, 'fake_quant');
    // The dense layer's input grid is applied before the flatten too (the conv's output ends in a
    // quantizer, as QLinearConv needs) and after it: two fake_quants read the one grid.
    const readers = (grid: string) =>
      q.graph.nodes.filter(
        (n) =>
          n.op.kind === 'fake_quant' &&
          q.graph.nodes[n.inputs[1]!]!.op.kind === 'param' &&
          (q.graph.nodes[n.inputs[1]!]!.op as { name: string }).name === grid,
      );
    const dense = readers('dense_1.input.quant');
    assert.deepEqual(
      dense.map((n) => q.graph.nodes[n.inputs[0]!]!.op.kind),
      ['activation', 'reshape'],
    );
    assert.deepEqual(dense[0]!.shape, [3, 4, 4]);
    const bias = readers('dense_1.bias.quant')[0]!;
    assert.deepEqual(
      [bias.op.kind === 'fake_quant' && bias.op.qmin, bias.op.kind === 'fake_quant' && bias.op.qmax],
      [-2147483648, 2147483647],
    );
    q.graph.nodes.forEach((n, i) => assert.equal(n.id, i));
    for (const n of q.graph.nodes) for (const i of n.inputs) assert.ok(i < n.id, 'topological order');
    assert.throws(() => quantizeGraph(q.graph), /already quantized/);
  });

  it("the fake-quant gradient is the surrogate's, by finite differences away from the rounding steps (CPU, f64)", async () => {
    const r = await steGradCheck(new CpuBackend({ dtype: 'f64' }));
    assert.ok(r.checked >= 40, `${r.checked} entries checked`);
    assert.ok(r.zeroOutside >= 3, `only ${r.zeroOutside} entries past a clamp`);
    assert.ok(r.worst <= 1, `worst ${r.worst.toFixed(2)} at ${r.where}`);
  });
});
