// `tsx bench/webgpu-node.ts [--quick] [--models=mlp,cnn,lstm,gpt] [--sizes=1024,4096]`: our WebGPU
// backend through Dawn in Node (whatever Vulkan driver node-device.ts finds: lavapipe here, a
// real GPU where there is one). Prints samples/s of the image models, tokens/s of the language
// models and gemm GFLOP/s; on a software adapter only ratios against a peer in the same run mean
// anything (webgpu-browser.ts has tfjs-webgpu beside us on one adapter).

import { WebGpuBackend } from '../src/engine/backends/webgpu';
import { requestNodeDevice } from '../src/engine/backends/webgpu/node-device';
import { BENCH_MODELS, gemmRate, table, trainRate, unitOf } from './webgpu-core';

const quick = process.argv.includes('--quick');
const models = (process.argv.find((a) => a.startsWith('--models='))?.slice(9) ?? BENCH_MODELS.map((m) => m.key).join(',')).split(',');
const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1024,4096').split(',').map(Number);

async function main(): Promise<void> {
  const got = await requestNodeDevice();
  if ('error' in got) throw new Error(got.error);
  const { info } = got;
  console.log(
    `Dawn adapter: ${info.vendor} ${info.architecture} ${info.description} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})`,
  );
  const gpu = new WebGpuBackend(got.device);
  const rows: string[][] = [];
  for (const m of process.argv.includes('--gemm-only') ? [] : BENCH_MODELS.filter((b) => models.includes(b.key))) {
    process.stderr.write(`train ${m.key} ...\n`);
    rows.push([m.name, (await trainRate(gpu, m, quick ? 1 : 4)).toFixed(0), unitOf(m)]);
  }
  for (const n of sizes) {
    process.stderr.write(`gemm ${n} ...\n`);
    rows.push([`gemm ${n}x${n}x${n}`, (await gemmRate(gpu, n, quick ? 1 : 3)).toFixed(1), 'GFLOP/s']);
  }
  await gpu.ready();
  console.log(table(['model-lab webgpu (Dawn, Node)', 'value', 'unit'], rows));
  gpu.dispose();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
