// Shared bits of the data tests: the fixture folder as a location, and a DataSpec builder.
import { join, resolve } from 'node:path';
import type { DataSource, DataSpec } from '../../../src/graph/data-spec';
import type { DataLocation } from '../../../src/engine/data/host';

export const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'data');
/** Paths resolve from the fixture folder; the workspace is the repository's test/ folder. */
export const LOC: DataLocation = { base: FIXTURES, workspace: resolve(FIXTURES, '..', '..') };
export const fixture = (name: string): string => join(FIXTURES, name);

export function spec(source: DataSource, more: Partial<DataSpec> = {}): DataSpec {
  return {
    name: 'd',
    range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 },
    source,
    testSource: null,
    scale: null,
    normalize: null,
    split: { val: 0, test: 0 },
    shuffle: 'off',
    augment: [],
    ...more,
  };
}
