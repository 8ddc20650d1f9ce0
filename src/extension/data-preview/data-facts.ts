// What reading a data block taught the editor, for hover: the vocabulary of a text source (its
// size is known only once the file was read). Filled where the host already reads the data (the
// data diagnostics on open and save, the preview); never read from disk here.
import type { LoadedData } from '../../engine/data/load';

export interface DataFacts {
  readonly vocab: { readonly kind: string; readonly size: number; readonly top: readonly string[] } | null;
  readonly examples: number;
}

const facts = new Map<string, DataFacts>();
const key = (uri: string, data: string) => `${uri}\n${data}`;

export function rememberData(uri: string, data: string, loaded: LoadedData): void {
  const v = loaded.stats.vocab;
  facts.set(key(uri, data), {
    vocab: v ? { kind: v.kind, size: v.size, top: v.top.slice(0, 8).map((t) => t.token) } : null,
    examples: loaded.stats.sizes.train,
  });
}

export function forgetDocument(uri: string): void {
  for (const k of [...facts.keys()]) if (k.startsWith(`${uri}\n`)) facts.delete(k);
}

export const dataFacts = (uri: string, data: string): DataFacts | undefined => facts.get(key(uri, data));

/** The hover line for a data block's source, or '' when nothing was read yet. */
export function factsMarkdown(f: DataFacts | undefined): string {
  if (!f?.vocab) return '';
  const top = f.vocab.top.map((t) => `\`${JSON.stringify(t).slice(1, -1)}\``).join(' ');
  return `\n\n---\n\nAs read: **${f.vocab.size} token ids** (${f.vocab.kind} tokenizer), ${f.examples} training examples; most frequent: ${top}`;
}
