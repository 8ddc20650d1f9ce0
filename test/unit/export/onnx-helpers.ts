// Shared by the ONNX tests: random weights for a graph (batchnorm statistics that matter), and
// ONNX's own checker (Debian's python3-onnx) on a file. A missing checker fails the test: the
// setup installs it, and a skipped check must not count as a pass.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Graph } from '../../../src/graph/ir';
import { Rng } from '../../../src/engine/rng';
import type { NamedTensors } from '../../../src/engine/train/types';
import { analyze } from '../../../src/lang/analyze';

export function randomWeights(graph: Graph, seed = 1): NamedTensors {
  const rng = new Rng(seed);
  const out = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const n of graph.nodes) {
    if (n.op.kind !== 'param') continue;
    const size = n.shape.reduce((a, d) => a * d, 1);
    // Running variances stay positive; everything else is uniform in [-0.5, 0.5).
    const positive = n.op.name.endsWith('running_var');
    out.set(n.op.name, { shape: n.shape, data: new Float32Array(size).map(() => (positive ? 0.5 + rng.uniform() : rng.uniform() - 0.5)) });
  }
  return out;
}

export function graphOf(text: string, model?: string): Graph {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.range.startLine + 1}: ${d.message}`).join('\n'));
  const m = model ? a.models.find((x) => x.name === model) : a.models[0];
  if (!m?.graph) throw new Error(`no graph for ${model ?? 'the first model'}`);
  return m.graph;
}

const CHECK = [
  'import sys, onnx',
  'm = onnx.load(sys.argv[1])',
  'onnx.checker.check_model(m, full_check=True)',
  'print("opset", m.opset_import[0].version, "ir", m.ir_version)',
].join('\n');

/** Runs onnx.checker.check_model (with shape inference) on `path`; returns what it printed, throws its error. */
export function onnxChecker(path: string): string {
  let lastError = '';
  // The pyenv shim (if any) may lack Debian's modules: the system interpreter has them.
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', CHECK, path], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.trim();
    lastError = `${python}: ${r.error?.message ?? r.stderr.trim()}`;
    if (!/No module named 'onnx'|ENOENT/.test(lastError)) break;
  }
  throw new Error(`the ONNX checker refused ${path}:\n${lastError}`);
}

/** The op types onnxruntime-web runs `path` with, in order (test/unit/export/ort-kernels.ts). */
export function ortKernels(path: string, dims: readonly number[]): string[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'ort-kernels.ts'), path, ...dims.map(String)], {
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..', '..'), // where tsx resolves
  });
  if (r.status !== 0) throw new Error(`ort-kernels failed: ${r.stderr}`);
  const events = r.stdout.split('\n').filter((l) => l.includes('_kernel_time'));
  return events.map((l) => /"op_name" : "(\w+)"/.exec(l)?.[1] ?? '?');
}
