// `npm start`: try Model Lab without installing VS Code. Builds the extension, copies samples/
// into a temporary folder (the repository's samples are never written), starts the headless
// VS Code the tests use (code-server from .vscode-test/, see test/harness/vscode-server.ts) with
// Model Lab loaded from this checkout as a development extension, and prints the address to
// open in a browser. Ctrl-C stops the server and removes the temporary folders.
// Flags: --no-build (use dist/ as it is).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = new URL('..', import.meta.url).pathname;
// The harness is TypeScript and CommonJS (its ROOT comes from __dirname): load it as such.
const { missingParts, startVsCodeServer, workbenchUrl } = tsxRequire('../test/harness/vscode-server.ts', import.meta.url);

const missing = missingParts();
if (missing) {
  console.error(`Model Lab: cannot start the headless VS Code: ${missing}.`);
  process.exit(1);
}
if (!process.argv.includes('--no-build'))
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });

const folder = mkdtempSync(join(tmpdir(), 'model-lab-try-'));
// Runs trained in the checkout's samples stay behind: the copy starts clean.
cpSync(join(root, 'samples'), folder, { recursive: true, filter: (src) => !src.includes(`${join(root, 'samples')}/.modellab`) });

let server;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nModel Lab: stopping VS Code…');
  await server?.stop().catch(() => undefined);
  rmSync(folder, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  server = await startVsCodeServer(folder);
} catch (e) {
  console.error(`Model Lab: VS Code did not start: ${e instanceof Error ? e.message : e}`);
  await stop(1);
}
console.log(`Model Lab is running in VS Code, with a copy of the samples in ${folder}.`);
console.log(`Open this address in a browser (Ctrl-C stops it):\n\n  ${workbenchUrl(server, folder)}\n`);
