// A warm training step allocates nothing, on the reference CPU backend and on the WebAssembly one
// (1 and 2 threads): bench/cpu/heap-check.ts runs XOR's step in a child `node --expose-gc` (the
// smallest step, where one allocation would weigh most) and reports the heap's growth over
// 100,000 warm steps (HEAP_STEPS). The bound is the bench's own (ALLOC_SLACK, 8 B a step): one heap number or
// the smallest object made per step is at least 12 B, while a step that allocates nothing still
// shows 0-4 B a step of V8's own bookkeeping. A GC during the steps also proves allocation.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { HeapReply } from '../../../bench/cpu/heap-check';
import { ALLOC_SLACK, HEAP_STEPS } from '../../../bench/cpu/spec';
import { buildWasm } from '../../../scripts/build-wasm.mjs';

const ROOT = join(__dirname, '..', '..', '..');

function heapCheck(side: string, threads: number): HeapReply {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/cpu/heap-check.ts', JSON.stringify({ side, threads })], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as HeapReply;
}

describe('a warm training step allocates nothing', function () {
  this.timeout(120_000);
  before(() => buildWasm({ log: () => {} }));

  for (const [side, threads] of [
    ['reference', 1],
    ['wasm', 1],
    ['wasm', 2],
  ] as const) {
    it(`${side}, ${threads} thread${threads > 1 ? 's' : ''}: under ${ALLOC_SLACK} B a step, no GC`, () => {
      // A second try only when the first allocated: a step that allocates does so on every try,
      // V8's late optimizing compiles on a loaded machine (23 B a step seen once) do not repeat.
      const first = heapCheck(side, threads);
      const h = first.allocatedBytes / first.steps <= ALLOC_SLACK && first.gcs === 0 ? first : heapCheck(side, threads);
      const perStep = h.allocatedBytes / h.steps;
      assert.equal(h.steps, HEAP_STEPS);
      assert.ok(perStep <= ALLOC_SLACK, `${perStep.toFixed(1)} B a step (${JSON.stringify(h)})`);
      assert.equal(h.gcs, 0, `a GC ran during the steps: they allocate (${JSON.stringify(h)})`);
    });
  }
});
