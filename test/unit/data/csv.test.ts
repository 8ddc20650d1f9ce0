import * as assert from 'node:assert/strict';
import { loadCsv, parseCsvTable } from '../../../src/engine/data/csv';
import { DataError } from '../../../src/engine/data/host';
import { nodeDataHost } from '../../../src/engine/data/node-host';
import { LOC } from './helpers';

const opts = { target: 'label', features: null, targetKind: null } as const;

describe('data: csv', () => {
  it('detects the header, one-hot encodes text columns, marks missing values, maps class names', async () => {
    const raw = await loadCsv(nodeDataHost, LOC, 'table.csv', opts);
    assert.deepEqual(raw.featureNames, ['size', 'color=blue', 'color=green', 'color=red', 'weight']);
    assert.deepEqual(raw.classNames, ['big', 'small']);
    assert.deepEqual([...raw.y], [1, 1, 0, 0, 0, 1]);
    assert.deepEqual([...raw.x.subarray(0, 5)], [1, 0, 0, 1, 10]);
    assert.ok(Number.isNaN(raw.x[5 + 4]!), 'an empty weight is missing');
    assert.ok(Number.isNaN(raw.x[4 * 5]!), 'an empty size is missing');
    assert.ok(Number.isNaN(raw.x[5 * 5 + 4]!), 'NA is missing');
    assert.match(raw.notes.join('\n'), /3 missing feature value/);
  });

  it('selects features and reads numeric targets for a regression; quoted cells parse', async () => {
    const raw = await loadCsv(nodeDataHost, LOC, 'regression.csv', { target: 'target value', features: ['x2'], targetKind: 'number' });
    assert.deepEqual(raw.featureNames, ['x2']);
    assert.deepEqual([...raw.x], [1, 2, 3, 4]);
    assert.deepEqual([...raw.y], [2.25, 3.5, 4.75, 6]);
    assert.equal(raw.classes, 0);
  });

  it('a file without a header names its columns col1, col2, ...; small integer targets are classes', async () => {
    const raw = await loadCsv(nodeDataHost, LOC, 'noheader.csv', { target: 'col3', features: null, targetKind: null });
    assert.deepEqual(raw.featureNames, ['col1', 'col2']);
    assert.equal(raw.y.length, 4);
    assert.equal(raw.classes, 2);
    await assert.rejects(loadCsv(nodeDataHost, LOC, 'noheader.csv', opts), /no column 'label' \(the file has no header row/);
  });

  it('drops rows without a target', async () => {
    const raw = await loadCsv(nodeDataHost, LOC, 'missing-target.csv', { target: 'y', features: null, targetKind: 'class' });
    assert.deepEqual([...raw.x], [1, 3, 5]);
    assert.deepEqual(raw.classNames, ['cat', 'dog']);
    assert.match(raw.notes[0]!, /2 row\(s\) without a 'y' value were dropped/);
  });

  it('errors name the file, line and column: ragged rows, bad numbers, unknown columns', async () => {
    await assert.rejects(
      loadCsv(nodeDataHost, LOC, 'ragged.csv', { ...opts, target: 'y' }),
      (e: DataError) =>
        e instanceof DataError && e.line === 3 && /ragged.csv:3: ragged row: 2 fields, the rows above have 3/.test(e.message),
    );
    await assert.rejects(
      loadCsv(nodeDataHost, LOC, 'badvalue.csv', { ...opts, target: 'y' }),
      (e: DataError) => e.line === 4 && e.column === 2 && /badvalue.csv:4: column 2 \('b'\): 'oops' is not a number/.test(e.message),
    );
    await assert.rejects(
      loadCsv(nodeDataHost, LOC, 'table.csv', { ...opts, target: 'nope' }),
      /no column 'nope'.*size, color, weight, label/,
    );
    await assert.rejects(
      loadCsv(nodeDataHost, LOC, 'table.csv', { ...opts, targetKind: 'number' }),
      /table.csv:2: column 4 \('label'\): 'small' is not a number/,
    );
  });

  it('a test table reuses the training encoding (categories and class names)', () => {
    const train = parseCsvTable('c,y\nred,a\nblue,b\n', 't.csv', { target: 'y', features: null, targetKind: null });
    const test = parseCsvTable('c,y\nblue,b\n', 'u.csv', { target: 'y', features: null, targetKind: null, like: train });
    assert.deepEqual([...test.x], [1, 0]);
    assert.deepEqual([...test.y], [1]);
    assert.throws(
      () => parseCsvTable('c,y\ngreen,a\n', 'u.csv', { target: 'y', features: null, targetKind: null, like: train }),
      /u.csv:2: column 1 \('c'\): category 'green' does not occur/,
    );
  });
});
