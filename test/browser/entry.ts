// The page side of the browser conformance suite (bundled by chromium.ts, run in headless
// Chromium): the same op-case table and whole-step models as test/gpu, on navigator.gpu.
// The test calls window.__cases(from, to) and window.__models() through page.evaluate and
// gets plain results back; the assertions stay on the Node side.

import { CpuBackend } from '../../src/engine/backends/cpu';
import { CONV_VARIANTS, GEMM_VARIANTS, type KernelChoice, type KernelForce, WebGpuBackend } from '../../src/engine/backends/webgpu';
import { caseError } from '../gpu/harness';
import { losses, MODELS, STEPS } from '../gpu/models';
import { FUSED_MODELS } from '../gpu/models-fused';
import { OP_CASES } from '../gpu/op-cases';

export interface CaseResult {
  readonly index: number;
  readonly error: string | null;
}
export interface ModelResult {
  readonly name: string;
  readonly cpu: number[];
  readonly gpu: number[];
  readonly error: string | null;
}

const w = globalThis as unknown as Record<string, unknown>;
let backend: Promise<WebGpuBackend> | null = null;
const gpu = () => (backend ??= WebGpuBackend.create(navigator.gpu));
const message = (e: unknown) => (e instanceof Error ? `${e.message}` : String(e));

w.__adapter = async (): Promise<string> => {
  const a = await navigator.gpu?.requestAdapter();
  if (!a) return 'none';
  return `${a.info.vendor} ${a.info.architecture} ${a.info.description}${a.info.isFallbackAdapter ? ' (fallback adapter)' : ''}`.trim();
};

/** The backend's own kernels (fused attention, long rows) forced on, or chosen as usual. */
const choice = (forced: boolean): KernelChoice => (forced ? { rows: 'on', attention: 'on' } : { rows: 'auto', attention: 'auto' });

/** Cases [from, to) of OP_CASES, each in both layouts; a case that throws is a failing row. */
w.__cases = async (from: number, to: number, forced = false): Promise<CaseResult[]> => {
  const out: CaseResult[] = [];
  for (let i = from; i < Math.min(to, OP_CASES.length); i++) {
    let error: string | null = null;
    try {
      const be = await gpu();
      be.kernels = { ...choice(forced) };
      error = (await caseError(be, OP_CASES[i]!, 'separate')) ?? (await caseError(be, OP_CASES[i]!, 'packed'));
      await be.ready();
    } catch (e) {
      error = `threw: ${message(e)}`;
      backend = null; // a failed device sticks: start the next case on a fresh one
    }
    out.push({ index: i, error });
  }
  return out;
};

/** Per-step losses of every test model on both backends, each on a fresh WebGPU backend. */
w.__models = async (forced = false): Promise<ModelResult[]> => {
  const out: ModelResult[] = [];
  for (const m of forced ? FUSED_MODELS : MODELS) {
    try {
      const be = await WebGpuBackend.create(navigator.gpu);
      be.kernels = { ...choice(forced) };
      const cpu = await losses(new CpuBackend(), m, 3);
      const web = await losses(be, m, 3);
      await be.ready();
      be.dispose();
      out.push({ name: m.name, cpu: cpu.losses, gpu: web.losses.slice(0, STEPS), error: null });
    } catch (e) {
      out.push({ name: m.name, cpu: [], gpu: [], error: message(e) });
    }
  }
  return out;
};

/** Every gemm (conv) case on every gemm (conv) variant forced on (gemm-variants.test.ts;
 *  test/gpu also runs whole-step models on each). Rows: `gemm:variant/case index`. */
w.__gemmVariants = async (): Promise<{ row: string; error: string | null }[]> => {
  const out: { row: string; error: string | null }[] = [];
  const runs: [string, KernelForce, (k: string) => boolean][] = [
    ...GEMM_VARIANTS.map((v): [string, KernelForce, (k: string) => boolean] => [`gemm:${v}`, { gemm: v }, (k) => k === 'gemm']),
    ...CONV_VARIANTS.map((v): [string, KernelForce, (k: string) => boolean] => [`conv:${v}`, { conv: v }, (k) => k.startsWith('conv2d_')]),
  ];
  for (const [tag, force, takes] of runs) {
    const be = await WebGpuBackend.create(navigator.gpu, { force });
    for (let i = 0; i < OP_CASES.length; i++) {
      if (!takes(OP_CASES[i]!.kernel)) continue;
      let error: string | null;
      try {
        error = (await caseError(be, OP_CASES[i]!, 'separate')) ?? (await caseError(be, OP_CASES[i]!, 'packed'));
      } catch (e) {
        error = `threw: ${message(e)}`;
      }
      out.push({ row: `${tag}/${i}`, error });
    }
    be.dispose();
  }
  return out;
};

w.__ready = true;
