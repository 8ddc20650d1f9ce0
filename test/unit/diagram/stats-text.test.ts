// The diagram's statistics line: compact numbers, the cues for dead, vanishing, exploding and
// non-finite layers, and the header; plus the wire schema that carries NaN as null.
import { strict as assert } from 'node:assert';
import { HostToDiagram } from '../../../src/protocol/diagram';
import { LayerStatsWire } from '../../../src/protocol/runs';
import { compact, statCue, statsHeader, statsLine, statsTitle, WIDEST_STATS_LINE } from '../../../webview/diagram/stats-text';

const layer = (over: object = {}) => ({ layer: 0, mean: 0.1234, std: 0.85, gradNorm: 3.14e-3, weightNorm: 2.5, ...over });

describe('diagram: layer statistics text', () => {
  it("a pruned layer's line says its sparsity, no wider than the widest line; the tooltip says both", () => {
    assert.equal(statsLine(layer({ sparsity: 0.5 })), 'μ 0.12 σ 0.85 · 50% zero');
    assert.ok(statsLine(layer({ mean: -1.23e-38, std: 4.56e-38, sparsity: 0.995 })).length <= WIDEST_STATS_LINE.length);
    assert.match(statsTitle(layer({ sparsity: 0.875 }), 8), /gradient norm 0\.003140.*\npruned: 87\.5% of its weights are 0/s);
    assert.equal(LayerStatsWire.safeParse({ step: 1, epoch: 1, samples: 2, layers: [layer({ sparsity: 1.5 })] }).success, false);
  });

  it('formats numbers compactly: two significant digits, exponents outside [0.01, 1000)', () => {
    const cases: [number | null, string][] = [
      [0, '0'],
      [0.1234, '0.12'],
      [-0.85, '-0.85'],
      [12.34, '12'],
      [999.4, '1000'],
      [3.14e-3, '3.1e-3'],
      [-2.5e-7, '-2.5e-7'],
      [12345, '1.2e4'],
      [null, '—'],
    ];
    for (const [v, text] of cases) assert.equal(compact(v), text, String(v));
  });

  it('writes "μ 0.12 σ 0.85 · ‖g‖ 3.1e-3", without the gradient for a layer with no parameters', () => {
    assert.equal(statsLine(layer()), 'μ 0.12 σ 0.85 · ‖g‖ 3.1e-3');
    assert.equal(statsLine(layer({ gradNorm: undefined, weightNorm: undefined })), 'μ 0.12 σ 0.85');
    assert.ok(
      statsLine(layer({ mean: -1.23e-38, std: 4.56e-38, gradNorm: 7.89e-38 })).length <= WIDEST_STATS_LINE.length,
      'the widest line fits the reserved width',
    );
  });

  it('cues: not finite (error), dead, vanishing and exploding (warnings), none for a healthy layer', () => {
    assert.equal(statCue(layer()), null);
    assert.deepEqual(statCue(layer({ std: null })), { level: 'error', word: 'not finite' });
    assert.deepEqual(statCue(layer({ gradNorm: null })), { level: 'error', word: 'not finite' });
    assert.deepEqual(statCue(layer({ std: 0 })), { level: 'warn', word: 'dead?' });
    assert.deepEqual(statCue(layer({ gradNorm: 1e-9 })), { level: 'warn', word: 'vanishing?' });
    assert.deepEqual(statCue(layer({ std: 5e4 })), { level: 'warn', word: 'exploding?' });
    assert.equal(statCue(layer({ gradNorm: undefined, weightNorm: undefined })), null, 'no parameters: no gradient cue');
    assert.match(statsTitle(layer({ std: 0 }), 32), /over 32 probe examples: mean 0\.1234, std 0\.000\n.*\ndead\?$/);
  });

  it('heads the diagram with live or last run, the step, and how many layers look wrong', () => {
    const stats = { step: 1234, epoch: 2, samples: 32, layers: [layer(), layer({ layer: 1, std: 0 }), layer({ layer: 2, std: 0 })] };
    assert.equal(statsHeader({ live: true, stats }), 'live · step 1,234 · 2 layers dead?');
    assert.equal(statsHeader({ live: false, stats: { ...stats, layers: [layer()] } }), 'last run · step 1,234');
  });

  it('the wire takes null for a non-finite value and refuses NaN itself', () => {
    const ok = { step: 1, epoch: 1, samples: 4, layers: [layer({ mean: null })] };
    assert.ok(LayerStatsWire.safeParse(ok).success);
    assert.ok(!LayerStatsWire.safeParse({ ...ok, layers: [layer({ mean: Number.NaN })] }).success);
    assert.ok(HostToDiagram.notifications.stats.payload.safeParse({ run: null }).success);
    assert.ok(HostToDiagram.notifications.stats.payload.safeParse({ run: { runId: 'r', live: false, stats: ok } }).success);
  });
});
