// Knowledge distillation: per-step losses against PyTorch (scripts/torch-goldens-distill.py; the
// runner is shared with the WebGPU test, test/gpu/distill-cases.ts),
// the loss's gradient against finite differences, and the trainer's soft targets (cached, on the
// fly, a teacher that does not fit).

import * as assert from 'node:assert/strict';
import { newRuntime } from '../../../src/engine/backend';
import { CpuBackend } from '../../../src/engine/backends/cpu';
import { lossBwd, lossFwd } from '../../../src/engine/backends/cpu/loss';
import { split } from '../../../src/engine/data/dataset';
import { generate } from '../../../src/engine/data/synthetic';
import { LOSS } from '../../../src/engine/kernels/codes';
import { Rng } from '../../../src/engine/rng';
import type { TeacherModel } from '../../../src/engine/train/distill';
import { train } from '../../../src/engine/train/trainer';
import type { DistillSpec } from '../../../src/graph/train-config';
import { trainConfig } from '../../../src/lang/test-config';
import { GraphBuilder } from '../../../src/lang/test-graph';
import { DISTILL_GOLDENS, distillLosses, readGolden } from '../../gpu/distill-cases';

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-8, Math.abs(b));
const ADAM = (lr: number) => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }) as const;

describe('engine: distillation', () => {
  it('the goldens folder holds goldens', () => assert.ok(DISTILL_GOLDENS.length >= 3));

  for (const file of DISTILL_GOLDENS)
    it(`PyTorch golden ${file.replace('.json', '')}: 20 step losses within 1e-4 relative`, async () => {
      const g = readGolden(file);
      const got = await distillLosses(new CpuBackend(), g);
      assert.equal(got.length, 20);
      assert.equal(got.length, g.losses.length);
      got.forEach((l, i) => assert.ok(relErr(l, g.losses[i]!) < 1e-4, `step ${i + 1}: ${l} against PyTorch's ${g.losses[i]}`));
    });

  it("the loss's gradient against finite differences (f64), with label smoothing and without", () => {
    const n = 4,
      d = 6,
      rng = new Rng(3);
    for (const [temperature, alpha, smoothing] of [
      [4, 0.5, 0],
      [2.5, 0.8, 0.1],
      [1, 1, 0],
      [3, 0, 0.05],
    ] as const) {
      const p = { kind: LOSS.distill, d, temperature, alpha, smoothing, soft: n };
      const F = (k: number) => new Float64Array(k) as unknown as Float32Array; // the kernels run in f64 too
      const out = F(n * d).map(() => 3 * rng.normal());
      const target = F(n * (1 + d)).map(() => 4 * rng.normal());
      for (let r = 0; r < n; r++) target[r] = rng.int(d);
      const rt = { ...newRuntime(), n, lossSlot: 0 };
      const log = F(1),
        grad = F(n * d);
      const loss = () => (lossFwd([out, target, log], p, rt), log[0]!);
      lossBwd([out, target, grad], p, rt);
      const h = 1e-6;
      for (let i = 0; i < n * d; i++) {
        const v = out[i]!;
        out[i] = v + h;
        const lp = loss();
        out[i] = v - h;
        const lm = loss();
        out[i] = v;
        const num = (lp - lm) / (2 * h);
        assert.ok(Math.abs(grad[i]! - num) <= 1e-7 + 1e-5 * Math.abs(num), `T ${temperature} alpha ${alpha} [${i}]: ${grad[i]} vs ${num}`);
      }
    }
  });

  describe('the trainer', () => {
    const data = split(generate({ generator: 'spiral', size: 240, noise: 0.1, classes: 3, features: 2, seed: 4 }), 0.2, 0, 2);
    const student = () => new GraphBuilder([2]).dense(6, 'tanh').dense(3).build('student');
    let teacher: TeacherModel;
    before(async () => {
      const graph = new GraphBuilder([2]).dense(32, 'relu').dense(32, 'relu').dense(3).softmax().build('teacher');
      const end = await train({ graph, data, config: trainConfig({ epochs: 30, batch: 16, optimizer: ADAM(0.02) }) });
      teacher = { graph, weights: end.weights };
    });
    const run = async (distill: DistillSpec | null, over: { augment?: () => void; teacher?: TeacherModel } = {}) => {
      const losses: number[] = [];
      const end = await train({
        graph: student(),
        data,
        config: trainConfig({ epochs: 3, batch: 16, optimizer: ADAM(0.02), seed: 5, ...(distill ? { distill } : {}) }),
        teacher: over.teacher ?? teacher,
        augment: over.augment ?? null,
        observer: { step: (s) => losses.push(s.loss) },
      });
      return { end, losses };
    };
    const spec = (alpha: number): DistillSpec => ({ teacher: 'teacher', teacherIsRun: false, temperature: 4, alpha });

    it('alpha 0 is the plain cross-entropy run; alpha 0.5 is another run', async () => {
      const plain = await run(null),
        zero = await run(spec(0)),
        half = await run(spec(0.5));
      assert.equal(zero.losses.length, plain.losses.length);
      zero.losses.forEach((l, i) => assert.ok(relErr(l, plain.losses[i]!) < 1e-5, `step ${i + 1}: ${l} vs ${plain.losses[i]}`));
      assert.ok(half.losses.some((l, i) => relErr(l, plain.losses[i]!) > 1e-3));
    });

    it('cached soft targets (no augmentation) give the same steps as a teacher run on every batch', async () => {
      const cached = await run(spec(0.7)),
        live = await run(spec(0.7), { augment: () => {} });
      assert.deepEqual(live.losses, cached.losses);
    });

    it('a teacher with another number of outputs is refused by name', async () => {
      const four = new GraphBuilder([2]).dense(8, 'relu').dense(4).build('four');
      const other = await train({
        graph: four,
        data: split(generate({ generator: 'spiral', size: 80, noise: 0.1, classes: 4, features: 2, seed: 4 }), 0.2, 0, 2),
        config: trainConfig({ epochs: 1 }),
      });
      await assert.rejects(
        run(spec(0.5), { teacher: { graph: four, weights: other.weights } }),
        /the teacher has 4 outputs, the student 3/,
      );
    });
  });
});
