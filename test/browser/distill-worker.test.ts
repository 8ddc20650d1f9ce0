// A distilled student on the editor's WebGPU path, in headless Chromium (browser WebGPU,
// SwiftShader here): the trainer page's worker trains the run request ▶ Train sends (the teacher on
// the request, the training set in chunks after it) and its step losses are held to the engine's
// CPU run of the same request (the run driver on the CPU reference backend, the whole set at once)
// within the 1e-3 the other WebGPU-vs-CPU step tests use. A teacher lost on the way shows up as a
// failed run or as the losses of the student trained without one.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuBackend } from '../../src/engine/backends/cpu';
import { RunDriver, type RunEventMessage } from '../../src/protocol/run-driver';
import type { RunRequest } from '../../src/protocol/runs';
import { wireToSplits } from '../../src/protocol/run-wire';
import { type BrowserPage, browserOrSkip, bundle, openPage } from './chromium';
import { BATCH, EPOCHS, scenario, type Scenario } from './distill-scenario';
import type { WorkerRun } from './pages/distill-worker-entry';

const REL = 1e-3;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-6);

async function cpuLosses(request: RunRequest): Promise<number[]> {
  const events: RunEventMessage[] = [];
  const data = wireToSplits(request.data);
  await new RunDriver().run({ request, data, backend: new CpuBackend(), note: null, post: (m) => void events.push(m) });
  const failed = events.find((m) => m.type === 'runFailed');
  assert.equal(failed, undefined, JSON.stringify(failed?.payload));
  return events.flatMap((m) => (m.type === 'runProgress' ? m.payload.steps.map((s) => s.loss) : []));
}

describe('WebGPU in headless Chromium: the trainer worker distils a student', function () {
  let page: BrowserPage | undefined;
  let dir = '';
  let s: Scenario;
  const cpu = { student: [] as number[], plain: [] as number[] };
  const gpu: Partial<Record<'student' | 'plain', WorkerRun>> = {};

  before(async function () {
    browserOrSkip(this);
    dir = mkdtempSync(join(tmpdir(), 'mlab-distill-worker-'));
    const worker = join(dir, 'trainer-worker.js');
    writeFileSync(worker, await bundle(join(__dirname, '../../webview/trainer/worker.ts')));
    page = await openPage(join(__dirname, 'pages/distill-worker-entry.ts'), '__ready', { '/trainer-worker.js': worker });
    const adapter = await page.page.evaluate(() => (globalThis as unknown as { __adapter(): Promise<string> }).__adapter());
    if (adapter === 'none') {
      const banner = `\n${'!'.repeat(78)}\n!! Browser WebGPU tests: Chromium gave no WebGPU adapter\n${'!'.repeat(78)}`;
      if (process.env.CI === 'true') throw new Error(banner);
      console.error(banner);
      this.skip();
    }
    s = await scenario();
    cpu.student = await cpuLosses(s.student);
    cpu.plain = await cpuLosses(s.plain);
    for (const which of ['student', 'plain'] as const)
      gpu[which] = await page.page.evaluate((w) => (globalThis as unknown as { __train(w: string): Promise<WorkerRun> }).__train(w), which);
  });
  after(async () => {
    await page?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const steps = EPOCHS * Math.ceil(384 / BATCH);

  it(`trains on WebGPU with the teacher: ${steps} step losses within ${REL} of the CPU run of the same request`, () => {
    const r = gpu.student!;
    assert.equal(r.error, null);
    assert.equal(r.device, 'webgpu');
    assert.deepEqual(r.distill, s.student.config.distill);
    assert.equal(cpu.student.length, steps);
    assert.equal(r.losses.length, steps);
    const errs = cpu.student.map((l, i) => rel(r.losses[i]!, l));
    const worst = Math.max(...errs);
    assert.ok(
      worst < REL,
      `worst relative loss difference ${worst.toExponential(2)} at step ${errs.indexOf(worst) + 1}\n` +
        `cpu ${cpu.student.map((l) => l.toFixed(5)).join(' ')}\n` +
        `gpu ${r.losses.map((l) => l.toFixed(5)).join(' ')}`,
    );
  });

  it("the teacher is not lost on the way: the student's losses are not those of the same student trained without it", () => {
    const r = gpu.student!,
      plain = gpu.plain!;
    assert.equal(plain.error, null);
    // The plain run on WebGPU matches its CPU run too, so the difference below is the teacher's.
    assert.ok(
      cpu.plain.every((l, i) => rel(plain.losses[i]!, l) < REL),
      'the plain student on WebGPU against its CPU run',
    );
    const apart = r.losses.map((l, i) => rel(l, plain.losses[i]!));
    assert.ok(Math.max(...apart) > 100 * REL, `the distilled losses are within ${Math.max(...apart).toExponential(2)} of the plain run's`);
    assert.ok(apart.filter((d) => d > 10 * REL).length > steps / 2, 'most steps differ from the plain run by far more than the tolerance');
  });
});
