// Headless Chromium with WebGPU, for test/browser and bench/webgpu-browser.ts: esbuild bundles an
// entry (platform browser) into memory, a static server on 127.0.0.1 (a free port) serves it
// with a blank page, and playwright-core opens that page in Debian's /usr/bin/chromium.
// `--enable-unsafe-webgpu` is what gives headless Chromium an adapter (SwiftShader here).

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
];

export interface BrowserPage {
  readonly page: Page;
  readonly url: string;
  close(): Promise<void>;
}

/** Why the browser layer cannot run here, or null when it can. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed';
  }
  return null;
}

/** `entry` bundled for the browser (ESM, inline source map): a page, or a worker the page fetches. */
export async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    sourcemap: 'inline',
  });
  return out.outputFiles[0]!.text;
}

/** The webviews' stylesheet, as src/extension/pages/html.ts links it: layout is tested with it. */
const STYLE = join(__dirname, '..', '..', 'media', 'webview.css');

/** `files`: more paths the page may fetch (`/ort.wasm` -> a file on disk), served as they are. */
function serve(js: string, files: Readonly<Record<string, string>> = {}): Promise<Server> {
  const html =
    '<!doctype html><meta charset="utf-8"><title>model-lab</title><link rel="stylesheet" href="/webview.css">' +
    '<script type="module" src="/bundle.js"></script>';
  files = { '/webview.css': STYLE, ...files };
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = req.url ? files[req.url] : undefined;
    if (file) {
      const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(readFileSync(file));
      return;
    }
    const [type, body] = req.url === '/bundle.js' ? ['text/javascript', js] : req.url === '/' ? ['text/html', html] : [null, ''];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  });
  return new Promise((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', () => ok(server)));
}

/** Bundles `entry`, serves it, and opens it in headless Chromium; resolves once `ready` (a
 *  global the entry sets) is defined. Console errors of the page go to stderr. */
export async function openPage(entry: string, ready = '__ready', files?: Readonly<Record<string, string>>): Promise<BrowserPage> {
  const { chromium } = await import('playwright-core');
  const [js, browser] = await Promise.all([
    bundle(entry),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) as Promise<Browser>,
  ]);
  const server = await serve(js, files);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = async () => {
    await browser.close().catch(() => undefined);
    await new Promise((ok) => server.close(ok));
  };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') process.stderr.write(`[page] ${m.text()}\n`);
    });
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    await page.goto(url);
    await page.waitForFunction((name) => (globalThis as Record<string, unknown>)[name] !== undefined, ready, { timeout: 30_000 });
    return { page, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Skips the calling suite loudly when Chromium is missing (a failure on CI, CI=true). */
export function browserOrSkip(suite: Mocha.Context): void {
  const why = browserMissing();
  if (!why) return;
  const banner = `\n${'!'.repeat(78)}\n!! Browser WebGPU tests SKIPPED: ${why}\n${'!'.repeat(78)}`;
  if (process.env.CI === 'true') throw new Error(banner.replace('SKIPPED', 'CANNOT RUN ON CI'));
  console.error(banner);
  suite.skip();
}
