// Content hashes for run records (data set, model graph). Not cryptographic: 64 bits of two
// FNV-1a-style streams, enough to tell whether two runs saw the same data and architecture, and
// available in the browser and in Node alike.

export function hashBytes(...chunks: Uint8Array[]): string {
  let h1 = 0x811c9dc5, h2 = 0x5bd1e995;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) {
      h1 = Math.imul(h1 ^ bytes[i]!, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ bytes[i]!, 0x5bd1e995) >>> 0;
      h2 = (h2 ^ (h2 >>> 15)) >>> 0;
    }
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export function hashFloats(...arrays: Float32Array[]): string {
  return hashBytes(...arrays.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
}

export function hashString(s: string): string {
  return hashBytes(new TextEncoder().encode(s));
}
