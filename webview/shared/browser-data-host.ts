// The DataHost of a webview: files over fetch (webview URIs), gzip through DecompressionStream,
// PNG / JPEG through createImageBitmap and an OffscreenCanvas. Lets a page load data itself with
// the engine's loaders (the extension host otherwise sends packed splits).
import type { DataHost, DecodedImage } from '../../src/engine/data/host';

export function browserDataHost(list: (path: string) => Promise<{ name: string; isDir: boolean }[]>): DataHost {
  return {
    async readFile(path) {
      const r = await fetch(path);
      if (!r.ok) throw Object.assign(new Error(`${r.status} ${r.statusText}`), { code: r.status === 404 ? 'ENOENT' : undefined });
      return new Uint8Array(await r.arrayBuffer());
    },
    listDir: list, // a page cannot list folders: the host answers
    async gunzip(bytes) {
      const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    },
    async decodeImage(bytes): Promise<DecodedImage> {
      const bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d canvas to decode images');
      g.drawImage(bitmap, 0, 0);
      const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
      bitmap.close();
      return { width: canvas.width, height: canvas.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    },
  };
}
