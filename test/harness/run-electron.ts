// The same integration suite in desktop VS Code (Electron), for contributors whose machine can
// download VS Code: @vscode/test-electron fetches it into .vscode-test/ and runs
// out/test/index.js in its extension host. CI uses run-integration.ts (code-server) instead,
// because these machines cannot download Electron builds.
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './vscode-server';

runTests({
  extensionDevelopmentPath: ROOT,
  extensionTestsPath: join(ROOT, 'out', 'test', 'index.js'),
  launchArgs: [join(ROOT, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
}).then(
  () => process.exit(0),
  (e) => {
    console.error(`integration suite failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  },
);
