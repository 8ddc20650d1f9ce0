// Bundles everything with esbuild:
//   dist/extension.js        extension host (node, cjs, `vscode` external)
//   dist/cli.js              the headless `model-lab` command (node, cjs)
//   dist/cpu-worker.js       the extension host's CPU trainer, a worker_threads Worker (node, cjs)
//   dist/webview/*.js        one browser bundle per webview entry in webview/*/main.ts (esm)
//   out/test/index.js        the integration suite, loaded by VS Code's extension host
//   dist/wasm/*.wasm         the WebAssembly SIMD kernels of the fast CPU backend (build-wasm.mjs)
// Flags: --watch (rebuild on change), --production (minified, no source maps).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildWasm } from './build-wasm.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = new URL('..', import.meta.url).pathname;

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  absWorkingDir: root,
  target: 'es2022',
};

// webview/NAME/main.ts -> dist/webview/NAME.js; webview/NAME/worker.ts -> dist/webview/NAME-worker.js
const webviewEntries = readdirSync(join(root, 'webview'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    [
      { file: 'main.ts', out: d.name },
      { file: 'worker.ts', out: `${d.name}-worker` },
    ]
      .filter((e) => existsSync(join(root, 'webview', d.name, e.file)))
      .map((e) => ({ in: `webview/${d.name}/${e.file}`, out: e.out })),
  );

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'webgpu'],
  },
  {
    ...common,
    entryPoints: ['src/extension/runs/cpu-worker.ts'],
    outfile: 'dist/cpu-worker.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
  },
];
if (existsSync(join(root, 'src/cli/main.ts'))) {
  builds.push({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    external: ['webgpu'], // native Dawn binding, loaded only for --device webgpu|auto
    banner: { js: '#!/usr/bin/env node' },
  });
}
if (!production) {
  builds.push({
    ...common,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/test/index.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
  });
}

// A release build starts from an empty dist/ so that no source map or stale bundle ships.
if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });
await buildWasm({ force: production });

// onnxruntime-web's wasm backend for the Node side (export's check, in the CLI and the extension
// host): the one .wasm/.mjs pair it loads, beside the bundles (src/export/onnx/ort-node.ts).
const ortDist = join(root, 'node_modules', 'onnxruntime-web', 'dist');
mkdirSync(join(root, 'dist', 'ort'), { recursive: true });
for (const f of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']) copyFileSync(join(ortDist, f), join(root, 'dist', 'ort', f));

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
