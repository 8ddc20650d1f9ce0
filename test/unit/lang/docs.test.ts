// docs/experiment-format.md names every layer, option, setting and choice the tables define.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATIONS, DATA_SETTINGS, INITS, LAYERS, LOSSES, MODEL_HEADER, OPTIMIZERS, SCHEDULES, SOURCES, TRAIN_SETTINGS } from '../../../src/lang/index';
import type { ArgSchema } from '../../../src/lang/schema/types';

const DOC = readFileSync(join(__dirname, '../../../docs/experiment-format.md'), 'utf8');
const mentioned = (name: string) => DOC.includes(`\`${name}\``);
const optionNames = (schema: ArgSchema) => [...schema.positional, ...schema.options].map((o) => o.name);

describe('docs/experiment-format.md', () => {
  it('names every layer, activation and initialiser with its options', () => {
    const names = [...LAYERS.flatMap((l) => [l.name, ...optionNames(l.schema)]), ...ACTIVATIONS.map((a) => a.name), ...INITS.flatMap((i) => [i.name, ...optionNames(i.schema)]), ...optionNames(MODEL_HEADER)];
    assert.deepEqual(names.filter((n) => !mentioned(n)), []);
  });
  it('names every setting, source, loss, optimizer and schedule with its options', () => {
    const settings = [...DATA_SETTINGS, ...TRAIN_SETTINGS].flatMap((s) => [s.key, ...(s.value.kind === 'args' ? optionNames(s.value.schema) : [])]);
    const choices = [SOURCES, LOSSES, OPTIMIZERS, SCHEDULES].flatMap((list) => list.flatMap((c) => [c.name, ...optionNames(c.schema)]));
    assert.deepEqual([...settings, ...choices].filter((n) => !mentioned(n)), []);
  });
});
