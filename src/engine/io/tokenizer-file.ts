// A run's tokenizer read back (Node only), so a trained text model can be used again: Generate
// encodes a prompt and decodes samples with exactly the ids the run trained on. tokenizer.json
// beside the record first; a record whose folder lost it still has it in its start line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenizerFromJson, type Tokenizer } from '../data/tokenizers/tokenizer';
import { readRunRecord, RecordError } from './read-record';
import { TOKENIZER_FILE } from './record-file';
import { TokenizerShape } from './run-record';

/** The tokenizer of the run in `runDir`; a RecordError when the run has none (not a text run). */
export function loadTokenizer(runDir: string): Tokenizer {
  const file = join(runDir, TOKENIZER_FILE);
  if (existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new RecordError(`${file}: not a JSON tokenizer (${e instanceof Error ? e.message : String(e)})`);
    }
    const checked = TokenizerShape.safeParse(parsed);
    if (!checked.success) throw new RecordError(`${file}: not a Model Lab tokenizer (${checked.error.issues[0]?.message ?? 'bad shape'})`);
    return tokenizerFromJson(checked.data);
  }
  const start = readRunRecord(runDir).start;
  if (!start.tokenizer) throw new RecordError(`${runDir}: this run has no tokenizer (its data is not text)`);
  return tokenizerFromJson(start.tokenizer);
}
