// The CPU bench harness (bench/run.ts) run for real on a handful of steps: the document it writes
// must match its schema and hold what was asked for; a missing PyTorch must be a loud skip, not a
// crash. No timing is asserted: only shapes, and the arithmetic of the ratios.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelOf, type Measurement } from '../../../bench/cpu/report';
import { BenchDoc } from '../../../bench/cpu/schema';
import { python } from '../../../bench/cpu/sides';
import { ALLOC_SLACK, CASES, HEAP_STEPS, median, TIMINGS } from '../../../bench/cpu/spec';

const ROOT = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'model-lab-bench-'));

function bench(file: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const json = join(dir, file);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--json', json, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BENCH_NO_DOWNLOAD: '1', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return { doc: BenchDoc.parse(JSON.parse(readFileSync(json, 'utf8'))), stdout: r.stdout, stderr: r.stderr };
}

const hasTorch = spawnSync(python(), ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

describe('cpu bench harness', function () {
  this.timeout(300_000);

  it('median is the middle window (the mean of the two middle ones for an even count)', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('ratios are ours over each peer at its best thread count; the strongest peer is the fastest row', () => {
    const r = (side: string, kind: Measurement['kind'], threads: number, rate: number): Measurement => ({
      side,
      label: side,
      kind,
      threads,
      result: { key: 'mlp', rate, windows: [rate], steps: 3, slow: false },
    });
    const m = modelOf(CASES[0]!, [
      r('ml', 'model-lab', 1, 300),
      r('torch', 'peer', 1, 100),
      r('torch', 'peer', 2, 150),
      r('tf', 'peer', 1, 600),
    ]);
    assert.deepEqual(m.strongestPeer, { side: 'tf', label: 'tf', threads: 1, rate: 600 });
    assert.deepEqual(
      m.ratios.map((q) => [q.against.side, q.against.threads, q.ratio]),
      [
        ['tf', 1, 0.5],
        ['torch', 2, 2],
      ],
    );
  });

  it('--smoke --json writes one schema: every asked model, Model Lab and peer rows, ratios, the heap check', () => {
    const { doc, stdout } = bench('smoke.json', {}, '--only', 'reference,wasm,torch,tfjs-wasm', '--models', 'mlp,xor');
    assert.equal(doc.mode, 'smoke');
    assert.deepEqual(
      doc.models.map((m) => m.key),
      ['mlp', 'xor'],
    );
    for (const m of doc.models) {
      assert.match(stdout, new RegExp(m.name.replace(/[()+]/g, '\\$&')));
      const ours = m.results.find((x) => x.side === 'reference');
      assert.ok(ours, `${m.key}: no reference row`);
      // A step slower than slowStep (a loaded machine) is timed once: one window.
      assert.equal(ours.windows.length, ours.slow ? 1 : TIMINGS.smoke.windows);
      const wasm = m.results.find((x) => x.side === 'tfjs-wasm');
      assert.ok(wasm, `${m.key}: no tfjs-wasm row`);
      const peers = new Set(m.results.filter((x) => x.kind === 'peer').map((x) => x.side));
      assert.equal(peers.has('torch'), hasTorch, `${m.key}: torch rows iff torch imports`);
      assert.equal(m.ratios.filter((q) => q.side === 'reference').length, peers.size);
      for (const q of m.ratios) {
        const mine = m.results.find((x) => x.side === q.side && x.threads === q.threads)!;
        const theirs = m.results.find((x) => x.side === q.against.side && x.threads === q.against.threads)!;
        assert.ok(Math.abs(q.ratio - mine.rate / theirs.rate) < 1e-9 * q.ratio);
      }
      assert.equal(m.strongestPeer?.rate, Math.max(...m.results.filter((x) => x.kind === 'peer').map((x) => x.rate)));
    }
    const measured = new Set(doc.models.flatMap((m) => m.results.filter((x) => x.kind === 'model-lab').map((x) => x.side)));
    assert.deepEqual(new Set(doc.overhead.map((o) => o.side)), measured);
    assert.ok(doc.overhead.every((o) => o.steps === HEAP_STEPS && o.allocates === (o.gcs > 0 || o.allocatedBytes / o.steps > ALLOC_SLACK)));
    assert.ok(doc.sides.some((s) => s.side === 'tfjs-wasm' && s.notes.some((n) => /SIMD/.test(n))));
    if (!hasTorch) assert.ok(doc.skipped.some((k) => k.side === 'torch' && k.threads === null));
  });

  it('--smoke on the language models: tokens/s rows of the wasm backend and PyTorch (tokens = samples x T)', function () {
    this.timeout(600_000); // four minutes with the two cores shared by a load of 20
    const { doc, stdout } = bench('seq.json', {}, '--only', 'wasm,torch', '--models', 'lstm,gpt');
    assert.deepEqual(
      doc.models.map((m) => [m.key, m.unit, m.batch]),
      [
        ['lstm', 'tokens/s', 32],
        ['gpt', 'tokens/s', 32],
      ],
    );
    for (const m of doc.models) {
      assert.match(stdout, new RegExp(`${m.name.split(':')[0]}.*\n.*tokens/s`));
      const ours = m.results.filter((x) => x.side === 'wasm');
      assert.ok(ours.length > 0, `${m.key}: no wasm row (${JSON.stringify(doc.skipped)})`);
      // A step slower than slowStep (a loaded machine) is timed once: one window.
      for (const r of ours) assert.equal(r.windows.length, r.slow ? 1 : TIMINGS.smoke.windows);
      assert.equal(
        m.results.some((x) => x.side === 'torch'),
        hasTorch,
        `${m.key}: torch rows iff torch imports`,
      );
      if (hasTorch) assert.ok(m.ratios.some((q) => q.side === 'wasm' && q.against.side === 'torch'));
    }
  });

  it('without PyTorch: a loud line, the peer skipped with its reason, exit 0', () => {
    const { doc, stderr } = bench('no-torch.json', { BENCH_PYTHON: join(dir, 'no-such-python3') }, '--only', 'torch', '--models', 'xor');
    assert.match(stderr, /NOT MEASURED: PyTorch as shipped: .*no-such-python3/);
    const skip = doc.skipped.find((k) => k.side === 'torch');
    assert.ok(skip && skip.threads === null && skip.model === null, JSON.stringify(doc.skipped));
    assert.deepEqual(doc.models[0]!.results, []);
    assert.equal(doc.models[0]!.strongestPeer, null);
  });
});
