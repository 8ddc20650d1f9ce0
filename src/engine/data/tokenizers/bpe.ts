// Byte-level byte-pair encoding, as GPT-2's but small. The text is first cut with GPT-2's
// pattern (contractions, letters, digits, other marks, each with one leading space; runs of
// spaces), each piece becomes its UTF-8 bytes (the 256 base ids, so nothing is ever unknown),
// and merges are learned from the training text: the most frequent adjacent pair becomes a new
// id, ties to the pair with the smaller ids, until `vocab` ids exist (default 512) or no pair
// occurs twice. Encoding applies the merges in the order they were learned, as GPT-2 does.
import { specials, VocabError, type Tokenizer, type TokenizerJson, type TokenizerOptions } from './types';

const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
export const BPE_DEFAULT_VOCAB = 512;
const utf8 = new TextEncoder();
const KEY = 2 ** 20; // ids stay below a million: a pair is one number

/** GPT-2's pieces; they cover the text (every character is a letter, a digit, a space or other). */
export const pieces = (text: string): string[] => text.match(GPT2_PATTERN) ?? [];

export function learnBpe(text: string, o: TokenizerOptions): TokenizerJson {
  const base = specials(o).length;
  const limit = o.vocab ?? BPE_DEFAULT_VOCAB;
  if (limit < base + 256) throw new VocabError(`bpe needs vocab ${base + 256} or more: ${base} special tokens and the 256 bytes`);
  const counts = new Map<string, number>();
  for (const p of pieces(text)) counts.set(p, (counts.get(p) ?? 0) + 1);
  const words = [...counts].map(([p, count]) => ({ ids: Array.from(utf8.encode(p), (b) => b + base), count }));
  const merges: [number, number][] = [];
  while (base + 256 + merges.length < limit) {
    const best = bestPair(words);
    if (!best || best.count < 2) {
      if (o.vocab !== null)
        throw new VocabError(
          `vocab ${o.vocab} but the training text fills only ${base + 256 + merges.length} ids ` +
            `(${merges.length} merges of pairs seen twice or more); lower it or leave it out`,
        );
      break;
    }
    const id = base + 256 + merges.length;
    merges.push([Math.floor(best.pair / KEY), best.pair % KEY]);
    for (const w of words) w.ids = mergeAll(w.ids, best.pair, id);
  }
  return { format: 'model-lab-tokenizer', version: 1, options: o, tokens: tokenTexts(o, merges), merges };
}

function bestPair(words: readonly { ids: number[]; count: number }[]): { pair: number; count: number } | null {
  const pairs = new Map<number, number>();
  for (const w of words)
    for (let i = 0; i + 1 < w.ids.length; i++) {
      const k = w.ids[i]! * KEY + w.ids[i + 1]!;
      pairs.set(k, (pairs.get(k) ?? 0) + w.count);
    }
  let best: { pair: number; count: number } | null = null;
  for (const [pair, count] of pairs) if (!best || count > best.count || (count === best.count && pair < best.pair)) best = { pair, count };
  return best;
}

function mergeAll(ids: number[], pair: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (i + 1 < ids.length && ids[i]! * KEY + ids[i + 1]! === pair) {
      out.push(id);
      i++;
    } else out.push(ids[i]!);
  }
  return out;
}

/** Each id's bytes, from the merges. */
function idBytes(base: number, merges: readonly (readonly [number, number])[]): Uint8Array[] {
  const bytes: Uint8Array[] = Array.from({ length: base }, () => new Uint8Array(0));
  bytes[1] = utf8.encode('\uFFFD');
  for (let b = 0; b < 256; b++) bytes.push(Uint8Array.of(b));
  for (const [a, b] of merges) {
    const x = bytes[a]!,
      y = bytes[b]!,
      m = new Uint8Array(x.length + y.length);
    m.set(x);
    m.set(y, x.length);
    bytes.push(m);
  }
  return bytes;
}

function tokenTexts(o: TokenizerOptions, merges: readonly (readonly [number, number])[]): string[] {
  const names = specials(o);
  return idBytes(names.length, merges).map((b, i) => (i < names.length ? names[i]! : String.fromCharCode(...b)));
}

export function bpeTokenizer(json: TokenizerJson): Tokenizer {
  const o = json.options,
    base = specials(o).length,
    merges = json.merges ?? [];
  const rank = new Map<number, number>();
  merges.forEach(([a, b], i) => rank.set(a * KEY + b, i));
  const bytes = idBytes(base, merges);
  const cache = new Map<string, number[]>();
  const encodePiece = (p: string): number[] => {
    let ids = Array.from(utf8.encode(p), (b) => b + base);
    for (;;) {
      let bestRank = Infinity,
        bestPair = -1;
      for (let i = 0; i + 1 < ids.length; i++) {
        const r = rank.get(ids[i]! * KEY + ids[i + 1]!);
        if (r !== undefined && r < bestRank) [bestRank, bestPair] = [r, ids[i]! * KEY + ids[i + 1]!];
      }
      if (bestPair < 0) return ids;
      ids = mergeAll(ids, bestPair, base + 256 + bestRank);
    }
  };
  const decodeBytes = (list: ArrayLike<number>): Uint8Array => {
    const parts = Array.from(list, (id) => bytes[id] ?? bytes[1]!);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  const text = new TextDecoder('utf-8');
  return {
    options: o,
    size: bytes.length,
    encode: (s) =>
      pieces(s).flatMap((p) => {
        let ids = cache.get(p);
        if (!ids) cache.set(p, (ids = encodePiece(p)));
        return ids;
      }),
    decode: (list) => text.decode(decodeBytes(list)),
    tokenText: (id) => (id < base ? (json.tokens[id] ?? '<unk>') : text.decode(decodeBytes([id]))),
    toJSON: () => json,
  };
}
