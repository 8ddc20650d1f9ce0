// `tsx bench/webgpu-browser.ts [--quick] [--sizes=1024,4096]`: our WebGPU backend against
// TensorFlow.js's WebGPU backend in one headless Chromium page (webgpu-page.ts), same adapter
// (SwiftShader without a GPU: only the ratio means anything there). Prints a table; asserts
// nothing. Training: samples/s of the bench models (batch 64, Adam, softmax cross-entropy), tokens/s
// of the language models (batch 32, T 64, per-token cross-entropy);
// matmul: GFLOP/s of C = A B, square.

import { join } from 'node:path';
import { browserMissing, openPage } from '../test/browser/chromium';
import { BENCH_MODELS, table, unitOf } from './webgpu-core';

const quick = process.argv.includes('--quick');
const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice(8);
const models = (process.argv.find((a) => a.startsWith('--models='))?.slice(9) ?? 'mlp,cnn,lstm,gpt').split(',').filter(Boolean);
const sizes = (sizesArg ?? (quick ? '512,1024' : '1024,4096')).split(',').filter(Boolean).map(Number); // --sizes= (empty): no GEMM rows

type Page = {
  __info(): Promise<{ adapter: string; tfjs: string }>;
  __measure(what: string, who: string, seconds: number): Promise<number>;
};

async function main(): Promise<void> {
  const missing = browserMissing();
  if (missing) throw new Error(`cannot run the browser bench: ${missing}`);
  const page = await openPage(join(__dirname, 'webgpu-page.ts'));
  try {
    page.page.setDefaultTimeout(0);
    const info = await page.page.evaluate(() => (globalThis as unknown as Page).__info());
    const seconds = quick ? 1 : 4;
    const rows: string[][] = [];
    const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3));
    for (const what of [...models, ...sizes.map(String)]) {
      const m = BENCH_MODELS.find((b) => b.key === what);
      const r: number[] = [];
      for (const who of ['ours', 'tfjs']) {
        const t0 = Date.now();
        r.push(
          await page.page.evaluate(([w, h, s]) => (globalThis as unknown as Page).__measure(w as string, h as string, s as number), [
            what,
            who,
            seconds,
          ] as const),
        );
        process.stderr.write(`${who} ${what}: ${fmt(r[r.length - 1]!)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      }
      rows.push([
        m ? m.name : `matmul ${what}x${what}x${what}`,
        m ? unitOf(m) : 'GFLOP/s',
        fmt(r[0]!),
        fmt(r[1]!),
        `${(r[0]! / r[1]!).toFixed(2)}x`,
      ]);
    }
    console.log(`\nheadless Chromium WebGPU, adapter: ${info.adapter}; tfjs ${info.tfjs}`);
    console.log(table(['measurement', 'unit', 'model-lab webgpu', 'tfjs webgpu', 'ratio'], rows));
  } finally {
    await page.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
