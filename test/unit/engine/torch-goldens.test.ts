// Whole-model checks against PyTorch (scripts/torch-goldens.py): same initial weights and the
// same batches in order must give the same loss at every step, within 1e-4 relative. The loss
// compared is the data loss: weight decay and L1 shape the steps but are not in the number.
// Each golden runs on the CPU reference and on the WebAssembly backend (2 threads, every split
// kernel split).

import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivationFn, Graph } from '../../../src/graph/ir';
import type { LossSpec, OptimizerSpec, PenaltyScope } from '../../../src/graph/train-config';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { createWasmBackend, WasmBackend } from '../../../src/engine/backends/wasm';
import { buildWasm } from '../../../scripts/build-wasm.mjs';
import { compilePlan } from '../../../src/engine/plan/compile';
import { Executable } from '../../../src/engine/plan/executable';
import { GraphBuilder } from '../../../src/lang/test-graph';

interface Golden {
  name: string;
  arch: (string | number)[][];
  inputShape: number[];
  batch: number;
  epochs: number;
  loss: LossSpec;
  optimizer: OptimizerSpec;
  weightDecay: number;
  /** Absent in goldens written before the scopes: then the decay is 0 (or reaches every parameter). */
  weightDecayOn?: PenaltyScope;
  l1?: number;
  l1On?: PenaltyScope;
  clipNorm: number | null;
  weights: Record<string, { shape: number[]; data: number[] }>;
  x: number[];
  y: number[];
  losses: number[];
  evalLoss: number;
}

const DIR = join(__dirname, '..', '..', 'fixtures', 'goldens');

function buildGraph(g: Golden) {
  const b = new GraphBuilder(g.inputShape);
  for (const [kind, a, k, pad] of g.arch) {
    switch (kind) {
      case 'dense':
        b.dense(a as number);
        break;
      case 'conv2d':
        b.conv2d(a as number, k as number, { pad: pad as 'same' | 'valid' });
        break;
      case 'batchnorm':
        b.batchnorm();
        break;
      case 'layernorm':
        b.layernorm();
        break;
      case 'act':
        b.act(a as ActivationFn);
        break;
      case 'maxpool2d':
        b.pool('maxpool2d', a as number);
        break;
      case 'avgpool2d':
        b.pool('avgpool2d', a as number);
        break;
      case 'flatten':
        b.flatten();
        break;
      case 'pool':
        b.layer(`pool ${a as string}`);
        break;
      case 'cls_token':
        b.layer('cls_token');
        break;
      case 'rnn':
      case 'lstm':
      case 'gru':
        b.layer(`${kind} ${a} ${k ?? ''}`); // the line as written: `lstm 6 layers 2 bidirectional return last`
        break;
      default:
        throw new Error(`golden layer ${kind}`);
    }
  }
  return b.build(g.name);
}

/**
 * The golden's weights under the graph's parameter names. The goldens number layers across
 * kinds (dense_1, relu_2, dense_3); the graph builder numbers each kind (dense_1, dense_2): the
 * weights are matched in order, shape by shape.
 */
function byGraphName(graph: Graph, weights: Golden['weights']): Map<string, { shape: number[]; data: Float32Array }> {
  const params = graph.nodes.flatMap((n) => (n.op.kind === 'param' ? [{ name: n.op.name, shape: [...n.shape] }] : []));
  const golden = Object.entries(weights);
  assert.equal(golden.length, params.length, `the golden has ${golden.length} weights, the graph ${params.length} parameters`);
  return new Map(
    golden.map(([key, v], i) => {
      assert.deepEqual(v.shape, params[i]!.shape, `${key} against ${params[i]!.name}`);
      assert.equal(key.replace(/_\d+\./, '.'), params[i]!.name.replace(/_\d+\./, '.'), 'the same kind of weight');
      return [params[i]!.name, { shape: v.shape, data: Float32Array.from(v.data) }];
    }),
  );
}

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-8, Math.abs(b));

// Read once, at load time: a missing or empty folder must fail the suite, not shrink it to nothing.
const FILES = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

for (const kind of ['cpu', 'wasm'] as const)
  describe(`engine: PyTorch goldens (per-step losses), ${kind} backend`, () => {
    let wasm: WasmBackend | null = null;
    before(async function () {
      if (kind !== 'wasm') return;
      this.timeout(60000);
      await buildWasm({ log: () => {} });
      const made = await createWasmBackend({ threads: 2, splitMinWork: 0 });
      assert.ok(made.backend instanceof WasmBackend, `fell back: ${made.note}`);
      wasm = made.backend;
    });
    after(() => wasm?.dispose());
    it('the goldens folder holds goldens', () => {
      assert.ok(FILES.length > 0, `no *.json goldens in ${DIR} (scripts/torch-goldens.py writes them)`);
    });
    for (const file of FILES) {
      it(file.replace('.json', ''), () => {
        const g = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Golden;
        const graph = buildGraph(g);
        const plan = compilePlan(graph, {
          maxBatch: g.batch,
          loss: g.loss,
          optimizer: g.optimizer,
          weightDecay: g.weightDecay,
          l1: g.l1 ?? 0,
          clipNorm: g.clipNorm,
          ...(g.weightDecayOn ? { weightDecayOn: g.weightDecayOn } : {}),
          ...(g.l1On ? { l1On: g.l1On } : {}),
        });
        const be = wasm ?? new CpuBackend();
        const exe = new Executable(plan, be);
        const named = byGraphName(graph, g.weights);
        exe.writeWeights(exe.flat(named));
        const N = g.x.length / plan.inputLen,
          tl = plan.targetLen;
        const rt = newRuntime();
        rt.lr = g.optimizer.lr;
        const log = be.view(exe.handle(plan.lossLog));
        const got: number[] = [];
        for (let e = 0; e < g.epochs; e++) {
          for (let s = 0; s < N; s += g.batch) {
            const n = Math.min(g.batch, N - s);
            exe.writeBatch(
              Float32Array.from(g.x.slice(s * plan.inputLen, (s + n) * plan.inputLen)),
              Float32Array.from(g.y.slice(s * tl, (s + n) * tl)),
            );
            rt.n = n;
            rt.lossSlot = 0;
            exe.trainStep(rt);
            got.push(log[0]!);
            rt.step++;
          }
        }
        assert.ok(g.losses.length > 0, `${file} holds no losses to compare`);
        assert.equal(got.length, g.losses.length);
        if (process.env.GOLDEN_REPORT)
          console.log(`    max rel err ${Math.max(...got.map((l, i) => relErr(l, g.losses[i]!))).toExponential(2)}`);
        got.forEach((l, i) =>
          assert.ok(
            relErr(l, g.losses[i]!) < 1e-4,
            `step ${i + 1}: ${l} vs torch ${g.losses[i]} (rel ${relErr(l, g.losses[i]!).toExponential(2)})`,
          ),
        );
        exe.writeBatch(Float32Array.from(g.x.slice(0, g.batch * plan.inputLen)), Float32Array.from(g.y.slice(0, g.batch * tl)));
        rt.n = g.batch;
        rt.lossSlot = plan.lossWindow;
        exe.evaluate.run(rt);
        const ev = log[plan.lossWindow]!;
        assert.ok(relErr(ev, g.evalLoss) < 1e-4, `eval loss ${ev} vs torch ${g.evalLoss}`);
      });
    }
  });
