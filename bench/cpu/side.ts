// `tsx bench/cpu/side.ts REQUEST_JSON`: one side of the CPU bench in a process of its own (so a
// thread count is set once, and tfjs's polyfills, which slow typed-array code in the whole process
// by about a quarter, never touch Model Lab's timings). Prints one JSON line: SideReply.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { MODEL_LAB_BACKENDS } from './backends';
import { CASES, unitsPerStep, type CaseKey, type Timing } from './spec';
import { modelLabStep, tfjsStep, type Stepper } from './steps';
import { measure } from './timing';

export interface SideRequest {
  readonly side: string; // a MODEL_LAB_BACKENDS id, 'tfjs-wasm' or 'tfjs-cpu'
  readonly threads: number;
  readonly cases: readonly CaseKey[];
  readonly timing: Timing;
}

export interface CaseRate {
  readonly key: CaseKey;
  /** In the case's unit (samples/s, tokens/s, or steps/s for XOR): median of `windows`. */
  readonly rate: number;
  readonly windows: number[];
  readonly steps: number;
  readonly slow: boolean;
}

/** A case this side cannot run (tfjs-wasm has no convolution filter gradient): why. */
export interface CaseFailed {
  readonly key: CaseKey;
  readonly error: string;
}

export interface SideReply {
  readonly version: string;
  readonly threads: number;
  readonly notes: string[];
  readonly results: (CaseRate | CaseFailed)[];
}

async function tfjs(kind: 'wasm' | 'cpu', notes: string[]): Promise<{ tf: typeof TF; version: string }> {
  const tf = await import('@tensorflow/tfjs');
  if (kind === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm binaries from the npm package itself, not a CDN.
    const req = createRequire(__filename);
    wasm.setWasmPaths(`${dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs-backend-wasm did not initialise');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    notes.push(`SIMD ${simd ? 'on' : 'off'}; ${wasm.getThreadsCount()} thread (tfjs-wasm has no threads in Node: tfjs issue 3830)`);
  } else await tf.setBackend('cpu');
  return { tf, version: tf.version.tfjs };
}

async function main(req: SideRequest): Promise<SideReply> {
  const notes: string[] = [];
  const cases = CASES.filter((c) => req.cases.includes(c.key));
  let make: (c: (typeof CASES)[number]) => Promise<Stepper>;
  let version = process.version;
  let threads = req.threads;
  if (req.side === 'tfjs-wasm' || req.side === 'tfjs-cpu') {
    const { tf, version: v } = await tfjs(req.side === 'tfjs-wasm' ? 'wasm' : 'cpu', notes);
    version = `tfjs ${v}`;
    threads = 1;
    make = async (c) => tfjsStep(tf, c);
  } else {
    const be = MODEL_LAB_BACKENDS.find((b) => b.id === req.side);
    if (!be) throw new Error(`no Model Lab backend '${req.side}'`);
    make = async (c) => modelLabStep(c, await be.create(req.threads));
  }
  const results: SideReply['results'] = [];
  for (const c of cases) {
    process.stderr.write(`  ${req.side} ${threads}t: ${c.key} ...\n`);
    try {
      const s = await make(c);
      const m = await measure(s.step, req.timing, s.flush);
      s.dispose();
      const per = unitsPerStep(c);
      results.push({ key: c.key, rate: m.rate * per, windows: m.windows.map((w) => w * per), steps: m.steps, slow: m.slow });
    } catch (e) {
      results.push({ key: c.key, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { version, threads, notes, results };
}

main(JSON.parse(process.argv[2] ?? '{}') as SideRequest).then(
  (reply) => {
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
