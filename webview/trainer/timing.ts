// The trainer page's timing marks (see src/extension/first-point-timing.ts): epoch ms from the
// page's own clock, sent to the host in a batch when something worth a line happened.
export interface Mark {
  readonly name: string;
  readonly at: number;
}

const marks: Mark[] = [{ name: 'page navigation', at: performance.timeOrigin }];

export const now = (): number => performance.timeOrigin + performance.now();

export function mark(name: string): void {
  marks.push({ name, at: now() });
}

/** The marks since the last take. */
export function takeMarks(): Mark[] {
  return marks.splice(0);
}
