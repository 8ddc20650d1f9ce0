// Runs the integration suite (out/test/index.js, built from test/integration) inside a real
// VS Code extension host: code-server serves the workbench, headless Chromium opens it with the
// extensionTestsPath payload, and the workbench reports the suite's end through codeAutomationExit.
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium, missingParts, ROOT, type ServerOptions, skipOrFail, startVsCodeServer, workbenchUrl } from './vscode-server';

/** The title of the suite that runs in the untrusted window (test/integration/trust.test.ts). */
const RESTRICTED_SUITE = 'Restricted Mode';

const TIMEOUT_MS = 5 * 60_000;
/** Chatter of built-in workbench features that says nothing about our extension. */
const WORKBENCH_NOISE = /^\[(AgentHost|ChatModelSelection)\]/;

async function main(): Promise<number> {
  const missing = missingParts();
  if (missing) {
    skipOrFail('integration', missing);
    return 0;
  }
  const folder = join(ROOT, 'test', 'fixtures', 'workspace');
  const trusted = await runSuite(folder, {});
  if (process.env.MODEL_LAB_GREP) return trusted;
  // A second window with workspace trust on: the folder opens in Restricted Mode, and only the
  // suite registered there (test/integration/trust.test.ts) runs.
  console.log('integration: the Restricted Mode suite, in an untrusted window');
  const restricted = await runSuite(folder, { trusted: false, env: { MODEL_LAB_GREP: RESTRICTED_SUITE } });
  return Math.max(trusted, restricted);
}

async function runSuite(folder: string, options: ServerOptions): Promise<number> {
  const server = await startVsCodeServer(folder, options);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...args);
      if (!WORKBENCH_NOISE.test(line)) (type === 'error' ? console.error : console.log)(line);
    });
    page.on('pageerror', (e) => console.error(`[workbench] ${e.message}`));
    await page.goto(workbenchUrl(server, folder, true, join(ROOT, 'out', 'test', 'index.js')));
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => {
        console.error(`integration suite did not finish within ${TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, TIMEOUT_MS),
    );
    return await Promise.race([exitCode, timeout]);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
