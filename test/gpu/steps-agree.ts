// The whole-step comparison's verdict, shared by the Dawn and the Chromium suites (Node only:
// models.ts, which the browser page bundles too, stays free of node:assert).
import { strict as assert } from 'node:assert';
import { STEPS } from './models';

/** A GPU run's step losses against the CPU run's: STEPS of them, the CPU's finite, each within
 *  1e-3 relative, and moving (the steps trained something, not twenty copies of one forward pass). */
export function assertStepsAgree(cpu: readonly number[], gpu: readonly number[]): void {
  assert.equal(gpu.length, STEPS);
  assert.ok(cpu.every(Number.isFinite), 'CPU losses finite');
  const rel = cpu.map((l, i) => Math.abs(gpu[i]! - l) / Math.max(Math.abs(l), 1e-6));
  const worst = Math.max(...rel);
  assert.ok(
    worst < 1e-3,
    `worst relative loss difference ${worst.toExponential(2)} at step ${rel.indexOf(worst) + 1}\n` +
      `cpu ${cpu.map((l) => l.toFixed(5)).join(' ')}\n` +
      `gpu ${gpu.map((l) => l.toFixed(5)).join(' ')}`,
  );
  assert.notEqual(cpu[0], cpu[STEPS - 1]);
}
