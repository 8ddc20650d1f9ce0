// Drives the real VS Code workbench (code-server) in headless Chromium the way a person would:
// quick open, clicks on CodeLenses, reading webview content. Screenshots go to test-results/e2e.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium, missingParts, ROOT, startVsCodeServer, workbenchUrl, type VsCodeServer } from '../harness/vscode-server';

export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');

export interface Workbench {
  readonly page: Page;
  /** The text of the extension's 'Model Lab' output channel so far (its log file in the profile). */
  outputLog(): string;
  close(): Promise<void>;
}

/**
 * Opens `folder` in VS Code with our extension: from this checkout in development mode, or
 * installed from a .vsix like a user would. Skips (fails on CI) when parts are missing.
 */
export async function openWorkbench(ctx: Mocha.Context, folder: string, installVsix?: string): Promise<Workbench> {
  const missing = missingParts();
  if (missing) {
    const banner = `\n${'!'.repeat(78)}\n!! e2e tests SKIPPED: ${missing}\n${'!'.repeat(78)}`;
    if (process.env.CI === 'true') throw new Error(banner.replace('SKIPPED', 'CANNOT RUN ON CI'));
    console.error(banner);
    ctx.skip();
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const server: VsCodeServer = await startVsCodeServer(folder, { installVsix });
  const browser: Browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(workbenchUrl(server, folder, !installVsix));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The folder is open once the explorer lists it: from then on the workbench takes keys.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return {
    page,
    outputLog: () => readLogs(join(server.scratch, 'user', 'logs'), 'Model Lab.log'),
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

/** Ctrl+P, type the name, Enter: the file opens in an editor. A workbench that has just loaded may
 *  still swallow the first keys (its quick-open service is not up yet), so this tries a few times. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  const tab = page.locator(`.tab[data-resource-name="${fileName}"]`).first();
  for (let attempt = 1; ; attempt++) {
    await page
      .locator('.monaco-workbench .part.editor')
      .first()
      .click({ position: { x: 200, y: 200 } })
      .catch(() => undefined);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    try {
      await input.waitFor({ timeout: 15_000 });
      await input.fill(fileName);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await tab.waitFor({ timeout: 15_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** F1, type the command's title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * The content of our webview whose page is `entry` ('trainer', 'chart'). VS Code nests each
 * webview in two iframes and gives them no stable names, so look for our own marker inside.
 */
export async function webviewFor(page: Page, entry: string, timeoutMs = 30_000): Promise<FrameLocator> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outer = page.locator('iframe.webview.ready');
    for (let i = 0; i < (await outer.count()); i++) {
      const inner = outer.nth(i).contentFrame().frameLocator('#active-frame');
      if ((await inner.locator(`main[data-page="${entry}"]`).count()) > 0) return inner;
    }
    if (Date.now() > deadline) throw new Error(`no '${entry}' webview appeared within ${timeoutMs / 1000} s`);
    await page.waitForTimeout(250);
  }
}

/** Clicks a context-menu item. A click that comes right after the menu opened can be taken for the
 *  end of the right-click and ignored, leaving the menu open (seen when the workbench is idle):
 *  then the item is clicked again, until the menu closes. */
export async function clickMenuItem(page: Page, text: string): Promise<void> {
  const item = page.locator('.context-view .action-label', { hasText: text }).first();
  for (let attempt = 1; ; attempt++) {
    await item.click();
    const closed = await item.waitFor({ state: 'hidden', timeout: 1500 }).then(
      () => true,
      () => false,
    );
    if (closed || attempt === 5) return;
  }
}

/** The pages among `entries` that reported a CSP violation, each with its count and last report (empty: none did). */
export async function cspViolations(page: Page, entries: readonly string[]): Promise<string[]> {
  const bad: string[] = [];
  for (const entry of entries) {
    const root = (await webviewFor(page, entry)).locator('main#app');
    const count = await root.getAttribute('data-csp-violations');
    if (count !== '0')
      bad.push(`${entry} page: ${count} CSP violation(s), the last: ${await root.getAttribute('data-csp-last-violation')}`);
  }
  return bad;
}

/** Every file named `name` under `dir`, concatenated (the workbench writes one per window). */
function readLogs(dir: string, name: string): string {
  const entries = (() => {
    try {
      return readdirSync(dir, { withFileTypes: true, recursive: true });
    } catch {
      return [];
    }
  })();
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(name))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}
