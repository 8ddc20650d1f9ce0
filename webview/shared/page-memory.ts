// What a page can tell of its memory: Chromium's performance.memory (coarse unless the browser was
// started with --enable-precise-memory-info). Where the browser exposes gc() (--js-flags=--expose-gc,
// as the soak test starts it) garbage is collected first, so that the number is what is kept alive.
import type { PageMemory } from '../../src/protocol/wire';

export function pageMemory(): PageMemory {
  (globalThis as { gc?: () => void }).gc?.();
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return { heapBytes: memory ? memory.usedJSHeapSize : null };
}
