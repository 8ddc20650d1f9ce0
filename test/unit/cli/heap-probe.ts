// Runs `model-lab train` in this process (node --expose-gc) and samples the heap after a full GC
// every 250 ms; prints the samples as JSON for memory.test.ts. The trainer yields to the event
// loop every few ms (for signals), so the sampling timer runs during training.
import { trainCommand } from '../../../src/cli/train';

const [file, out] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !file || !out) throw new Error('usage: node --expose-gc --import tsx heap-probe.ts FILE OUT');
/** Heap after GC, sampled while training; `after`: once the run has returned (what it held is freed by then). */
const samples: { t: number; heap: number }[] = [];
const t0 = Date.now();
const measure = () => {
  gc();
  return { t: Date.now() - t0, heap: process.memoryUsage().heapUsed };
};
const sample = () => void samples.push(measure());
const timer = setInterval(sample, 250);
void Promise.resolve(
  trainCommand.run([file, '--out', out, '--device', 'cpu', '--quiet'], { out: () => {}, err: (l) => process.stderr.write(`${l}\n`) }),
).then((code: number) => {
  clearInterval(timer);
  process.stdout.write(JSON.stringify({ code, samples, after: measure() }) + '\n');
});
