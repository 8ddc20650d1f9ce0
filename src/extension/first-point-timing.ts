// Where the time from ▶ Train to the first loss point on the chart goes. The host marks with
// Date.now(), the trainer page with performance.timeOrigin + performance.now() (the same epoch
// clock), and the host logs one line per click: each mark in ms after the click. Pure: no vscode.

export interface TimingMark {
  readonly name: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

export class FirstPointTiming {
  private readonly marks: TimingMark[] = [];
  private done = false;

  constructor(
    /** What the line is about: "xor.mlab · net (warm page)". */
    readonly label: string,
    readonly clickedAt = Date.now(),
  ) {}

  /** Keeps the first mark of each name: a second run of a sweep does not move the first point. */
  mark(name: string, at = Date.now()): void {
    if (this.done || this.marks.some((m) => m.name === name)) return;
    this.marks.push({ name, at });
  }

  add(marks: readonly TimingMark[]): void {
    for (const m of marks) this.mark(m.name, m.at);
  }

  /** Ms from the click to a mark, or undefined when it has not happened. */
  since(name: string): number | undefined {
    const m = this.marks.find((x) => x.name === name);
    return m ? Math.round(m.at - this.clickedAt) : undefined;
  }

  /** The log line, marks in time order; `finish` freezes the timing (later marks are ignored). */
  finish(): string {
    this.done = true;
    const parts = [...this.marks].sort((a, b) => a.at - b.at).map((m) => `${m.name} ${Math.round(m.at - this.clickedAt)}`);
    return `[timing] ${this.label}: ms after the click: ${parts.join(' · ')}`;
  }

  get finished(): boolean {
    return this.done;
  }
}
