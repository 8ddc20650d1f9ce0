// The run report page in headless Chromium, drawn from a fixture message (pages/report-entry.ts):
// the attention map as a heat map (causal: the upper triangle is the background, the strongest
// weight the full colour), the head and example selectors (another example is asked of the host),
// and the list of samples after each epoch.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { type BrowserPage, browserOrSkip, openPage } from './chromium';

type Rgb = [number, number, number];
const T = 4,
  LABEL = 56,
  CELL = 24; // webview/report/attention.ts: cellSize(4), the label margin

describe('run report page: attention maps and samples (headless Chromium)', function () {
  let page: BrowserPage | undefined;

  before(async function () {
    browserOrSkip(this);
    page = await openPage(join(__dirname, 'pages', 'report-entry.ts'));
    await page.page.evaluate(() => (globalThis as unknown as { __show(): void }).__show());
    await page.page.waitForFunction(() => ((globalThis as unknown as { __rendered: unknown[] }).__rendered.length ?? 0) > 0);
  });
  after(async () => page?.close());

  /** The map's cell colours, [q][k], read off the canvas at the cells' centres. */
  const cells = (): Promise<Rgb[][]> =>
    page!.page.evaluate(
      ({ T, LABEL, CELL }) => {
        const c = document.getElementById('attention-map') as HTMLCanvasElement;
        const r = c.width / (LABEL + CELL * T);
        const g = c.getContext('2d')!;
        return Array.from({ length: T }, (_, q) =>
          Array.from({ length: T }, (_, k) => {
            const d = g.getImageData(Math.floor((LABEL + (k + 0.5) * CELL) * r), Math.floor((LABEL + (q + 0.5) * CELL) * r), 1, 1).data;
            return [d[0]!, d[1]!, d[2]!] as Rgb;
          }),
        );
      },
      { T, LABEL, CELL },
    );
  const dist = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

  it('says it drew the attention and samples sections', async () => {
    const r = await page!.page.evaluate(
      () => (globalThis as unknown as { __rendered: { state: string; sections: string[] }[] }).__rendered[0]!,
    );
    assert.equal(r.state, 'shown');
    assert.ok(r.sections.includes('attention-section') && r.sections.includes('samples-section'), r.sections.join(', '));
  });

  it('draws a causal map: an empty upper triangle, stronger weights farther from the background', async () => {
    const m = await cells();
    const bg = m[0]![3]!;
    for (let q = 0; q < T; q++) for (let k = q + 1; k < T; k++) assert.deepEqual(m[q]![k], bg, `cell ${q},${k} is masked`);
    for (let q = 0; q < T; q++) assert.ok(dist(m[q]![0]!, bg) > 10, `row ${q} attends to key 0`);
    // Head 0, example 0: row 0 puts 1 on key 0; row 1 0.5 and 0.5; row 3 0.5 and 1/6 each.
    assert.ok(dist(m[0]![0]!, bg) > dist(m[3]![0]!, bg) && dist(m[3]![0]!, bg) > dist(m[3]![1]!, bg));
    assert.deepEqual(m[1]![0], m[1]![1]);
  });

  it('the head selector redraws: head 2 is the diagonal', async () => {
    await page!.page.selectOption('#attention-head', '1');
    await page!.page.waitForFunction(() => document.querySelector<HTMLElement>('.report-attention')?.dataset.head === '1');
    const m = await cells();
    const bg = m[0]![1]!;
    for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) assert.equal(dist(m[q]![k]!, bg) > 10, q === k, `cell ${q},${k}`);
  });

  it('another example is asked of the host and drawn', async () => {
    await page!.page.selectOption('#attention-head', '0');
    await page!.page.fill('#attention-example', '2');
    await page!.page.dispatchEvent('#attention-example', 'change');
    await page!.page.waitForFunction(() => document.querySelector<HTMLElement>('.report-attention')?.dataset.example === '2');
    assert.deepEqual(await page!.page.evaluate(() => (globalThis as unknown as { __asked: number[] }).__asked), [2]);
    const m = await cells();
    // Example 2: row 1 puts 0.7 on key 0 and 0.3 on key 1.
    assert.ok(dist(m[1]![0]!, m[0]![3]!) > dist(m[1]![1]!, m[0]![3]!));
  });

  it('lists the samples epoch by epoch', async () => {
    const items = await page!.page.$$eval('#samples-list li', (li) =>
      li.map((l) => [l.getAttribute('data-epoch'), l.querySelector('pre')?.textContent]),
    );
    assert.deepEqual(items, [
      ['1', 'In the begi'],
      ['2', 'And God said'],
    ]);
  });
});
