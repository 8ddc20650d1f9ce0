// `tsx bench/webgpu-node.ts [--quick] [--gemm-only] [--no-torch] [--gemm=VARIANT] [--conv=VARIANT] [--models=mlp,cnn,lstm,gpt] [--sizes=1024,4096]`:
// our WebGPU backend through Dawn in Node (whatever Vulkan driver node-device.ts finds: lavapipe
// here, a real GPU where there is one). Prints, in one run: samples/s of the image models and
// tokens/s of the language models, beside PyTorch CUDA eager on the same machine as a ratio
// (torch_cuda_peer.py; "not measured: ..." where torch has no CUDA device), and the gemm's
// GFLOP/s as a fraction of the adapter's FP32 peak (gpu-peaks.ts; "peak unknown" otherwise) with
// the gemm variant the backend chose (variants.ts; `--gemm=tiled64` / `--conv=tiled64` force one everywhere). On a software adapter only ratios against a
// peer in the same run mean anything (webgpu-browser.ts has tfjs-webgpu beside us on one adapter).

import { CONV_VARIANTS, type ConvVariant, GEMM_VARIANTS, type GemmVariant, WebGpuBackend } from '../src/engine/backends/webgpu';
import { requestNodeDevice } from '../src/engine/backends/webgpu/node-device';
import { ofPeak, peakOf } from './gpu-peaks';
import { type TorchCuda, torchCuda } from './torch-cuda';
import { BENCH_MODELS, gemmRate, table, trainRate, unitOf } from './webgpu-core';

const quick = process.argv.includes('--quick');
const models = (process.argv.find((a) => a.startsWith('--models='))?.slice(9) ?? BENCH_MODELS.map((m) => m.key).join(',')).split(',');
const forced = process.argv.find((a) => a.startsWith('--gemm='))?.slice(7) as GemmVariant | undefined;
if (forced && !GEMM_VARIANTS.includes(forced)) throw new Error(`--gemm= takes one of ${GEMM_VARIANTS.join(', ')}`);
const conv = process.argv.find((a) => a.startsWith('--conv='))?.slice(7) as ConvVariant | undefined;
if (conv && !CONV_VARIANTS.includes(conv)) throw new Error(`--conv= takes one of ${CONV_VARIANTS.join(', ')}`);
const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.slice(8) ?? '1024,4096').split(',').map(Number);

function peerCells(peer: TorchCuda, key: string, ours: number): [string, string] {
  if (!peer.cuda) return ['not measured', `no CUDA (${peer.reason})`];
  const r = peer.rates.get(key);
  if (typeof r !== 'number') return [r ?? 'not run', ''];
  return [r.toFixed(0), `${(ours / r).toFixed(2)}x`];
}

async function main(): Promise<void> {
  const got = await requestNodeDevice();
  if ('error' in got) throw new Error(got.error);
  const { info } = got;
  console.log(
    `Dawn adapter: ${info.vendor} ${info.architecture} ${info.description} (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'})`,
  );
  const gpu = new WebGpuBackend(got.device, false, { force: { ...(forced && { gemm: forced }), ...(conv && { conv }) } });
  const train = process.argv.includes('--gemm-only') ? [] : BENCH_MODELS.filter((b) => models.includes(b.key));
  const seconds = quick ? 1 : 4;
  const rows: string[][] = [];
  for (const m of train) {
    process.stderr.write(`train ${m.key} ...\n`);
    rows.push([m.name, (await trainRate(gpu, m, seconds)).toFixed(0), unitOf(m)]);
  }
  if (train.length > 0) {
    process.stderr.write('torch cuda ...\n');
    const peer: TorchCuda = process.argv.includes('--no-torch')
      ? { cuda: false, reason: '--no-torch' }
      : torchCuda(
          train.map((m) => m.key),
          seconds,
        );
    if (peer.cuda) console.log(`PyTorch ${peer.version} CUDA eager on ${peer.device}`);
    train.forEach((m, i) => rows[i]!.push(...peerCells(peer, m.key, Number(rows[i]![1]))));
  }
  const peak = peakOf(info);
  for (const n of sizes) {
    process.stderr.write(`gemm ${n} ...\n`);
    const r = await gemmRate(gpu, n, quick ? 1 : 3);
    rows.push([`gemm ${n}x${n}x${n} (${gemmLabel(gpu, n)})`, r.toFixed(1), 'GFLOP/s', '', ofPeak(r, peak)]);
  }
  await gpu.ready();
  console.log(table(['model-lab webgpu (Dawn, Node)', 'value', 'unit', 'torch cuda eager', 'ours / torch'], rows));
  gpu.dispose();
}

/** The gemm variant the backend picks for an n^3 product on this device. */
function gemmLabel(gpu: WebGpuBackend, n: number): string {
  const ref = (buffer: number) => ({ buffer, offset: 0, size: n * n });
  const label = gpu.kernelFor({ kernel: 'gemm', args: [ref(0), ref(1), ref(2)], p: { m: n, n, k: n } })?.label ?? '?';
  return label === 'gemm' ? 'reg4x4' : label.slice(5, -1);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
