// Which WGSL kernel the WebGPU backend compiles for a call (backends/webgpu/select.ts): the
// long-row variants take rows of LONG_ROW values or more on hardware adapters, cross-entropy
// only among the losses; software adapters keep the table's kernels unless forced.

import { strict as assert } from 'node:assert';
import type { KernelCall } from '../../../src/engine/backend';
import { LONG_ROW } from '../../../src/engine/backends/webgpu/kernels/rows';
import { AUTO_CHOICE, kernelFor } from '../../../src/engine/backends/webgpu/select';
import { LOSS } from '../../../src/engine/kernels/codes';

const call = (kernel: string, p: Record<string, number>): KernelCall => ({ kernel, args: [], p }) as unknown as KernelCall;
const pick = (c: KernelCall, rows: 'auto' | 'on' | 'off' = 'auto', hardware = true) =>
  kernelFor(c, { ...AUTO_CHOICE, rows }, hardware)?.name;

describe('WebGPU kernel selection', () => {
  it('softmax rows: the row-per-thread kernel below LONG_ROW, a workgroup per row from it', () => {
    assert.equal(pick(call('softmax_fwd', { d: LONG_ROW - 1, len: LONG_ROW - 1 })), 'softmax_fwd');
    assert.equal(pick(call('softmax_fwd', { d: LONG_ROW, len: LONG_ROW })), 'softmax_fwd_rows');
    assert.equal(pick(call('softmax_bwd', { d: 4096, len: 8192 })), 'softmax_bwd_rows');
    assert.equal(pick(call('softmax_bwd', { d: 4096, len: 8192 }), 'auto', false), 'softmax_bwd');
    assert.equal(pick(call('softmax_bwd', { d: 4, len: 8 }), 'on', false), 'softmax_bwd_rows');
  });
  it('losses: cross-entropy rows only; forced on or off whatever the length', () => {
    const ce = call('loss_bwd', { kind: LOSS.cross_entropy, d: 1000 });
    assert.equal(pick(ce), 'loss_bwd_rows');
    assert.equal(pick(call('loss_fwd', { kind: LOSS.mse, d: 1000 })), 'loss_fwd');
    assert.equal(pick(ce, 'off'), 'loss_bwd');
    assert.equal(pick(call('loss_fwd', { kind: LOSS.cross_entropy, d: 3 }), 'on'), 'loss_fwd_rows');
    assert.equal(pick(call('loss_fwd', { kind: LOSS.distill, d: 3 }), 'on'), 'loss_fwd');
    assert.equal(pick(call('ln_fwd', { d: 1000, len: 1000 }), 'on'), 'ln_fwd');
  });
  it('an unknown kernel has none', () => {
    assert.equal(pick(call('no_such_kernel', {})), undefined);
  });
});
