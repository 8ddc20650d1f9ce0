// The DataHost for Node (CLI, extension host, tests): fs, zlib, and pure-JS PNG / JPEG decoders.
// One of the two engine files allowed to use Node APIs (with io/record-file.ts).

import { existsSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { gunzip } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DataHost, DataLocation, DecodedImage } from './host';

export const nodeDataHost: DataHost = {
  async readFile(path) {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  async listDir(path) {
    // A link counts as what it points to (a dangling one as a file), so a linked class folder is
    // listed; the loaders still check where each link really points (resolveInside).
    const isDir = async (e: { name: string; isDirectory(): boolean; isSymbolicLink(): boolean }) =>
      e.isSymbolicLink() ? ((await stat(join(path, e.name)).catch(() => null))?.isDirectory() ?? false) : e.isDirectory();
    return Promise.all(
      (await readdir(path, { withFileTypes: true })).map(async (e) => ({
        name: e.name,
        isDir: await isDir(e),
        isLink: e.isSymbolicLink(),
      })),
    );
  },
  realPath: (path) => realpath(path),
  gunzip: (bytes) =>
    new Promise((ok, fail) => gunzip(bytes, (e, out) => (e ? fail(e) : ok(new Uint8Array(out.buffer, out.byteOffset, out.byteLength))))),
  async decodeImage(bytes, name): Promise<DecodedImage> {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, rgba: img.data };
    }
    throw new Error(`${name}: neither PNG nor JPEG`);
  },
};

/** The CLI's workspace: the nearest folder above the experiment holding .git or package.json, else the experiment's folder. */
export function findWorkspace(experimentFile: string): string {
  const start = dirname(resolve(experimentFile));
  for (let d = start; ; d = dirname(d)) {
    if (existsSync(join(d, '.git')) || existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) return start;
  }
}

export function locationOf(experimentFile: string, workspace = findWorkspace(experimentFile)): DataLocation {
  return { base: dirname(resolve(experimentFile)), workspace: resolve(workspace) };
}
