// A person clicks ▶ Train on a small sample in a window where nothing has trained yet, then again
// in the same window: the loss curve must appear in the trainer panel itself, drawn before the run
// ends, and the time from the click to the first drawn point is written to the e2e report
// (test-results/e2e/first-point.json, with the host's [timing] lines of where the time went).
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { ROOT } from '../harness/vscode-server';
import { openWorkbench, quickOpen, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

interface Seen {
  /** Ms from the click to the new run's first point drawn on the panel's chart (as often as this test looks: every ~50 ms). */
  readonly chartMs: number | null;
  /** The run's state when the chart was first seen drawn ("Training" unless it ended first). */
  readonly stateAtChart: string | null;
  /** The data bar as seen while watching: its words and its value (null: indeterminate), each change once. */
  readonly load: { text: string; value: number | null }[];
}

/** What the trainer page shows right now: chromatic pixels in the loss chart's plot
 *  (the curve; axes, grid and labels are grey in every theme; the legend sits below), the run state. */
async function look(trainer: FrameLocator): Promise<{
  drawn: number;
  visible: boolean;
  state: string;
  current: string;
  lossPoints: number;
  load: { text: string; value: number | null } | null;
}> {
  return trainer.locator('main#app').evaluate(() => {
    const box = document.querySelector<HTMLElement>('#chart-box');
    const canvas = document.querySelector<HTMLCanvasElement>('canvas#loss');
    let drawn = 0;
    const visible = !!canvas && document.visibilityState === 'visible' && canvas.checkVisibility() && canvas.width > 0 && canvas.height > 0;
    if (canvas && visible) {
      const h = Math.floor(canvas.height * 0.7);
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, h).data;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) drawn++;
      }
    }
    const bar = document.querySelector<HTMLProgressElement>('#data-load-bar');
    const shown = bar && !document.querySelector<HTMLElement>('#data-load')!.hidden;
    return {
      load: shown
        ? { text: document.querySelector('#data-load-text')?.textContent ?? '', value: bar.hasAttribute('value') ? bar.value : null }
        : null,
      drawn,
      visible,
      state: document.querySelector('#run-state')?.textContent ?? '',
      current: box?.dataset.current ?? '',
      lossPoints: Number(box?.dataset.lossPoints ?? 0),
    };
  });
}

/** Watches from the click until the new run's first point is drawn. A warm panel shows the last
 *  run's curve until the click: `before` is whose it was, read before the click (read after it, a
 *  slow look could already see the new run's id and wait for a change that never comes). */
async function watchFirstPoint(page: Page, clickedAt: number, warm: FrameLocator | null, before: string | null): Promise<Seen> {
  let trainer = warm ?? (await webviewFor(page, 'trainer', 60_000));
  let chartMs: number | null = null;
  let stateAtChart: string | null = null;
  const load: Seen['load'] = [];
  const deadline = clickedAt + 90_000;
  while (Date.now() < deadline && chartMs === null) {
    // webviewFor's locator is by position among the webviews: another one loading (Chat) moves it.
    const now = await look(trainer).catch(async (e: Error) => {
      if (process.env.E2E_DEBUG) console.error(`look: ${e.message.slice(0, 300)}`);
      trainer = await webviewFor(page, 'trainer');
      return null;
    });
    if (process.env.E2E_DEBUG) console.error(JSON.stringify(now));
    if (now?.load && load[load.length - 1]?.text !== now.load.text) load.push(now.load);
    const fresh = now !== null && now.current !== '' && now.current !== before;
    if (now && fresh && now.visible && now.drawn > 0 && now.lossPoints > 0) {
      chartMs = Date.now() - clickedAt;
      stateAtChart = now.state;
    }
    // A warm panel says how the last run ended until the new one starts: only the new run's end counts.
    if (fresh && /Done|stopped|failed|threshold/i.test(now.state) && chartMs === null) break;
    await page.waitForTimeout(40);
  }
  return { chartMs, stateAtChart, load };
}

async function waitForEnd(trainer: FrameLocator): Promise<string> {
  const state = trainer.locator('#run-state');
  await state.filter({ hasNotText: /Starting|Training|Loading/ }).waitFor({ timeout: 120_000 });
  return (await state.textContent()) ?? '';
}

/** samples/spiral.mlab trained long enough to be watched: under `auto` without a hardware adapter it
 *  trains on the host's fast CPU, where the sample's 12 early-stopped epochs take half a second, over
 *  before a panel could be looked at. Same data and model, so its first point comes as the sample's. */
const SPIRAL = 'e2e-watched-spiral.mlab';
const spiralPath = join(ROOT, 'samples', SPIRAL);
const watchedSpiral = () =>
  readFileSync(join(ROOT, 'samples', 'spiral.mlab'), 'utf8')
    .replace('epochs: 60', 'epochs: 400')
    .replace(/\n\s*early_stop:[^\n]*/, '');

/** samples/fashion-mlp.mlab trained in the page: its train block says `device: webgpu` (a host CPU
 *  run, `auto`'s choice without a hardware adapter, gets its set whole; the page's gets it in chunks).
 *  The file, not the workspace setting: a settings.json written mid-session is read when VS Code's
 *  watcher gets to it, and once that was after the click. */
const FASHION = 'e2e-page-fashion.mlab';
const fashionPath = join(ROOT, 'samples', FASHION);
const pageFashion = () =>
  readFileSync(join(ROOT, 'samples', 'fashion-mlp.mlab'), 'utf8').replace(/(\n\s*)epochs: 5/, '$1epochs: 5$1device: webgpu');

describe('e2e: the first loss point, in the trainer panel', function () {
  let workbench: Workbench;
  const report: Record<string, unknown> = {};
  before(async function () {
    writeFileSync(spiralPath, watchedSpiral());
    writeFileSync(fashionPath, pageFashion());
    workbench = await openWorkbench(this, join(ROOT, 'samples'));
  });
  after(async () => {
    if (workbench) {
      report.timing = workbench
        .outputLog()
        .split('\n')
        .filter((l) => l.includes('[timing]'));
      writeFileSync(join(SCREENSHOTS, 'first-point.json'), JSON.stringify(report, null, 2));
      console.log(`      first point: ${JSON.stringify(report, null, 2)}`);
    }
    await workbench?.close();
    rmSync(join(ROOT, 'samples', '.modellab'), { recursive: true, force: true });
    rmSync(spiralPath, { force: true });
    rmSync(fashionPath, { force: true });
  });

  /** Opens `file`, clicks its ▶ Train, and watches the trainer panel until the new run's first point is drawn. */
  async function trainAndWatch(file: string, key: string, warm: boolean): Promise<Seen> {
    const { page } = workbench;
    await quickOpen(page, file);
    const lens = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
    await lens.waitFor({ timeout: 30_000 });
    const panel = warm ? await webviewFor(page, 'trainer') : null;
    const before = panel ? (await look(panel)).current : null;
    const clickedAt = Date.now();
    await lens.click();
    const seen = await watchFirstPoint(page, clickedAt, panel, before);
    report[key] = seen;
    await page.screenshot({ path: join(SCREENSHOTS, `first-point-${key}.png`) });
    assert.ok(seen.chartMs !== null, `no curve of the new run was drawn in the trainer panel (${JSON.stringify(seen)})`);
    return seen;
  }

  it('draws the live loss curve in the trainer panel before the run ends (fresh window, spiral)', async () => {
    const seen = await trainAndWatch(SPIRAL, 'fresh-spiral', false);
    assert.equal(seen.stateAtChart, 'Training', 'the curve is drawn while the run trains, not only at its end');
    assert.match(await waitForEnd(await webviewFor(workbench.page, 'trainer')), /Done|early stopped|threshold/);
    await workbench.page.screenshot({ path: join(SCREENSHOTS, 'first-point-fresh-spiral-ended.png') });
  });

  it("draws the next run's curve in the same panel, without the earlier run (warm window, spiral)", async () => {
    await trainAndWatch(SPIRAL, 'warm-spiral', true);
    const trainer = await webviewFor(workbench.page, 'trainer');
    await waitForEnd(trainer);
    const toggle = trainer.locator('#earlier-runs:not([hidden])');
    await toggle.waitFor({ timeout: 10_000 });
    const current = (await trainer.locator('#chart-box').getAttribute('data-current')) ?? '';
    assert.match(current, /^\S+$/, 'the chart draws one current run');
    // The earlier run, from the keyboard: Tab reaches the toggle, Space turns it on; its lines join the legend.
    const items = trainer.locator('.chart-legend-item');
    const alone = await items.count();
    await toggle.focus();
    await workbench.page.keyboard.press('Space');
    for (let i = 0; i < 40 && (await items.count()) === alone; i++) await workbench.page.waitForTimeout(50);
    assert.equal(await items.count(), alone * 2, "the earlier run's lines are drawn too");
    await workbench.page.screenshot({ path: join(SCREENSHOTS, 'first-point-warm-earlier-runs.png') });
    await workbench.page.keyboard.press('Space'); // back to the current run only
  });

  it("draws Fashion-MNIST's first points while it trains in the page, its set in chunks, and Stop works from the keyboard (warm window)", async () => {
    assert.match(pageFashion(), /device: webgpu/, 'the copy asks for the page');
    const seen = await trainAndWatch(FASHION, 'warm-fashion', true);
    const trainer = await webviewFor(workbench.page, 'trainer');
    assert.equal(seen.stateAtChart, 'Training');
    // Its 54,000 training images arrive in chunks: the bar says what and how far, determinate, and moves.
    assert.ok(
      seen.load.some((l) => /^(Reading|Loading) train-images-idx3-ubyte… \d+ %$/.test(l.text) && l.value !== null),
      `the data bar named the set with a percentage (${JSON.stringify(seen.load)})`,
    );
    // The first point comes with the first chunk: on an idle machine before most of the others
    // arrive. The record of the bar is read once the set is (nearly) all there.
    const arrivedNow = async () =>
      ((await trainer.locator('#data-load').getAttribute('data-arrived')) ?? '').split(' ').filter(Boolean).map(Number);
    for (let i = 0; i < 120 && Math.max(...(await arrivedNow())) < 90; i++) await workbench.page.waitForTimeout(250);
    const arrived = await arrivedNow();
    report['warm-fashion-arrived-percents'] = arrived;
    assert.ok(arrived.filter((p) => p > 0 && p < 100).length >= 3, `the bar moved as the chunks arrived (${arrived.join(' ')})`);
    assert.deepEqual(
      arrived,
      [...arrived].sort((a, b) => a - b),
      'and only forward',
    );
    await trainer.locator('#run-stop').focus();
    await workbench.page.keyboard.press('Enter');
    assert.match(await waitForEnd(trainer), /stopped/);
    await workbench.page.screenshot({ path: join(SCREENSHOTS, 'first-point-warm-fashion-stopped.png') });
  });
});
