// Scratch space for CPU kernels (packed matrices, im2col columns). Arrays grow during the first
// step and are reused afterwards, so a steady-state step allocates nothing.

export class Workspace {
  private readonly slots: Float32Array[] = [];
  constructor(private readonly make: (n: number) => Float32Array = (n) => new Float32Array(n)) {}

  /** An array of at least `size` elements for scratch slot `slot` (contents undefined). */
  get(slot: number, size: number): Float32Array {
    const cur = this.slots[slot];
    if (cur && cur.length >= size) return cur;
    const next = this.make(Math.max(size, cur ? cur.length * 2 : 0));
    this.slots[slot] = next;
    return next;
  }
}
