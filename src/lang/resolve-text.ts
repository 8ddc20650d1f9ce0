// `text(...)` and csv forecasting options -> DataSource, with the checks that need no file: a text
// source is either windows (language modelling) or a column (classification), options that do
// not apply to the chosen form or tokenizer get a warning, and a bpe vocabulary must hold the
// 256 bytes. What needs the file (missing file or column, window longer than the text, a
// vocabulary the text cannot fill) is reported by the loader on the source line.
import type { DataSource, SequenceWindow, TextSource } from '../graph/data-spec';
import type { SourceRange } from '../graph/ir';
import type { DiagnosticSink } from './diagnostics';
import type { InterpretedSetting } from './settings';
import { BPE_BYTES } from './schema/text-source';

export function toTextSource(interpreted: InterpretedSetting, sink: DiagnosticSink): TextSource | null {
  const { args, setting } = interpreted;
  const path = args.string('path');
  if (path === undefined) return null;
  const kind = args.needString('tokenizer') as TextSource['tokenizer']['kind'];
  const window = args.number('window') ?? null,
    column = args.string('column') ?? null;
  const at = (option: string): SourceRange => args.rangeOf(option) ?? setting.range;
  const ignored = (option: string, why: string) => {
    if (args.has(option)) sink.warning(at(option), `${why}; '${option}' is ignored`, 'hint');
  };
  if (window === null && column === null) {
    sink.error(
      setting.range,
      "text(...) needs 'window N' (language-model windows of a text file) or 'column NAME' (a CSV of texts to classify)",
      'missing',
    );
    return null;
  }
  if (window !== null && column !== null) {
    sink.error(at('column'), "text(...) takes 'window' (language modelling) or 'column' (classification), not both", 'bad-value');
    return null;
  }
  if (window !== null) for (const o of ['label', 'length']) ignored(o, `'${o}' belongs to a CSV of texts (column)`);
  else ignored('stride', "'stride' belongs to language-model windows (window)");
  if (kind !== 'word') for (const o of ['lower', 'punct']) ignored(o, `the ${kind} tokenizer keeps every character`);
  if (kind === 'bpe') ignored('min_count', 'bpe never has unknown tokens (bytes)');
  const tokenizer = {
    kind,
    vocab: args.number('vocab') ?? null,
    minCount: args.needNumber('min_count'),
    bos: args.needFlag('bos'),
    eos: args.needFlag('eos'),
    lower: args.needFlag('lower'),
    punct: args.needFlag('punct'),
  };
  const specials = 2 + (tokenizer.bos ? 1 : 0) + (tokenizer.eos ? 1 : 0);
  if (tokenizer.vocab !== null && kind === 'bpe' && tokenizer.vocab < specials + BPE_BYTES)
    sink.error(
      at('vocab'),
      `a bpe vocabulary holds the ${specials} special tokens and the 256 bytes: vocab must be ${specials + BPE_BYTES} or more`,
      'bad-value',
    );
  else if (tokenizer.vocab !== null && tokenizer.vocab <= specials)
    sink.error(at('vocab'), `vocab ${tokenizer.vocab} leaves no room besides the ${specials} special tokens`, 'bad-value');
  const stride = args.number('stride') ?? null;
  if (window !== null && stride !== null && stride > window)
    sink.warning(
      at('stride'),
      `stride ${stride} is longer than the window ${window}: the tokens between windows are never trained on`,
      'hint',
    );
  return {
    kind: 'text',
    path,
    tokenizer,
    window,
    stride,
    column,
    label: args.string('label') ?? null,
    length: column !== null ? args.needNumber('length') : null,
  };
}

/** The csv source's forecasting window, or undefined without `window` (a horizon or stride alone is a warning). */
export function seriesWindow(interpreted: InterpretedSetting, sink: DiagnosticSink): SequenceWindow | undefined {
  const { args } = interpreted;
  const window = args.number('window');
  if (window === undefined) {
    for (const o of ['horizon', 'stride']) {
      const r = args.rangeOf(o);
      if (r) sink.warning(r, `'${o}' applies to forecasting windows (add 'window N'); it is ignored`, 'hint');
    }
    return undefined;
  }
  return { window, horizon: args.needNumber('horizon'), stride: args.needNumber('stride') };
}

/** Per-sample shapes the source gives, when the file need not be read to know them. */
export function sequenceShape(source: DataSource): { input: number[]; targets: number } | null {
  if (source.kind === 'text' && source.window !== null) return { input: [source.window], targets: source.window };
  if (source.kind === 'text' && source.length !== null) return { input: [source.length], targets: 1 };
  if (source.kind === 'csv' && source.sequence) {
    const f = new Set([...(source.features ?? [source.target]), source.target]).size;
    return { input: [source.sequence.window, f], targets: source.sequence.horizon };
  }
  return null;
}
