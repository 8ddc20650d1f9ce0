// Every theme: the trainer panel, the chart view and the diagram follow light, dark and high
// contrast themes, switched the way a person does (Preferences: Color Theme). Each page's body
// colours must be the theme's own editor colours, read from the workbench outside the webview,
// and must differ from theme to theme. Screenshots: test-results/e2e/theme-*.png.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { ROOT } from '../harness/vscode-server';
import { openWorkbench, quickOpen, runCommand, SCREENSHOTS, type Workbench, webviewFor } from './workbench';

// `name`: the workbench.colorTheme value; `label`: the theme picker's name for it; `kind`: the
// class the workbench takes.
const THEMES = [
  { name: 'Default Light Modern', label: 'Light Modern', dark: false, kind: 'vs' },
  { name: 'Default Dark Modern', label: 'Dark Modern', dark: true, kind: 'vs-dark' },
  { name: 'Default High Contrast', label: 'Dark High Contrast', dark: true, kind: 'hc-black' },
] as const;

type Colours = { background: string; foreground: string };

/** A page's body colours as the browser computed them. */
const pageColours = (frame: FrameLocator): Promise<Colours> =>
  frame.locator('body').evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, foreground: getComputedStyle(b).color }));

/** The workbench's own editor colours for the current theme (what the pages should follow). */
const editorColours = (page: Page): Promise<Colours> =>
  page.locator('.monaco-workbench').evaluate((w) => {
    const probe = document.createElement('div');
    probe.style.background = 'var(--vscode-editor-background)';
    probe.style.color = 'var(--vscode-foreground)';
    w.append(probe);
    const s = getComputedStyle(probe);
    const out = { background: s.backgroundColor, foreground: s.color };
    probe.remove();
    return out;
  });

const luminance = (rgb: string): number => {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).map(Number);
  return (0.2126 * r! + 0.7152 * g! + 0.0722 * b!) / 255;
};

/** Preferences: Color Theme, the theme's name, Enter: what sets workbench.colorTheme to `name`. */
async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Preferences: Color Theme');
  // Click the command itself: "Browse Color Themes in Marketplace" may rank above it.
  await page
    .locator('.quick-input-list .monaco-list-row .label-name', { hasText: /^Preferences: Color Theme$/ })
    .first()
    .click({ timeout: 15_000 });
  await page.locator('.quick-input-widget input[placeholder*="Color Theme"]').waitFor({ timeout: 15_000 });
  await input.fill(theme.label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: theme.label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  // The workbench's root element carries the theme's kind as a class once the theme is applied.
  await page.waitForFunction((k) => document.querySelector('.monaco-workbench')?.classList.contains(k), theme.kind, { timeout: 30_000 });
}

describe('e2e: every theme', function () {
  let workbench: Workbench;
  let folder: string;
  const seen: Record<string, Colours[]> = { trainer: [], chart: [], diagram: [] };

  before(async function () {
    folder = mkdtempSync(join(tmpdir(), 'model-lab-themes-'));
    copyFileSync(join(ROOT, 'samples', 'xor.mlab'), join(folder, 'xor.mlab'));
    workbench = await openWorkbench(this, folder);
    const { page } = workbench;
    await quickOpen(page, 'xor.mlab');
    const lens = (text: string) => page.locator('.codelens-decoration a', { hasText: text }).first();
    await lens('▶ Train').waitFor({ timeout: 30_000 });
    await lens('▶ Train').click();
    await page.locator('.codelens-decoration', { hasText: '✓' }).first().waitFor({ timeout: 120_000 });
    await lens('Architecture').click();
    await webviewFor(page, 'diagram');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench)
      await workbench.page.screenshot({
        path: join(SCREENSHOTS, `theme-FAILED-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}.png`),
      });
  });
  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  for (const theme of THEMES) {
    it(`${theme.name}: the trainer, chart and diagram pages take the theme's colours`, async () => {
      const { page } = workbench;
      await setTheme(page, theme);
      const expected = await editorColours(page);
      assert.equal(
        luminance(expected.background) < 0.5,
        theme.dark,
        `${theme.name} is ${theme.dark ? 'dark' : 'light'}: ${expected.background}`,
      );
      const slug = theme.name.toLowerCase().replace(/\W+/g, '-');
      for (const [entry, tab] of [
        ['trainer', 'Train · net'],
        ['diagram', 'Architecture · net'],
      ] as const) {
        await page.locator('.tab', { hasText: tab }).first().click();
        const frame = await webviewFor(page, entry);
        // A webview takes the new theme's variables a moment after the workbench. Both colours are
        // waited for: two light themes share a white background, so the background alone can
        // match while the page still has the last theme's text colour.
        await frame.locator('body').evaluate(async (b, want) => {
          for (let i = 0; i < 100; i++) {
            const style = getComputedStyle(b);
            if (style.backgroundColor === want.background && style.color === want.foreground) break;
            await new Promise((r) => setTimeout(r, 100));
          }
        }, expected);
        await page.screenshot({ path: join(SCREENSHOTS, `theme-${slug}-${entry}.png`) });
        const got = await pageColours(frame);
        assert.deepEqual(got, expected, `${entry} page in ${theme.name}`);
        seen[entry]!.push(got);
      }
      await runCommand(page, 'Model Lab: Focus on Training View');
      const chart = await webviewFor(page, 'chart');
      const colours = await pageColours(chart);
      assert.equal(colours.foreground, expected.foreground, `chart view's text in ${theme.name}`);
      seen.chart!.push(colours);
    });
  }

  it('gave each page three different looks, one per theme', () => {
    for (const [entry, colours] of Object.entries(seen)) {
      assert.equal(colours.length, THEMES.length, `${entry} was seen in every theme`);
      assert.equal(new Set(colours.map((c) => c.background)).size, THEMES.length, `${entry} backgrounds: ${JSON.stringify(colours)}`);
      assert.equal(new Set(colours.map((c) => c.foreground)).size, THEMES.length, `${entry} foregrounds: ${JSON.stringify(colours)}`);
    }
  });
});
