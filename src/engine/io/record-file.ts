// The run record on disk (Node only): record.jsonl, one JSON object per line, appended as the run
// goes and flushed every few steps, so a killed process leaves every complete line readable.
// Beside it: tokenizer.json (text sources), init.safetensors (initial weights), weights.safetensors (trained), loss.svg, and as
// the run goes checkpoint.safetensors and best.safetensors (checkpoint.ts), every one written
// atomically (atomic.ts). The start line names the writing process (pid, host) so a reader can
// tell a live run from a killed one. A resumed run appends to the same record after a `resumed`
// line. The lines' shapes are the run record's schema (run-record.ts); read-record.ts reads them.

import { appendFileSync, closeSync, existsSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CheckpointSink } from '../train/checkpoint';
import { tokenizerFromJson } from '../data/tokenizers/tokenizer';
import type { EpochRecord, RunEnd, RunObserver, RunStart, SampleRecord, StepRecord } from '../train/types';
import { RunFileError, writeFileAtomic } from './atomic';
import { writeBest, writeCheckpoint } from './checkpoint';
import type { MarkRecord, RunStatus, StartExtras } from './run-record';
import { encodeSafetensors } from './safetensors';
import { lossCurveSvg, type CurvePoint } from './svg';
import { Thinning } from './thinning';

export const RECORD_VERSION = 1;
/** A text run's tokenizer beside its record (tokenizer-file.ts reads it back). */
export const TOKENIZER_FILE = 'tokenizer.json';

/** The folder name of a run under .modellab/runs: the model and a sortable UTC time stamp. */
export function runDirName(model: string, at = new Date()): string {
  return `${model}-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

/** A sample's ids as text: decoded by the run's tokenizer, or the ids themselves for a run without one. */
export function sampleText(ids: readonly number[], extra: Pick<StartExtras, 'tokenizer'>): string {
  return extra.tokenizer ? tokenizerFromJson(extra.tokenizer).decode(ids) : ids.join(' ');
}

export class RunRecordWriter implements RunObserver {
  readonly recordPath: string;
  private lines: string[] = [];
  private lastFlush = Date.now();
  /** The loss curve for loss.svg, thinned: a drawing needs a few thousand points, not every step. */
  private readonly steps: CurvePoint[] = [];
  private readonly stepThinning = new Thinning(4000);
  private readonly val: CurvePoint[] = [];
  private readonly valThinning = new Thinning(4000);
  private model = '';
  private lastSvg = 0;

  /** `resume`: continue the record already in `dir` (a line cut by a kill is dropped first). */
  constructor(
    readonly dir: string,
    private readonly extra: StartExtras = {},
    private readonly flushEvery = 20,
    resume = false,
  ) {
    this.recordPath = join(dir, 'record.jsonl');
    try {
      mkdirSync(dir, { recursive: true });
      if (resume) dropCutLine(this.recordPath);
      else writeFileAtomic(this.recordPath, '');
    } catch (e) {
      throw e instanceof RunFileError ? e : new RunFileError(this.recordPath, e);
    }
  }

  start(s: RunStart): void {
    const { initialWeights, ...rest } = s;
    this.model = s.model;
    // The record's own fields win over the extras (spread last), and keep their place at the front.
    const own = { type: 'start', version: RECORD_VERSION, time: new Date().toISOString(), pid: process.pid, host: hostname() };
    this.write({ ...own, ...this.extra, ...rest, ...own });
    this.flush();
    if (this.extra.tokenizer) writeFileAtomic(join(this.dir, TOKENIZER_FILE), `${JSON.stringify(this.extra.tokenizer)}\n`);
    writeFileAtomic(join(this.dir, 'init.safetensors'), encodeSafetensors(initialWeights, { model: s.model, seed: String(s.seed) }));
  }

  /** A run continued from its checkpoint: the lines after this one follow from its step. */
  resumed(s: RunStart, at: { readonly epoch: number; readonly step: number }): void {
    this.model = s.model;
    this.write({ type: 'resumed', time: new Date().toISOString(), step: at.step, epoch: at.epoch, pid: process.pid, host: hostname() });
    this.flush();
  }

  /** Checkpoints (and the best epoch's weights) into this run's folder: every `everyMs`, and at
   *  epoch ends at most once a second (each is fsynced). */
  checkpoints(everyMs: number): CheckpointSink {
    return {
      everyMs,
      epochGapMs: Math.min(everyMs, 1000),
      save: (c) => {
        this.flush();
        writeCheckpoint(this.dir, c, this.model);
      },
      best: (w, epoch) => writeBest(this.dir, w, epoch, this.model),
    };
  }

  step(s: StepRecord): void {
    this.stepThinning.push(this.steps, { x: s.step, y: s.loss });
    this.write({ type: 'step', ...s });
    if (this.lines.length >= this.flushEvery || Date.now() - this.lastFlush > 1000) this.flush();
  }

  epoch(e: EpochRecord): void {
    const v = e.metrics.val_loss;
    if (v !== undefined) this.valThinning.push(this.val, { x: e.step, y: v });
    this.write({ type: 'epoch', ...e });
    this.flush();
    // Redrawn at most once a second: a tiny data set can end thousands of epochs a second.
    if (Date.now() - this.lastSvg > 1000) this.writeSvg();
  }

  /** A language model's sample after an epoch, with its text through the run's tokenizer (ids alone without one). */
  sample(s: SampleRecord): string {
    const text = sampleText(s.ids, this.extra);
    this.write({ type: 'sample', ...s, text });
    this.flush();
    return text;
  }

  end(e: RunEnd): void {
    const { weights, history, ...rest } = e;
    void history;
    writeFileAtomic(
      join(this.dir, 'weights.safetensors'),
      encodeSafetensors(weights, { model: this.model, status: e.status, epoch: String(e.weightsEpoch ?? e.epochs) }),
    );
    this.write({ type: 'end', time: new Date().toISOString(), ...rest });
    this.flush();
    this.writeSvg();
  }

  /** Something that happened during the run besides steps and epochs (a learning-rate change, a pause). */
  mark(m: MarkRecord): void {
    const { type, ...fields } = m;
    this.write({ type, time: new Date().toISOString(), ...fields });
    this.flush();
  }

  /** A run that ended outside the trainer (an exception, a closed panel): recorded as its end. */
  fail(message: string, status: Extract<RunStatus, 'error' | 'interrupted'> = 'error'): void {
    this.write({ type: 'end', time: new Date().toISOString(), status, message });
    this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    try {
      appendFileSync(this.recordPath, text);
    } catch (e) {
      throw new RunFileError(this.recordPath, e);
    }
    this.lastFlush = Date.now();
  }

  private write(obj: object): void {
    this.lines.push(JSON.stringify(obj, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) + '\n');
  }

  private writeSvg(): void {
    this.lastSvg = Date.now();
    writeFileAtomic(join(this.dir, 'loss.svg'), lossCurveSvg(this.steps, this.val, `${this.model}: loss`));
  }
}

/** Cuts a record back to its last whole line (a process killed mid-append leaves part of one). */
function dropCutLine(path: string): void {
  if (!existsSync(path)) throw new Error('no run record to resume');
  const fd = openSync(path, 'r+');
  try {
    let end = fstatSync(fd).size;
    const buf = Buffer.alloc(4096);
    while (end > 0) {
      const from = Math.max(0, end - buf.length),
        n = readSync(fd, buf, 0, end - from, from);
      const nl = buf.subarray(0, n).lastIndexOf(10);
      if (nl >= 0) {
        if (from + nl + 1 !== fstatSync(fd).size) ftruncateSync(fd, from + nl + 1);
        return;
      }
      end = from;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
}
