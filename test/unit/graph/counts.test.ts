// Parameter counts, FLOPs and shapes against hand-computed values and the numbers Keras and
// PyTorch print for the same layers.
import { strict as assert } from 'node:assert';
import { cleanGraph, modelWith } from '../lang/helpers';

const graphOf = (input: string, layers: string) => cleanGraph(modelWith(input, layers));

describe('graph: parameter counts match Keras/PyTorch', () => {
  it('the 784-512-256-10 MLP has 535,818 parameters', () => {
    const g = graphOf('[784]', '  dense 512 relu\n  dense 256 relu\n  dense 10');
    assert.deepEqual(
      g.layers.map((l) => l.params),
      [401_920, 131_328, 2_570],
    );
    assert.equal(g.totals.params, 535_818);
    assert.equal(g.totals.nonTrainable, 0);
    assert.equal(g.totals.flops, 784 * 512 + 512 * 256 + 256 * 10); // 535,040 multiply-adds
    assert.deepEqual(g.nodes[g.output].shape, [10]);
  });

  it('Conv2d(3, 32, 3) has 896 parameters and 777,600 multiply-adds on 32×32', () => {
    const g = graphOf('[3, 32, 32]', '  conv2d 32 kernel 3');
    assert.equal(g.totals.params, 896);
    assert.deepEqual(g.layers[0].outputShape, [32, 30, 30]);
    assert.equal(g.totals.flops, 32 * 30 * 30 * 3 * 3 * 3);
  });

  it('BatchNorm2d(32) has 64 trainable parameters and 64 running stats', () => {
    const g = graphOf('[32, 8, 8]', '  batchnorm');
    assert.equal(g.totals.params, 64);
    assert.equal(g.totals.nonTrainable, 64);
    const names = g.nodes.flatMap((n) => (n.op.kind === 'param' ? [[n.op.name, n.op.trainable, n.shape]] : []));
    assert.deepEqual(names, [
      ['batchnorm_1.weight', true, [32]],
      ['batchnorm_1.bias', true, [32]],
      ['batchnorm_1.running_mean', false, [32]],
      ['batchnorm_1.running_var', false, [32]],
    ]);
    const bn = g.nodes.find((n) => n.op.kind === 'batchnorm');
    assert.deepEqual(bn?.op, { kind: 'batchnorm', eps: 1e-5, momentum: 0.1 });
  });

  it('LayerNorm(64) has 128 parameters; BatchNorm1d(100) has 200 + 200', () => {
    assert.equal(graphOf('[64]', '  layernorm').totals.params, 128);
    const bn1d = graphOf('[100]', '  batchnorm');
    assert.deepEqual([bn1d.totals.params, bn1d.totals.nonTrainable], [200, 200]);
  });

  it("Keras' MNIST convnet example: 34,826 parameters", () => {
    const g = graphOf(
      '[1, 28, 28]',
      '  conv2d 32 kernel 3 relu\n  maxpool 2\n  conv2d 64 kernel 3 relu\n  maxpool 2\n  flatten\n  dropout 0.5\n  dense 10 softmax',
    );
    assert.deepEqual(
      g.layers.map((l) => l.outputShape),
      [[32, 26, 26], [32, 13, 13], [64, 11, 11], [64, 5, 5], [1600], [1600], [10]],
    );
    assert.deepEqual(
      g.layers.map((l) => l.params),
      [320, 0, 18_496, 0, 0, 0, 16_010],
    );
    assert.equal(g.totals.params, 34_826);
  });

  it('a bias-free 3×3 conv 64→64 (ResNet basic block) has 36,864 parameters', () => {
    assert.equal(graphOf('[64, 56, 56]', '  conv2d 64 kernel 3 pad same bias off').totals.params, 36_864);
  });

  it('dense without bias, and rectangular kernels', () => {
    assert.equal(graphOf('[10]', '  dense 5 bias off').totals.params, 50);
    const g = graphOf('[2, 10, 10]', '  conv2d 4 kernel [3, 5]');
    assert.deepEqual(g.layers[0].outputShape, [4, 8, 6]);
    assert.equal(g.totals.params, 4 * 2 * 3 * 5 + 4);
  });
});

describe('graph: shape inference', () => {
  const shapes = (input: string, layers: string) => graphOf(input, layers).layers.map((l) => l.outputShape);
  it('follows PyTorch for stride and explicit padding', () => {
    assert.deepEqual(shapes('[3, 32, 32]', '  conv2d 16 kernel 3 stride 2'), [[16, 15, 15]]);
    assert.deepEqual(shapes('[3, 32, 32]', '  conv2d 16 kernel 5 pad 2'), [[16, 32, 32]]);
    assert.deepEqual(shapes('[3, 32, 32]', '  conv2d 16 kernel 7 stride 2 pad 3'), [[16, 16, 16]]);
    assert.deepEqual(shapes('[8, 7, 7]', '  maxpool 3 stride 2'), [[8, 3, 3]]);
    assert.deepEqual(shapes('[8, 7, 7]', '  avgpool 2'), [[8, 3, 3]]);
    assert.deepEqual(shapes('[8, 6, 6]', '  maxpool 2 stride 1'), [[8, 5, 5]]);
  });
  it('pad same keeps the size at stride 1 and gives ceil(n / stride) otherwise', () => {
    assert.deepEqual(shapes('[3, 32, 32]', '  conv2d 8 kernel 3 pad same'), [[8, 32, 32]]);
    assert.deepEqual(shapes('[3, 32, 32]', '  conv2d 8 kernel 4 pad same'), [[8, 32, 32]]);
    assert.deepEqual(shapes('[3, 31, 31]', '  conv2d 8 kernel 3 stride 2 pad same'), [[8, 16, 16]]);
    assert.deepEqual(shapes('[3, 7, 7]', '  maxpool 2 pad same'), [[3, 4, 4]]);
    const conv = graphOf('[3, 32, 32]', '  conv2d 8 kernel 4 pad same').nodes.find((n) => n.op.kind === 'conv2d');
    assert.deepEqual(conv?.op.kind === 'conv2d' ? conv.op.pad : null, [1, 1, 2, 2]); // extra on the far side, as PyTorch
  });
  it('global average pooling, flatten and activations', () => {
    assert.deepEqual(shapes('[16, 4, 4]', '  global_avgpool\n  dense 3\n  softmax'), [[16], [3], [3]]);
    assert.deepEqual(shapes('[2, 3, 4]', '  flatten\n  leaky_relu 0.2'), [[24], [24]]);
  });
  it('residual adds its input; repeat makes independent copies', () => {
    const g = graphOf('[8]', '  repeat 3 {\n    residual {\n      dense 8 relu\n      dense 8\n    }\n  }');
    const top = g.layers.filter((l) => l.parent === -1);
    assert.equal(top.length, 1);
    assert.equal(top[0].params, 3 * 2 * 72);
    assert.equal(g.totals.params, 432);
    assert.equal(g.layers.filter((l) => l.kind === 'residual').length, 3);
    assert.deepEqual(
      g.layers.filter((l) => l.kind === 'residual').map((l) => l.repetition),
      [0, 1, 2],
    );
    assert.equal(g.nodes.filter((n) => n.op.kind === 'add').length, 3);
    const weights = g.nodes.flatMap((n) => (n.op.kind === 'param' && n.op.name.endsWith('.weight') ? [n.op.name] : []));
    assert.equal(new Set(weights).size, 6);
  });
});

describe('graph: ops and initialisers', () => {
  it('dense is matmul + bias_add + activation with named, decayed weights', () => {
    const g = graphOf('[4]', '  dense 3 relu');
    assert.deepEqual(
      g.nodes.map((n) => n.op.kind),
      ['input', 'param', 'matmul', 'param', 'bias_add', 'activation'],
    );
    const [weight, bias] = g.nodes.filter((n) => n.op.kind === 'param');
    assert.deepEqual(weight.op, {
      kind: 'param',
      name: 'dense_1.weight',
      init: { kind: 'he_uniform' },
      fanIn: 4,
      fanOut: 3,
      trainable: true,
      decay: true,
    });
    assert.deepEqual(weight.shape, [4, 3]);
    assert.deepEqual(bias.op, {
      kind: 'param',
      name: 'dense_1.bias',
      init: { kind: 'zeros' },
      fanIn: 4,
      fanOut: 3,
      trainable: true,
      decay: false,
    });
    assert.deepEqual(g.nodes[2].inputs, [0, 1]);
  });

  const initsOf = (input: string, layers: string, header = '') => {
    const g = cleanGraph(`model m(input ${input}${header}) {\n${layers}\n}\n`);
    return g.nodes.flatMap((n) => (n.op.kind === 'param' && n.op.name.endsWith('.weight') && n.op.decay ? [n.op.init] : []));
  };
  it('defaults to he_uniform before relu-family activations and xavier_uniform otherwise', () => {
    assert.deepEqual(initsOf('[4]', '  dense 3 relu\n  dense 3 gelu\n  dense 3 tanh\n  dense 2'), [
      { kind: 'he_uniform' },
      { kind: 'he_uniform' },
      { kind: 'xavier_uniform' },
      { kind: 'xavier_uniform' },
    ]);
    assert.deepEqual(initsOf('[4]', '  dense 3\n  batchnorm\n  relu\n  dense 3\n  sigmoid'), [
      { kind: 'he_uniform' },
      { kind: 'xavier_uniform' },
    ]);
  });
  it('a layer init beats the model init, which beats the default', () => {
    assert.deepEqual(initsOf('[4]', '  dense 3 relu\n  dense 2 init normal std 0.02', ', init xavier_normal'), [
      { kind: 'xavier_normal' },
      { kind: 'normal', mean: 0, std: 0.02 },
    ]);
    assert.deepEqual(initsOf('[4]', '  dense 2 init uniform low -0.1 high 0.1 relu'), [{ kind: 'uniform', low: -0.1, high: 0.1 }]);
    assert.deepEqual(initsOf('[4]', '  dense 2 init glorot_uniform\n  dense 2 init kaiming_normal'), [
      { kind: 'xavier_uniform' },
      { kind: 'he_normal' },
    ]);
  });
  it('activation parameters default as in PyTorch', () => {
    const ops = graphOf('[4]', '  leaky_relu\n  elu\n  dense 2 leaky_relu 0.3\n  dropout')
      .nodes.filter((n) => n.op.kind === 'activation' || n.op.kind === 'dropout')
      .map((n) => n.op);
    assert.deepEqual(ops, [
      { kind: 'activation', fn: 'leaky_relu', alpha: 0.01 },
      { kind: 'activation', fn: 'elu', alpha: 1 },
      { kind: 'activation', fn: 'leaky_relu', alpha: 0.3 },
      { kind: 'dropout', p: 0.5 },
    ]);
  });
});
