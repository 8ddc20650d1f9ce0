// The architecture diagram draws sequence blocks (headless Chromium): recurrent layers with their
// state loop, units, stacked layers, direction and what they return; attention and transformer
// blocks with heads, mask, weights and norm order; every block with its [T, D] output shape.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildDiagram } from '../../src/diagram/model';
import { analyze } from '../../src/lang';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';

const SRC = `model seq(tokens [32]) {
  embedding 50 16
  positional learned
  repeat 2 {
    transformer heads 4 ff 64 causal
  }
  attention heads 2
  lstm 24 layers 2 bidirectional
  gru 8 return last
  dense 3
}
`;

interface Drawn {
  readonly label: string;
  readonly lines: string[];
  readonly recurrent: boolean;
  readonly loop: boolean;
}

describe('architecture diagram: sequence blocks (headless Chromium)', function () {
  let page: BrowserPage | undefined;
  let nodes: Drawn[] = [];

  before(async function () {
    browserOrSkip(this);
    const m = analyze(SRC).models[0]!;
    assert.ok(m.graph, 'the model builds');
    const d = buildDiagram(m.name, m.inputShape, m.layers);
    page = await openPage(join(__dirname, 'pages', 'diagram-entry.ts'));
    nodes = await page.page.evaluate(
      (diagram) => {
        (globalThis as unknown as { __render(d: unknown): void }).__render(diagram);
        return [...document.querySelectorAll('g.diagram-node.layer')].map((g) => {
          const lines = [...g.querySelectorAll(':scope > text')].map((t) => t.textContent ?? '');
          return {
            label: lines[0] ?? '',
            lines,
            recurrent: g.classList.contains('recurrent'),
            loop: !!g.querySelector('path.diagram-recurrence'),
          };
        });
      },
      JSON.parse(JSON.stringify(d)),
    );
  });
  after(async () => page?.close());

  const node = (label: string): Drawn[] => nodes.filter((n) => n.label === label);

  it('draws a recurrent layer with its loop, units, layers, direction and output', () => {
    const [lstm] = node('lstm 24 layers 2 bidirectional');
    assert.ok(lstm, nodes.map((n) => n.label).join(', '));
    assert.ok(lstm.recurrent && lstm.loop);
    assert.deepEqual(lstm.lines.slice(1, 3), ['[32, 48]', '24 units × 2 layers · bidirectional · sequence']);
    const [gru] = node('gru 8 return last');
    assert.ok(gru?.loop);
    assert.deepEqual(gru.lines.slice(1, 3), ['[8]', '8 units · last state']);
  });

  it('draws attention and transformer blocks with heads, mask, weights and norm order on [T, D]', () => {
    const blocks = node('transformer heads 4 ff 64 causal');
    assert.equal(blocks.length, 2, 'one block per repetition');
    for (const b of blocks) {
      assert.deepEqual(b.lines.slice(1, 3), [
        '[32, 16]',
        '4 heads × 4 · causal · dropout 0.1 · weights [4, 32, 32] → ff 64 relu · post-norm',
      ]);
      assert.ok(!b.recurrent && !b.loop);
    }
    const [attn] = node('attention heads 2');
    assert.deepEqual(attn?.lines.slice(1, 3), ['[32, 16]', '2 heads × 8 · weights [2, 32, 32]']);
  });
});
