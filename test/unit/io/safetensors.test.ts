// safetensors read defensively: each way a header can be wrong is a SafetensorsError naming the
// tensor, never a TypeError, and a fuzzed file (truncated, bits flipped) is an error or a valid result.
import * as assert from 'node:assert/strict';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../../src/engine/io/safetensors';
import { Rng } from '../../../src/engine/rng';

const tensors = new Map([
  ['a.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
  ['a.bias', { shape: [3], data: Float32Array.from([-1, 0.5, 7]) }],
]);
const valid = encodeSafetensors(tensors, { format: 'pt' });

/** A file with this header (any JSON) and `data` bytes of data. */
function file(header: unknown, data = 36): Uint8Array {
  const head = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + data);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  return out;
}
const entry = (more: object) => ({ 'a.bias': { dtype: 'F32', shape: [3], data_offsets: [0, 12], ...more } });
const refuses = (bytes: Uint8Array, message: RegExp) =>
  assert.throws(
    () => decodeSafetensors(bytes),
    (e: Error) => e instanceof SafetensorsError && message.test(e.message),
  );

describe('safetensors: reading trusts nothing', () => {
  it('reads back what it writes, with the metadata', () => {
    const back = decodeSafetensors(valid);
    assert.deepEqual([...back.tensors.keys()].sort(), ['a.bias', 'a.weight']);
    assert.deepEqual([...back.tensors.get('a.weight')!.data], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(back.tensors.get('a.weight')!.shape, [2, 3]);
    assert.deepEqual(back.metadata, { format: 'pt' });
  });

  it('the header length: inside the file and sane', () => {
    refuses(new Uint8Array(5), /too short to be safetensors \(5 bytes\)/);
    const big = file({}, 0);
    new DataView(big.buffer).setBigUint64(0, 1n << 62n, true);
    refuses(big, /header length \(4611686018427387904 bytes\) runs past the end of the file/);
    refuses(file('{"a": ', 0), /not valid JSON/);
    refuses(file('', 0), /header length \(0 bytes\) is not that of a safetensors header/);
    refuses(file('[1,2]', 0), /not a JSON object of tensors/);
    refuses(file('null', 0), /not a JSON object of tensors/);
  });

  it('each entry: dtype known, shape and offsets whole numbers, inside the data, the right size', () => {
    refuses(file({ 'a.bias': null }), /tensor 'a.bias': its entry is not an object/);
    refuses(file(entry({ dtype: 'F33' })), /tensor 'a.bias': unknown dtype "F33"/);
    refuses(file(entry({ dtype: 'toString' })), /tensor 'a.bias': unknown dtype "toString"/);
    refuses(file(entry({ dtype: 'F16', data_offsets: [0, 6] })), /tensor 'a.bias': is F16; only F32 is supported/);
    refuses(file(entry({ shape: [-3] })), /tensor 'a.bias': shape \[-3\] is not a list of whole numbers/);
    refuses(file(entry({ shape: [1.5, 2] })), /tensor 'a.bias': shape \[1.5,2\]/);
    refuses(file(entry({ shape: 'big' })), /tensor 'a.bias': shape "big"/);
    refuses(file(entry({ data_offsets: [-8, 4] })), /tensor 'a.bias': data_offsets \[-8,4\] is not \[begin, end\]/);
    refuses(file(entry({ data_offsets: [0] })), /data_offsets \[0\]/);
    refuses(file(entry({ data_offsets: [12, 0] })), /data_offsets \[12, 0\] end before they begin/);
    refuses(file(entry({ data_offsets: [32, 44] })), /data_offsets \[32, 44\] run past the data section \(36 bytes\)/);
    refuses(file(entry({ data_offsets: [0, 16] })), /shape \[3\] needs 12 bytes of F32, data_offsets give 16/);
  });

  it('no two tensors share bytes; __metadata__ holds strings only', () => {
    const two = { ...entry({}), 'b.bias': { dtype: 'F32', shape: [3], data_offsets: [8, 20] } };
    refuses(file(two), /tensors 'a.bias' and 'b.bias' overlap \(bytes 0-12 and 8-20\)/);
    refuses(file({ ...entry({}), __metadata__: { epochs: 3 } }), /__metadata__ 'epochs' is not a string/);
    refuses(file({ ...entry({}), __metadata__: [] }), /__metadata__ is not an object of strings/);
  });

  it('fuzzed: every truncation and a thousand bit flips give an error with a message or a valid result', () => {
    const check = (bytes: Uint8Array, what: string) => {
      let out;
      try {
        out = decodeSafetensors(bytes);
      } catch (e) {
        assert.ok(
          e instanceof SafetensorsError && e.message.length > 10,
          `${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
        );
        return 'error';
      }
      for (const [name, t] of out.tensors)
        assert.equal(
          t.data.length,
          t.shape.reduce((a, b) => a * b, 1),
          `${what}: ${name}`,
        );
      return 'valid';
    };
    const seen = { error: 0, valid: 0 };
    for (let n = 0; n < valid.length; n++) seen[check(valid.subarray(0, n), `cut at ${n}`)]++;
    const rng = new Rng(12);
    for (let i = 0; i < 1000; i++) {
      const b = valid.slice();
      const bit = Math.floor(rng.uniform() * b.length * 8);
      b[bit >> 3]! ^= 1 << (bit & 7);
      seen[check(b, `bit ${bit} flipped`)]++;
    }
    assert.ok(seen.error > valid.length && seen.valid > 100, JSON.stringify(seen)); // flips in the data stay valid
  });
});
