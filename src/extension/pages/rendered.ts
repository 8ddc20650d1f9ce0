// What a page said it drew for the payload last sent, and a wait for it: the run report, the
// compression report and the ONNX viewer (one per file) resolve their commands with it.
// Pure (no vscode import).

export class Rendered<T> {
  private value: T | null = null;
  private readonly waiters: Array<() => void> = [];

  /** What the page drew for the payload last sent; null until it says. */
  get current(): T | null {
    return this.value;
  }

  /** A new payload is on its way: what was drawn before no longer counts. */
  reset(): void {
    this.value = null;
  }

  /** The page said what it drew: wakes every wait. */
  set(value: T): void {
    this.value = value;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with what the page drew for the payload last sent, or null if it says nothing within `ms`. */
  drawn(ms = 30_000): Promise<T | null> {
    if (this.value) return Promise.resolve(this.value);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(this.value);
      });
    });
  }
}
