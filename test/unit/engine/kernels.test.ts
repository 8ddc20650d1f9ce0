// Kernels against naive references, and the pieces around them (buffer plan, rng, safetensors).

import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { conv2dFwd } from '../../../src/engine/backends/cpu/conv';
import { gemm } from '../../../src/engine/backends/cpu/gemm';
import { Workspace } from '../../../src/engine/backends/cpu/workspace';
import { decodeSafetensors, encodeSafetensors } from '../../../src/engine/io/safetensors';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { fillInit, initialWeights } from '../../../src/engine/init';
import { WGSL_KERNELS } from '../../../src/engine/backends/webgpu/kernels';
import { KERNEL_NAMES, KERNELS } from '../../../src/engine/kernels/contract';
import { hash01, Rng } from '../../../src/engine/rng';
import { GraphBuilder } from '../../../src/lang/test-graph';

const rand = (n: number, rng: Rng) => new Float32Array(n).map(() => rng.normal());

describe('engine: kernels', () => {
  // M, N, K, ta, tb: odd sizes hit every edge of the 4x4 tiles and both blockings.
  const GEMMS: [number, number, number, boolean, boolean][] = [
    [1, 1, 1, false, false],
    [5, 7, 3, false, false],
    [9, 6, 300, false, true],
    [13, 70, 11, true, false],
    [4, 4, 4, true, true],
    [33, 65, 257, false, false],
    [2, 130, 5, true, true],
  ];
  for (const [M, N, K, ta, tb] of GEMMS) {
    it(`gemm ${M}x${N}x${K} ta=${ta} tb=${tb} (+ accumulate)`, () => {
      const rng = new Rng(M * 1000 + N * 10 + K);
      const A = rand(M * K, rng),
        B = rand(K * N, rng),
        C0 = rand(M * N, rng);
      const a = (i: number, k: number) => (ta ? A[k * M + i]! : A[i * K + k]!);
      const b = (k: number, j: number) => (tb ? B[j * K + k]! : B[k * N + j]!);
      for (const acc of [false, true]) {
        const C = Float32Array.from(C0);
        gemm(M, N, K, A, 0, ta, B, 0, tb, C, 0, acc, new Workspace());
        for (let i = 0; i < M; i++) {
          for (let j = 0; j < N; j++) {
            let s = acc ? C0[i * N + j]! : 0;
            for (let k = 0; k < K; k++) s += a(i, k) * b(k, j);
            assert.ok(Math.abs(C[i * N + j]! - s) < 1e-4 * (1 + Math.abs(s)), `C[${i},${j}] ${C[i * N + j]} vs ${s}`);
          }
        }
      }
    });
  }

  it('conv2d forward matches a direct convolution (stride 2, asymmetric padding)', () => {
    const rng = new Rng(3);
    const [n, c, h, w, o, kh, kw, sh, sw, pt, pl] = [2, 3, 7, 6, 4, 3, 2, 2, 1, 1, 0];
    const oh = Math.floor((h + pt + 1 - kh) / sh) + 1,
      ow = Math.floor((w + pl - kw) / sw) + 1;
    const x = rand(n * c * h * w, rng),
      wt = rand(o * c * kh * kw, rng),
      y = new Float32Array(n * o * oh * ow);
    const rt = newRuntime();
    rt.n = n;
    conv2dFwd([x, wt, y], { c, h, w, o, kh, kw, sh, sw, pt, pl, oh, ow }, rt, new Workspace());
    for (let s = 0; s < n; s++)
      for (let oc = 0; oc < o; oc++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++) {
            let v = 0;
            for (let ic = 0; ic < c; ic++)
              for (let ky = 0; ky < kh; ky++)
                for (let kx = 0; kx < kw; kx++) {
                  const iy = oy * sh - pt + ky,
                    ix = ox * sw - pl + kx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                    v += x[((s * c + ic) * h + iy) * w + ix]! * wt[((oc * c + ic) * kh + ky) * kw + kx]!;
                }
            assert.ok(Math.abs(y[((s * o + oc) * oh + oy) * ow + ox]! - v) < 1e-4);
          }
  });

  it('the buffer plan reuses activation memory across layers', () => {
    const g = new GraphBuilder([32]);
    for (let i = 0; i < 8; i++) g.dense(32, 'relu');
    const plan = compilePlan(g.dense(4).build(), {
      maxBatch: 16,
      loss: { kind: 'mse' },
      optimizer: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 },
      weightDecay: 0,
      l1: 0,
      clipNorm: null,
    });
    const slots = plan.buffers.filter((b) => b.name.startsWith('eval.slot'));
    assert.ok(slots.length <= 3, `eval forward uses ${slots.length} slot buffers for 17 tensors`);
    const trainSlots = plan.buffers.filter((b) => b.name.startsWith('train.slot')).length;
    assert.ok(trainSlots < 30, `train uses ${trainSlots} slots`);
  });

  it('a partial batch only touches its own rows', () => {
    const g = new GraphBuilder([3]).dense(2).build();
    const plan = compilePlan(g, {
      maxBatch: 4,
      loss: { kind: 'mse' },
      optimizer: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, dampening: 0 },
      weightDecay: 0,
      l1: 0,
      clipNorm: null,
    });
    const be = new CpuBackend();
    const exe = new Executable(plan, be);
    be.view(exe.handle(plan.evalOutput)).fill(7);
    exe.writeBatch(new Float32Array(12).fill(1), new Float32Array(8));
    const rt = newRuntime();
    rt.n = 2;
    exe.evaluate.run(rt);
    assert.deepEqual([...be.view(exe.handle(plan.evalOutput)).subarray(4)], [7, 7, 7, 7]);
  });

  it('rng: same seed, same stream; dropout hashes are uniform in [0, 1)', () => {
    const a = new Rng(5),
      b = new Rng(5),
      c = new Rng(6);
    const sa = [a.u32(), a.normal(), a.uniform()],
      sb = [b.u32(), b.normal(), b.uniform()];
    assert.deepEqual(sa, sb);
    assert.notEqual(c.u32(), sa[0]);
    let mean = 0;
    for (let i = 0; i < 10000; i++) {
      const u = hash01(1, 2, i);
      assert.ok(u >= 0 && u < 1);
      mean += u / 10000;
    }
    assert.ok(Math.abs(mean - 0.5) < 0.02);
  });

  it('safetensors: round trip, 8-byte aligned header, little-endian F32', () => {
    const t = new Map([
      ['b.bias', { shape: [3], data: Float32Array.from([1, -2, 3.5]) }],
      ['a.weight', { shape: [2, 2], data: Float32Array.from([0.1, 0.2, 0.3, 0.4]) }],
    ]);
    const bytes = encodeSafetensors(t, { model: 'm' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    assert.equal((8 + n) % 8, 0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    assert.deepEqual(header['a.weight'], { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    assert.equal(new DataView(bytes.buffer).getFloat32(8 + n + 16, true), 1);
    const back = decodeSafetensors(bytes);
    assert.deepEqual([...back.tensors.get('b.bias')!.data], [1, -2, 3.5]);
    assert.deepEqual(back.metadata, { model: 'm' });
  });

  // kind, fanIn, fanOut, expected bound (uniform) or std (normal), as torch.nn.init
  const INITS: [Parameters<typeof fillInit>[1], number, number, number][] = [
    [{ kind: 'he_uniform' }, 50, 10, Math.sqrt(6 / 50)],
    [{ kind: 'xavier_uniform' }, 50, 10, Math.sqrt(6 / 60)],
    [{ kind: 'he_normal' }, 50, 10, Math.sqrt(2 / 50)],
    [{ kind: 'xavier_normal' }, 50, 10, Math.sqrt(2 / 60)],
    [{ kind: 'normal', mean: 0, std: 0.3 }, 1, 1, 0.3],
    [{ kind: 'uniform', low: -0.2, high: 0.2 }, 1, 1, 0.2],
  ];
  for (const [spec, fi, fo, want] of INITS) {
    it(`init ${spec.kind}: ${spec.kind.endsWith('normal') ? 'std' : 'bound'} ${want.toFixed(4)}`, () => {
      const a = new Float32Array(20000);
      fillInit(a, spec, fi, fo, new Rng(1));
      const std = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
      if (spec.kind.endsWith('normal')) assert.ok(Math.abs(std / want - 1) < 0.03, `std ${std}`);
      else {
        assert.ok(a.every((v) => Math.abs(v) <= want));
        assert.ok(Math.abs(std / (want / Math.sqrt(3)) - 1) < 0.03, `std ${std}`);
      }
    });
  }

  it('initial weights: same seed same tensors; zeros and ones where asked', () => {
    const e = [
      { node: 1, name: 'w', size: 6, init: { kind: 'he_normal' as const }, fanIn: 3, fanOut: 2, shape: [3, 2] },
      { node: 2, name: 'g', size: 2, init: { kind: 'ones' as const }, fanIn: 2, fanOut: 2, shape: [2] },
    ];
    assert.deepEqual(initialWeights(e, 3).get('w')!.data, initialWeights(e, 3).get('w')!.data);
    assert.notDeepEqual(initialWeights(e, 3).get('w')!.data, initialWeights(e, 4).get('w')!.data);
    assert.deepEqual([...initialWeights(e, 3).get('g')!.data], [1, 1]);
  });

  for (const l1On of ['all', 'weights'] as const) {
    it(`L1 adds l1 * sign(w) to the gradient of ${l1On === 'all' ? "every parameter (PyTorch's default)" : 'dense weights only (exclude bias_norm)'}`, () => {
      const graph = new GraphBuilder([3]).dense(4, 'tanh').dense(2).build();
      const stepWith = (l1: number) => {
        const plan = compilePlan(graph, {
          maxBatch: 2,
          loss: { kind: 'mse' },
          optimizer: { kind: 'sgd', lr: 0.5, momentum: 0, nesterov: false, dampening: 0 },
          weightDecay: 0,
          l1,
          l1On,
          clipNorm: null,
        });
        const be = new CpuBackend();
        const exe = new Executable(plan, be);
        const p = be.view(exe.handle(plan.paramsBuffer));
        const rng = new Rng(2);
        for (let i = 0; i < p.length; i++) p[i] = rng.normal();
        for (const e of plan.params) p.fill(0, e.offset + e.size, e.offset + Math.ceil(e.size / 64) * 64);
        exe.writeBatch(Float32Array.from([1, -1, 0.5, 0.2, 0.3, -0.7]), Float32Array.from([0.1, 0.2, 0.3, 0.4]));
        const rt = newRuntime();
        rt.n = 2;
        rt.lr = 0.5;
        const before = Float32Array.from(p);
        exe.trainStep(rt);
        return { plan, before, after: Float32Array.from(p) };
      };
      const a = stepWith(0),
        b = stepWith(0.1);
      assert.ok(
        a.plan.params.some((e) => !e.decay),
        'the model has biases',
      );
      for (const e of a.plan.params) {
        const reached = l1On === 'all' || e.name.endsWith('.weight');
        for (let i = e.offset; i < e.offset + e.size; i++) {
          const want = reached ? -0.5 * 0.1 * Math.sign(a.before[i]!) : 0;
          assert.ok(Math.abs(b.after[i]! - a.after[i]! - want) < 1e-6, `${e.name}[${i - e.offset}]`);
        }
      }
    });
  }

  // The types make a missing twin or an unknown name a compile error; what they cannot say is
  // that a WGSL uniform's default matches the contract's required/optional split.
  it('contract: every WGSL uniform is a contract parameter, with a default exactly when optional', () => {
    for (const name of KERNEL_NAMES) {
      const spec: { args: readonly string[]; params: readonly string[]; optional?: readonly string[] } = KERNELS[name],
        k = WGSL_KERNELS[name];
      assert.deepEqual(k.args, spec.args, name);
      for (const w of k.writes) assert.ok(spec.args.includes(w), `${name} writes '${w}', not an argument`);
      for (const ps of k.params) {
        const optional = spec.optional?.includes(ps.name) ?? false;
        assert.ok(optional || spec.params.includes(ps.name), `${name}: WGSL parameter '${ps.name}' is not in the contract`);
        assert.equal(ps.def !== undefined, optional, `${name}.${ps.name}: default ${ps.def}, optional ${optional}`);
      }
    }
  });

  // kernels/ <- autodiff/ <- plan/ (autodiff/types.ts, kernels/contract.ts say so): one direction,
  // and no backend under either.
  it('imports: kernels/ imports nothing of the engine, autodiff/ neither plan/ nor a backend, plan/ no backend', () => {
    const engine = join(__dirname, '..', '..', '..', 'src', 'engine');
    const forbidden: Record<string, RegExp> = { kernels: /^\.\.\//, autodiff: /\/(plan|backends)\//, plan: /\/backends\// };
    for (const [dir, bad] of Object.entries(forbidden)) {
      for (const f of readdirSync(join(engine, dir)).filter((n) => n.endsWith('.ts'))) {
        const specs = [...readFileSync(join(engine, dir, f), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
        assert.ok(specs.length > 0 || dir === 'kernels', `${dir}/${f}: no imports found (is the pattern stale?)`);
        for (const spec of specs) assert.ok(!bad.test(spec + '/'), `${dir}/${f} imports '${spec}'`);
      }
    }
  });
});
