// Shared bits of the data tests: the fixture folder as a location, and a DataSpec builder.
import { join, resolve } from 'node:path';
import type { DataSource, DataSpec } from '../../../src/graph/data-spec';
import type { DataHost, DataLocation } from '../../../src/engine/data/host';

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

/** Files in memory, under /w (the workspace). */
export function memoryHost(files: Record<string, string>): DataHost {
  return {
    readFile: async (p) => {
      const text = files[p.replace(/^\/w\//, '')];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return new TextEncoder().encode(text);
    },
    listDir: async () => [],
    gunzip: async (b) => b,
    decodeImage: async () => {
      throw new Error('no images');
    },
  };
}
export const at = (files: Record<string, string>) => ({ host: memoryHost(files), location: { base: '/w', workspace: '/w' } });
