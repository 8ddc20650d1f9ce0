// The compression report page in headless Chromium, drawn from a fixture message
// (pages/compress-entry.ts): one row per variant with the CLI's cells, the differences from the
// original, a variant's record asked of the host, Refresh, the progress bar and the error page;
// a float row's Quantize (int8) asked of the host, its progress and its refusal above the table.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';

type G = {
  __rendered: { state: string; rows: number }[];
  __opened: string[];
  __refreshed: number;
  __quantized: string[];
  __status(s: { run: string; state: 'running' | 'done' | 'failed' | 'cancelled'; message: string }): void;
};

describe('compression report page (headless Chromium)', function () {
  let page: BrowserPage | undefined;

  before(async function () {
    browserOrSkip(this);
    page = await openPage(join(__dirname, 'pages', 'compress-entry.ts'));
  });
  after(async () => page?.close());

  const show = async () => {
    await page!.page.evaluate(() => (globalThis as unknown as { __show(): void }).__show());
    await page!.page.waitForFunction(() => document.getElementById('app')?.dataset.state === 'shown');
  };
  const table = () =>
    page!.page.evaluate(() =>
      [...document.querySelectorAll('.compress-table tbody tr')].map((tr) => ({
        kind: (tr as HTMLElement).dataset.kind,
        cells: [...tr.children].map((c) => c.textContent ?? ''),
      })),
    );

  it("draws one row per variant with the CLI table's cells and says so", async () => {
    await show();
    const rows = await table();
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['original', 'int8', 'pruned'],
    );
    assert.deepEqual(rows[0]!.cells, [
      'train mlp on fashion',
      '2140000',
      '535818/535818',
      '88.12%',
      '4.25 ms',
      '—',
      '—',
      '—',
      'Quantize (int8)',
    ]);
    assert.deepEqual(rows[1]!.cells.slice(1), ['540000', '535818/535818', '87.95%', '2.10 ms', '×0.252', '-0.17 pts', '×0.49', '']);
    assert.equal(rows[2]!.cells[8], 'Quantize (int8)', 'a pruned run is a float row too');
    assert.deepEqual(rows[2]!.cells.slice(2, 4), ['267909/535818', 'n/a']);
    assert.equal(rows[2]!.cells[6], 'n/a');
    const r = await page!.page.evaluate(() => (globalThis as unknown as G).__rendered.at(-1));
    assert.deepEqual(r, { state: 'shown', rows: 3, error: null });
  });

  it("a variant's name asks the host for its record; Refresh asks for the table again", async () => {
    await show();
    await page!.page.click('.compress-table tbody tr:nth-child(2) a');
    await page!.page.click('#refresh');
    await page!.page.waitForFunction(() => (globalThis as unknown as G).__refreshed === 1);
    assert.deepEqual(await page!.page.evaluate(() => (globalThis as unknown as G).__opened), ['/runs/mlp-1']);
  });

  it("a float row's Quantize (int8) asks the host for its run; the status stands above the table, kept across a redraw", async () => {
    await show();
    const p = page!.page;
    await p.click('.compress-table tbody tr:nth-child(3) .compress-quantize');
    await p.waitForFunction(() => (globalThis as unknown as G).__quantized.length === 1);
    assert.deepEqual(await p.evaluate(() => (globalThis as unknown as G).__quantized), ['/runs/mlp-2']);
    const disabled = () => p.evaluate(() => [...document.querySelectorAll<HTMLButtonElement>('.compress-quantize')].map((b) => b.disabled));
    assert.deepEqual(await disabled(), [true, true], 'one quantization at a time');
    await p.evaluate(() => (globalThis as unknown as G).__status({ run: '/runs/mlp-2', state: 'running', message: 'Quantizing mlp' }));
    await p.waitForSelector('#quantize-status[data-state="running"] progress');
    await p.evaluate(() =>
      (globalThis as unknown as G).__status({ run: '/runs/mlp-2', state: 'failed', message: "int8 does not cover 'lm'" }),
    );
    await p.waitForSelector('#quantize-status[data-state="failed"] .preview-error');
    assert.match((await p.textContent('#quantize-status')) ?? '', /int8 does not cover 'lm'/);
    assert.deepEqual(await disabled(), [false, false], 'the buttons are back after a refusal');
    assert.equal((await table()).length, 3, 'the table stays');
    await show();
    assert.match((await p.textContent('#quantize-status')) ?? '', /int8 does not cover 'lm'/, 'kept when the rows come again');
    await p.click('.compress-table tbody tr:nth-child(1) .compress-quantize');
    assert.deepEqual(await disabled(), [true, true]);
    await p.evaluate(() => (globalThis as unknown as G).__status({ run: '/runs/mlp-1', state: 'cancelled', message: 'No calibration' }));
    await p.waitForSelector('#quantize-status[data-state="cancelled"]');
    assert.deepEqual(await disabled(), [false, false], 'the buttons are back when no calibration was picked');
  });

  it('in a narrow panel the numbers scroll inside the table; the variant names and Quantize stay in view', async () => {
    const p = page!.page;
    const before = p.viewportSize();
    await p.setViewportSize({ width: 420, height: 600 });
    try {
      await show();
      // No named functions inside evaluate: tsx's __name helper does not exist in the page.
      const seen = await p.evaluate(() => {
        const box = document.querySelector<HTMLElement>('.compress-scroll')!;
        const first = document.querySelector('.compress-table tbody tr')!;
        const [name, quantize] = [first.firstElementChild!, first.querySelector('.compress-quantize')!].map((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
        });
        return {
          pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
          tableScrolls: box.scrollWidth > box.clientWidth,
          name,
          quantize,
        };
      });
      assert.deepEqual(seen, { pageScrolls: false, tableScrolls: true, name: true, quantize: true });
      // Scrolled to the far end, the names are still there.
      const after = await p.evaluate(() => {
        const box = document.querySelector<HTMLElement>('.compress-scroll')!;
        box.scrollLeft = box.scrollWidth;
        const r = document.querySelector('.compress-table tbody tr > th')!.getBoundingClientRect();
        return r.left >= 0 && r.right <= window.innerWidth;
      });
      assert.ok(after, 'the variant column stays when the numbers are scrolled');
    } finally {
      if (before) await p.setViewportSize(before);
    }
  });

  it('shows the progress while loading, then the error message', async () => {
    await page!.page.evaluate(() => (globalThis as unknown as { __loading(): void }).__loading());
    await page!.page.waitForFunction(() => document.getElementById('app')?.dataset.state === 'loading');
    assert.equal(await page!.page.evaluate(() => document.querySelector('progress')?.value), 0.5);
    await page!.page.evaluate(() => (globalThis as unknown as { __fail(): void }).__fail());
    await page!.page.waitForFunction(() => document.getElementById('app')?.dataset.state === 'failed');
    assert.match((await page!.page.textContent('#app > .preview-error')) ?? '', /no finished run with weights/);
    assert.equal(await page!.page.$('.compress-table'), null);
  });
});
