// Following an imported run that is still going elsewhere (an exported script training in another
// terminal or on another machine with a shared folder): Import Run copied the folder once; while
// the record has no end line, what the source record appends is copied into the imported one, and
// a file watcher on the imported record feeds each new step and epoch to the charts and refreshes
// the Runs tree. Both watchers poll the file's size (fs.watchFile), which works for any folder,
// mounted or not; they stop at the record's end line or when the window closes. No vscode here.
import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync, unwatchFile, watchFile } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunInfo, RunStatus } from '../../protocol/runs';
import type { MetricBatch } from '../../protocol/wire';
import { epochPoints } from './chart-points';
import { RunInfoTracker } from './run-info';

/** Where the followed run's points go: the Training view's shared chart history. */
export interface ChartSink {
  addMetrics(batch: MetricBatch): void;
  setRunInfo(info: RunInfo): void;
}

const POLL_MS = 250;

/** Bytes of `path` from `at` to its current end (none when it is gone or shorter). */
function readFrom(path: string, at: number): Buffer {
  if (!existsSync(path)) return Buffer.alloc(0);
  const size = statSync(path).size;
  if (size <= at) return Buffer.alloc(0);
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(size - at);
    const n = readSync(fd, out, 0, out.length, at);
    return out.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export class RunFollower {
  private readonly record: string;
  private readonly info: RunInfoTracker;
  private read = 0;
  private partial = '';
  private pulled = 0;
  private ended = false;

  constructor(
    readonly dir: string,
    /** The folder the run was imported from, whose record still grows; null when the imported record itself is written to. */
    private readonly source: string | null,
    private readonly chart: ChartSink,
    private readonly refresh: () => void,
    label: string,
  ) {
    this.record = join(dir, 'record.jsonl');
    this.info = new RunInfoTracker(basename(dir), label);
    this.chart.setRunInfo(this.info.info());
    if (source) {
      this.pulled = statSync(this.record).size; // Import Run copied this much
      watchFile(join(source, 'record.jsonl'), { interval: POLL_MS }, () => this.pull());
    }
    watchFile(this.record, { interval: POLL_MS }, () => this.take());
    this.take();
  }

  get runId(): string {
    return this.info.runId;
  }

  get done(): boolean {
    return this.ended;
  }

  /** Copies what the source record appended into the imported one. */
  private pull(): void {
    const more = readFrom(join(this.source!, 'record.jsonl'), this.pulled);
    if (more.length === 0) return;
    appendFileSync(this.record, more);
    this.pulled += more.length;
  }

  /** Reads the imported record's new whole lines into the charts. */
  private take(): void {
    const more = readFrom(this.record, this.read);
    if (more.length === 0) return;
    this.read += more.length;
    const lines = (this.partial + more.toString('utf8')).split('\n');
    this.partial = lines.pop()!;
    const points: MetricBatch['points'] = [];
    let infoChanged = false;
    for (const line of lines) {
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue; // a line being written: the reader of the whole record says what is wrong with it
      }
      if (v.type === 'step' && typeof v.step === 'number' && typeof v.loss === 'number')
        points.push({ step: v.step, name: 'loss', value: v.loss });
      else if (v.type === 'epoch' && typeof v.step === 'number') {
        const e = { step: v.step, lr: Number(v.lr), metrics: (v.metrics ?? {}) as Record<string, number> };
        points.push(...epochPoints(e).filter((p) => typeof p.value === 'number'));
        infoChanged = this.info.epoch(Number(v.epoch), v.step, e.lr) || infoChanged;
      } else if (v.type === 'end') {
        this.info.ended(v.status as RunStatus, Number(v.bestEpoch) || undefined, Number(v.steps) || undefined, String(v.message ?? ''));
        this.ended = infoChanged = true;
      }
    }
    if (points.length) this.chart.addMetrics({ runId: this.runId, points });
    if (infoChanged) this.chart.setRunInfo(this.info.info());
    if (lines.length) this.refresh();
    if (this.ended) this.dispose();
  }

  dispose(): void {
    unwatchFile(this.record);
    if (this.source) unwatchFile(join(this.source, 'record.jsonl'));
  }
}
