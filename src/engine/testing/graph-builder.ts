// Builds model graphs by hand, layer by layer, the way src/lang does from a model block. For
// tests and benchmarks, so the engine can be exercised without the parser.

import type { ActivationFn, Graph, GraphNode, InitSpec, LayerInfo, Op, Shape } from '../../graph/ir';

const ZERO_RANGE = { startLine: 0, startCol: 0, endLine: 0, endCol: 0 };
const numel = (s: Shape): number => s.reduce((a, b) => a * b, 1);

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly layers: LayerInfo[] = [];
  private layer = -1;
  private counter = 0;
  cur: number;

  constructor(readonly inputShape: Shape) {
    this.cur = this.node({ kind: 'input' }, [], inputShape);
  }

  get shape(): Shape {
    return this.nodes[this.cur]!.shape;
  }

  node(op: Op, inputs: number[], shape: Shape): number {
    const id = this.nodes.length;
    this.nodes.push({ id, op, inputs, shape, layer: this.layer });
    return id;
  }

  param(name: string, shape: Shape, init: InitSpec, fanIn: number, fanOut: number, opts: { trainable?: boolean; decay?: boolean } = {}): number {
    const op: Op = { kind: 'param', name, init, fanIn, fanOut, trainable: opts.trainable ?? true, decay: opts.decay ?? false };
    return this.node(op, [], shape);
  }

  private begin(kind: string): string {
    this.layer = this.layers.length;
    this.layers.push({ index: this.layer, kind, label: kind, range: ZERO_RANGE, outputShape: [], params: 0, flops: 0, activationBytes: 0, nodes: [], parent: -1 });
    return `${kind}_${++this.counter}`;
  }

  private push(op: Op, inputs: number[], shape: Shape): this {
    this.cur = this.node(op, [this.cur, ...inputs], shape);
    return this;
  }

  dense(units: number, act?: ActivationFn, init: InitSpec = { kind: 'he_uniform' }, bias = true): this {
    const name = this.begin('dense');
    const s = this.shape, k = s[s.length - 1]!;
    const out = [...s.slice(0, -1), units];
    const w = this.param(`${name}.weight`, [k, units], init, k, units, { decay: true });
    this.push({ kind: 'matmul' }, [w], out);
    if (bias) this.push({ kind: 'bias_add', axis: out.length - 1 }, [this.param(`${name}.bias`, [units], { kind: 'zeros' }, k, units)], out);
    return act ? this.act(act) : this;
  }

  conv2d(filters: number, k: number, opts: { stride?: number; pad?: 'same' | 'valid' | number; act?: ActivationFn; bias?: boolean } = {}): this {
    const name = this.begin('conv2d');
    const [c, h, w] = this.shape as [number, number, number];
    const st = opts.stride ?? 1;
    const p = opts.pad === 'same' ? Math.floor((k - 1) / 2) : typeof opts.pad === 'number' ? opts.pad : 0;
    const pb = opts.pad === 'same' ? k - 1 - p : p;
    const oh = Math.floor((h + p + pb - k) / st) + 1, ow = Math.floor((w + p + pb - k) / st) + 1;
    const wt = this.param(`${name}.weight`, [filters, c, k, k], { kind: 'he_uniform' }, c * k * k, filters * k * k, { decay: true });
    this.push({ kind: 'conv2d', kernel: [k, k], stride: [st, st], pad: [p, p, pb, pb] }, [wt], [filters, oh, ow]);
    if (opts.bias ?? true) this.push({ kind: 'bias_add', axis: 0 }, [this.param(`${name}.bias`, [filters], { kind: 'zeros' }, c * k * k, filters)], [filters, oh, ow]);
    return opts.act ? this.act(opts.act) : this;
  }

  pool(kind: 'maxpool2d' | 'avgpool2d', k: number, stride = k, pad = 0): this {
    this.begin(kind);
    const [c, h, w] = this.shape as [number, number, number];
    const oh = Math.floor((h + 2 * pad - k) / stride) + 1, ow = Math.floor((w + 2 * pad - k) / stride) + 1;
    return this.push({ kind, kernel: [k, k], stride: [stride, stride], pad: [pad, pad, pad, pad] }, [], [c, oh, ow]);
  }

  globalAvgPool(): this {
    this.begin('global_avgpool');
    return this.push({ kind: 'global_avgpool' }, [], [this.shape[0]!]);
  }

  reshape(shape: Shape): this {
    this.begin('reshape');
    return this.push({ kind: 'reshape' }, [], shape);
  }

  flatten(): this {
    return this.reshape([numel(this.shape)]);
  }

  dropout(p: number): this {
    this.begin('dropout');
    return this.push({ kind: 'dropout', p }, [], this.shape);
  }

  batchnorm(): this {
    const name = this.begin('batchnorm');
    const c = this.shape[0]!;
    const g = this.param(`${name}.weight`, [c], { kind: 'ones' }, c, c);
    const b = this.param(`${name}.bias`, [c], { kind: 'zeros' }, c, c);
    const rm = this.param(`${name}.running_mean`, [c], { kind: 'zeros' }, c, c, { trainable: false });
    const rv = this.param(`${name}.running_var`, [c], { kind: 'ones' }, c, c, { trainable: false });
    return this.push({ kind: 'batchnorm', eps: 1e-5, momentum: 0.1 }, [g, b, rm, rv], this.shape);
  }

  layernorm(): this {
    const name = this.begin('layernorm');
    const d = this.shape[this.shape.length - 1]!;
    const g = this.param(`${name}.weight`, [d], { kind: 'ones' }, d, d);
    const b = this.param(`${name}.bias`, [d], { kind: 'zeros' }, d, d);
    return this.push({ kind: 'layernorm', eps: 1e-5 }, [g, b], this.shape);
  }

  act(fn: ActivationFn, alpha?: number): this {
    this.begin(fn);
    return this.push(alpha === undefined ? { kind: 'activation', fn } : { kind: 'activation', fn, alpha }, [], this.shape);
  }

  softmax(): this {
    this.begin('softmax');
    return this.push({ kind: 'softmax' }, [], this.shape);
  }

  /** x + body(x). */
  residual(body: (g: this) => void): this {
    const start = this.cur;
    body(this);
    this.begin('residual');
    return this.push({ kind: 'add' }, [start], this.shape);
  }

  build(name = 'model'): Graph {
    const params = this.nodes.filter((n) => n.op.kind === 'param');
    const count = (t: boolean) => params.filter((n) => n.op.kind === 'param' && n.op.trainable === t).reduce((a, n) => a + numel(n.shape), 0);
    return {
      name,
      range: ZERO_RANGE,
      inputShape: this.inputShape,
      nodes: this.nodes,
      input: 0,
      output: this.cur,
      layers: this.layers,
      totals: { params: count(true), nonTrainable: count(false), flops: 0, activationBytes: 0 },
    };
  }
}
