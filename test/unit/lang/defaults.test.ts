// Defaults live in the schema tables only: what the resolvers fill in is read back from them, and
// a layer the checker cannot convert is a diagnostic, never a silently missing layer.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/lang/analyze';
import { LAYERS, type LayerDef } from '../../../src/lang/schema/layers';
import { OPTIMIZERS, SCHEDULES } from '../../../src/lang/schema/train-options';
import { TRAIN_SETTINGS } from '../../../src/lang/schema/train-settings';
import { DATA_SETTINGS, SOURCES } from '../../../src/lang/schema/data-settings';
import type { ArgSchema } from '../../../src/lang/schema/types';
import { describe1, modelWith, trainWith } from './helpers';

/** The default an option has in a schema (fails when the table has none). */
function schemaDefault(schema: ArgSchema, name: string): number | string | boolean {
  const def = [...schema.positional, ...schema.options].find((d) => d.name === name);
  assert.ok(def?.default !== undefined, `no default for ${name}`);
  return def.default;
}
const settingSchema = (defs: typeof TRAIN_SETTINGS, key: string): ArgSchema => {
  const def = defs.find((d) => d.key === key);
  assert.ok(def?.value.kind === 'args');
  return def.value.schema;
};
const choiceSchema = (choices: typeof OPTIMIZERS, name: string): ArgSchema => choices.find((c) => c.name === name)!.schema;

/** The spec's field for an option: lr_decay -> lrDecay. */
const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

function config(settings: string) {
  const analysis = analyze(trainWith(settings));
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map(describe1), []);
  return analysis.trains[0].configs[0];
}

describe('defaults: read from the schema tables', () => {
  it('fills an absent train setting from its schema entry', () => {
    const c = config('  loss: cross_entropy');
    assert.equal(c.epochs, schemaDefault(settingSchema(TRAIN_SETTINGS, 'epochs'), 'epochs'));
    assert.equal(c.batch, schemaDefault(settingSchema(TRAIN_SETTINGS, 'batch'), 'batch'));
    assert.equal(c.seed, schemaDefault(settingSchema(TRAIN_SETTINGS, 'seed'), 'seed'));
    assert.equal(c.device, schemaDefault(settingSchema(TRAIN_SETTINGS, 'device'), 'device'));
    assert.equal(c.l1, schemaDefault(settingSchema(TRAIN_SETTINGS, 'l1'), 'l1'));
    assert.equal(c.loss.kind === 'cross_entropy' && c.loss.labelSmoothing, 0);
  });

  it("uses the default optimizer and schedule choices with their tables' values", () => {
    const c = config('  loss: mse');
    const adam = choiceSchema(OPTIMIZERS, 'adam');
    assert.deepEqual(c.optimizer, {
      kind: 'adam',
      lr: schemaDefault(adam, 'lr'),
      beta1: schemaDefault(adam, 'beta1'),
      beta2: schemaDefault(adam, 'beta2'),
      eps: schemaDefault(adam, 'eps'),
      amsgrad: schemaDefault(adam, 'amsgrad'),
    });
    assert.equal(c.weightDecay, schemaDefault(adam, 'weight_decay'));
    assert.deepEqual(c.schedule, { kind: 'constant' });
  });

  it("reads every optimizer's own defaults, adamw's weight decay included", () => {
    for (const opt of OPTIMIZERS) {
      const c = config(`  loss: mse\n  optimizer: ${opt.name}`);
      const spec = c.optimizer as unknown as Record<string, unknown>;
      for (const option of opt.schema.options) {
        if (option.name === 'weight_decay') assert.equal(c.weightDecay, option.default, opt.name);
        else assert.equal(spec[camel(option.name)], option.default, `${opt.name} ${option.name}`);
      }
    }
  });

  it('fills schedule, early_stop and data options from their tables', () => {
    const step = config('  loss: mse\n  schedule: step 3');
    assert.deepEqual(step.schedule, {
      kind: 'step',
      stepSize: 3,
      gamma: schemaDefault(choiceSchema(SCHEDULES, 'step'), 'gamma'),
      per: schemaDefault(choiceSchema(SCHEDULES, 'step'), 'per'),
    });
    const cycle = choiceSchema(SCHEDULES, 'onecycle');
    assert.deepEqual(config('  loss: mse\n  schedule: onecycle').schedule, {
      kind: 'onecycle',
      pctStart: schemaDefault(cycle, 'pct_start'),
      anneal: schemaDefault(cycle, 'anneal'),
      divFactor: schemaDefault(cycle, 'div_factor'),
      finalDivFactor: schemaDefault(cycle, 'final_div_factor'),
      threePhase: schemaDefault(cycle, 'three_phase'),
    });
    const warmup = settingSchema(TRAIN_SETTINGS, 'warmup');
    assert.deepEqual(config('  loss: mse\n  warmup: 10').schedule, {
      kind: 'warmup',
      steps: 10,
      unit: 'step',
      startFactor: schemaDefault(warmup, 'start_factor'),
      then: { kind: 'constant' },
    });
    const warm = config('  loss: mse\n  schedule: warmup 5');
    assert.deepEqual(warm.schedule, { kind: 'warmup', steps: 5, then: { kind: schemaDefault(choiceSchema(SCHEDULES, 'warmup'), 'then') } });
    const early = config('  loss: mse\n  early_stop: val_loss').earlyStop;
    const es = settingSchema(TRAIN_SETTINGS, 'early_stop');
    assert.deepEqual(early, {
      monitor: 'val_loss',
      patience: schemaDefault(es, 'patience'),
      minDelta: schemaDefault(es, 'min_delta'),
      mode: 'min',
      restoreBest: schemaDefault(es, 'restore_best'),
    });
    const data = analyze(trainWith('  loss: mse')).data[0].spec;
    const synthetic = choiceSchema(SOURCES, 'synthetic');
    assert.ok(data?.source.kind === 'synthetic');
    assert.equal(data.source.size, schemaDefault(synthetic, 'size'));
    assert.equal(data.source.noise, schemaDefault(synthetic, 'noise'));
    assert.deepEqual(data.shuffle, { seed: schemaDefault(settingSchema(DATA_SETTINGS, 'shuffle'), 'seed') });
  });

  it('fills layer arguments from the layer table', () => {
    const layers = (name: string) => LAYERS.find((l) => l.name === name)!.schema;
    const graph = analyze(modelWith('[1, 6, 6]', '  conv2d 2 kernel 3\n  batchnorm\n  maxpool\n  flatten\n  dropout\n  dense 2')).models[0]
      .graph;
    assert.ok(graph);
    const ops = graph.nodes.map((n) => n.op);
    const conv = ops.find((o) => o.kind === 'conv2d');
    assert.deepEqual(conv?.kind === 'conv2d' && conv.stride, [
      schemaDefault(layers('conv2d'), 'stride'),
      schemaDefault(layers('conv2d'), 'stride'),
    ]);
    const bn = ops.find((o) => o.kind === 'batchnorm');
    assert.deepEqual(bn, {
      kind: 'batchnorm',
      eps: schemaDefault(layers('batchnorm'), 'eps'),
      momentum: schemaDefault(layers('batchnorm'), 'momentum'),
    });
    const pool = ops.find((o) => o.kind === 'maxpool2d');
    const k = schemaDefault(layers('maxpool'), 'kernel');
    assert.deepEqual(pool?.kind === 'maxpool2d' && [pool.kernel, pool.stride], [
      [k, k],
      [k, k],
    ]);
    assert.deepEqual(
      ops.find((o) => o.kind === 'dropout'),
      { kind: 'dropout', p: schemaDefault(layers('dropout'), 'p') },
    );
    const bias = ops.find((o) => o.kind === 'param' && o.name === 'conv2d_1.bias');
    assert.deepEqual(bias?.kind === 'param' && bias.init, { kind: schemaDefault(layers('conv2d'), 'bias_init') });
  });
});

describe('checker: a layer it cannot convert', () => {
  it('is an error at the layer, and the layers after it are left out', () => {
    const fake = { name: 'warp', doc: '', example: 'warp', pytorch: '', schema: { positional: [], options: [] } } as unknown as LayerDef;
    (LAYERS as LayerDef[]).push(fake);
    try {
      const analysis = analyze(modelWith('[2]', '  dense 2\n  warp\n  dense 3'));
      assert.deepEqual(analysis.diagnostics.map(describe1), ["3:3 error: layer 'warp' is in the layer table but cannot be built yet"]);
      assert.equal(analysis.models[0].graph, null);
    } finally {
      (LAYERS as LayerDef[]).pop();
    }
  });
});
