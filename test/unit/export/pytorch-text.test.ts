// The exported script's tokenizers (py-text.ts) against the engine's: learned from the same
// training part of each bundled text, they must give the same vocabulary size and the same ids for
// the whole text (the validation part holds tokens the training part lacks: <unk> is exercised).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenizerSpec } from '../../../src/graph/data-spec';
import { learnTokenizer } from '../../../src/engine/data/tokenizers/tokenizer';
import { cutText } from '../../../src/engine/data/windows';
import { planOf, python, SAMPLES, writeScript } from './pytorch-helpers';

const TEXTS = join(SAMPLES, 'data/text');
const base: TokenizerSpec = { kind: 'char', vocab: null, minCount: 1, bos: false, eos: false, lower: true, punct: true };
const OPTIONS: TokenizerSpec[] = [
  base,
  { ...base, minCount: 3, bos: true, eos: true },
  { ...base, kind: 'word' },
  { ...base, kind: 'word', lower: false, punct: false, vocab: 100 },
  { ...base, kind: 'bpe' },
  { ...base, kind: 'bpe', vocab: 300, eos: true },
];

// Reads the cases, tokenizes with the script's own functions (imported, main not run), prints the ids.
const DRIVER = String.raw`
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("exported", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
out = []
for case in json.load(open(sys.argv[2])):
    text = m.read_text(case["path"])
    a, b = m.cut_rows(len(text), 0.1, 0)[0]
    tok = m.Tokenizer("".join(list(text)[a:b]), case["options"])
    out.append({"size": tok.size, "ids": tok.encode_marked(text)})
json.dump(out, open(sys.argv[3], "w"))
`;

describe("PyTorch export: the script's tokenizers give the engine's ids", function () {
  this.timeout(300_000);

  it(`every bundled text (samples/data/text), ${OPTIONS.length} tokenizer settings each`, async () => {
    const { dir, script } = writeScript(planOf('char-gpt.mlab'));
    const files = readdirSync(TEXTS).filter((f) => /\.(txt|csv|md)$/.test(f));
    assert.ok(files.length >= 3, `bundled texts: ${files.join(', ')}`);
    const cases = files.flatMap((f) => OPTIONS.map((options) => ({ path: join(TEXTS, f), options })));
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    writeFileSync(join(dir, 'driver.py'), DRIVER);
    await python([join(dir, 'driver.py'), script, join(dir, 'cases.json'), join(dir, 'ids.json')], dir, 280_000);
    const got = JSON.parse(readFileSync(join(dir, 'ids.json'), 'utf8')) as { size: number; ids: number[] }[];
    assert.equal(got.length, cases.length);
    cases.forEach((c, i) => {
      const text = readFileSync(c.path, 'utf8').replace(/^\uFEFF/, '');
      const tok = learnTokenizer(cutText(text, 0.1, 0).train, c.options);
      const o = c.options;
      const ids = [...(o.bos ? [2] : []), ...tok.encode(text), ...(o.eos ? [o.bos ? 3 : 2] : [])];
      const what = `${c.path.split('/').pop()} ${JSON.stringify(o)}`;
      assert.equal(got[i]!.size, tok.size, `${what}: vocabulary size`);
      assert.equal(got[i]!.ids.length, ids.length, `${what}: token count`);
      const at = ids.findIndex((id, j) => id !== got[i]!.ids[j]);
      assert.equal(at, -1, `${what}: first different id at token ${at}: engine ${ids[at]}, script ${got[i]!.ids[at]}`);
    });
    // The cases reach the unknown-token path (the validation part's unseen or rare tokens).
    assert.ok(
      got.some((g) => g.ids.includes(1)),
      'no case produced <unk>',
    );
  });
});
