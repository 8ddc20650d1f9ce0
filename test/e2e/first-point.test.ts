// A person clicks ▶ Train on a small sample in a window where nothing has trained yet, then again
// in the same window: the loss curve must appear in the trainer panel itself, drawn before the run
// ends, and the time from the click to the first drawn point is written to the e2e report
// (test-results/e2e/first-point.json, with the host's [timing] lines of where the time went).
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { ROOT } from '../harness/vscode-server';
import { openWorkbench, quickOpen, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

interface Seen {
  /** Ms from the click to the first loss in the panel's numbers, and to the first drawn chart point. */
  readonly lossTextMs: number | null;
  readonly chartMs: number | null;
  /** The run's state when the chart was first seen drawn ("Training" unless it ended first). */
  readonly stateAtChart: string | null;
}

/** What the trainer page shows right now: a loss figure, chromatic pixels in the loss chart's plot
 *  (the curve; axes, grid and labels are grey in every theme; the legend sits below), the run state. */
async function look(trainer: FrameLocator): Promise<{ loss: boolean; drawn: number; visible: boolean; state: string }> {
  return trainer.locator('main#app').evaluate(() => {
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
    return { loss: !!document.querySelector('#run-live [data-metric="loss"]'), drawn, visible, state: document.querySelector('#run-state')?.textContent ?? '' };
  });
}

async function clickTrainAndWatch(page: Page, clickedAt: number): Promise<Seen> {
  const trainer = await webviewFor(page, 'trainer', 60_000);
  let lossTextMs: number | null = null;
  let chartMs: number | null = null;
  let stateAtChart: string | null = null;
  const deadline = clickedAt + 90_000;
  while (Date.now() < deadline && chartMs === null) {
    const now = await look(trainer).catch(() => null);
    if (now?.loss && lossTextMs === null) lossTextMs = Date.now() - clickedAt;
    if (now && now.visible && now.drawn > 0) {
      chartMs = Date.now() - clickedAt;
      stateAtChart = now.state;
    }
    if (now && /Done|stopped|failed|threshold/i.test(now.state) && chartMs === null) break;
    await page.waitForTimeout(40);
  }
  return { lossTextMs, chartMs, stateAtChart };
}

async function waitForEnd(trainer: FrameLocator): Promise<string> {
  const state = trainer.locator('#run-state');
  await state.filter({ hasNotText: /Starting|Training|Loading/ }).waitFor({ timeout: 120_000 });
  return (await state.textContent()) ?? '';
}

describe('e2e: the first loss point, in the trainer panel', function () {
  let workbench: Workbench;
  const report: Record<string, unknown> = {};
  before(async function () {
    workbench = await openWorkbench(this, join(ROOT, 'samples'));
  });
  after(async () => {
    if (workbench) {
      report.timing = workbench.outputLog().split('\n').filter((l) => l.includes('[timing]'));
      writeFileSync(join(SCREENSHOTS, 'first-point.json'), JSON.stringify(report, null, 2));
      console.log(`      first point: ${JSON.stringify(report, null, 2)}`);
    }
    await workbench?.close();
    rmSync(join(ROOT, 'samples', '.modellab'), { recursive: true, force: true });
  });

  for (const window of ['fresh', 'warm'] as const) {
    it(`draws the live loss curve in the trainer panel before the run ends (${window} window)`, async () => {
      const { page } = workbench;
      await quickOpen(page, 'spiral.mlab');
      const lens = page.locator('.codelens-decoration a', { hasText: '▶ Train' }).first();
      await lens.waitFor({ timeout: 30_000 });
      const clickedAt = Date.now();
      await lens.click();
      const seen = await clickTrainAndWatch(page, clickedAt);
      report[window] = seen;
      await page.screenshot({ path: join(SCREENSHOTS, `first-point-${window}.png`) });
      assert.ok(seen.chartMs !== null, `no curve was drawn in the trainer panel (${JSON.stringify(seen)})`);
      assert.equal(seen.stateAtChart, 'Training', 'the curve is drawn while the run trains, not only at its end');
      const end = await waitForEnd(await webviewFor(page, 'trainer'));
      assert.match(end, /Done|early stopped|threshold/);
      await page.screenshot({ path: join(SCREENSHOTS, `first-point-${window}-ended.png`) });
    });
  }
});
