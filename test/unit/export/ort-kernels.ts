// Run as a child process by the QDQ tests: the kernels onnxruntime-web (wasm) runs a model with
// after its graph optimizations, one op type a line, read from its profile (which it prints on
// stdout, so it can only be read from outside the process). Usage: ort-kernels.ts MODEL DIM...
import { readFileSync } from 'node:fs';
import { nodeOrt } from '../../../src/export/onnx/ort-node';

async function main(): Promise<void> {
  const [file, ...dims] = process.argv.slice(2);
  const ort = nodeOrt();
  const session = await ort.InferenceSession.create(readFileSync(file!), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    enableProfiling: true,
  });
  const shape = dims.map(Number);
  const x = new Float32Array(shape.reduce((a, d) => a * d, 1));
  await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', x, shape) });
  session.endProfiling();
  await session.release();
}

void main();
