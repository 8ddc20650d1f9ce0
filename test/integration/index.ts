// Entry point VS Code's extension host calls with --extensionTestsPath: runs the mocha suite
// inside the real extension host and rejects when any test fails (the launcher turns that into
// the process exit code). Bundled by scripts/build.mjs into out/test/index.js.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // MODEL_LAB_GREP runs only the tests whose title matches (while working on one feature).
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: 'spec',
    ...(process.env.MODEL_LAB_GREP ? { grep: process.env.MODEL_LAB_GREP } : {}),
  });
  // Install describe/it on the global object before the suites are evaluated.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./activation.test');
  await import('./trainer.test');
  await import('./training.test');
  await import('./cpu-host.test');
  await import('./distill.test');
  await import('./language.test');
  await import('./language-edits.test');
  await import('./preview.test');
  await import('./links.test');
  await import('./diagram.test');
  await import('./diagram-stats.test');
  await import('./pages.test');
  await import('./run-report.test');
  await import('./runs.test');
  await import('./export.test');
  await import('./import-run.test');
  await import('./generate.test');
  await import('./onnx-viewer.test');
  await import('./predict.test');
  await import('./compress.test');
  await import('./soak.test');
  await import('./trust.test'); // registers its suite only in an untrusted window
  let ran = 0; // tests that ran: with a grep (or a suite registered only in some windows) fewer than total
  const failures = await new Promise<number>((resolve) => mocha.run(resolve).on('test end', () => ran++));
  console.log(`integration: ${ran - failures} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  if (ran === 0) throw new Error('no integration test ran');
}
