// The long-row kernels (webgpu kernels/rows.ts) against the CPU backend on every softmax and
// cross-entropy case of the conformance table, forced on for the short rows the table's
// kernels take by default, and forced off for the long rows they take by default: both kernels
// of each pair agree with the specification on every shape.

import { LOSS } from '../../src/engine/kernels/codes';
import { backendPerSuite } from './dawn';
import { runCase } from './harness';
import { OP_CASES } from './op-cases';

const ROWS = OP_CASES.filter((c) => c.kernel.startsWith('softmax') || (c.kernel.startsWith('loss') && c.p.kind === LOSS.cross_entropy));

describe('WebGPU long-row kernels, forced (vs the CPU backend)', function () {
  const t = backendPerSuite();

  for (const rows of ['on', 'off'] as const)
    for (const c of ROWS) {
      it(`rows ${rows}: ${c.kernel} ${c.name}`, async () => {
        t.gpu.kernels = { ...t.gpu.kernels, rows };
        await runCase(t.gpu, c, 'packed');
      });
    }
});
