// The device line of a page, in describeCompute's words: where the run is, why, and the adapter
// that was not used, smaller and after. The trainer panel and the Training view both show it.
import { describeCompute } from '../../src/protocol/compute-info';
import type { ComputeInfo } from '../../src/protocol/wire';

export function renderCompute(parts: { text: HTMLElement; why: HTMLElement; unused: HTMLElement }, info: ComputeInfo): void {
  const w = describeCompute(info);
  parts.text.textContent = w.text;
  parts.why.textContent = `— ${w.why}`;
  parts.unused.textContent = w.unused ?? '';
  parts.unused.hidden = !w.unused;
}
