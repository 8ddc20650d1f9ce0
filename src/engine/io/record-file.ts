// The run record on disk (Node only): record.jsonl, one JSON object per line, appended as the run
// goes and flushed every few steps, so a killed process leaves every complete line readable.
// Beside it: init.safetensors (initial weights), weights.safetensors (trained) and loss.svg.
// The lines' shapes are the run record's schema (run-record.ts); read-record.ts reads them back.

import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochRecord, RunEnd, RunObserver, RunStart, StepRecord } from '../train/types';
import type { MarkRecord, RunStatus, StartExtras } from './run-record';
import { encodeSafetensors } from './safetensors';
import { lossCurveSvg, type CurvePoint } from './svg';
import { Thinning } from './thinning';

export const RECORD_VERSION = 1;

/** The folder name of a run under .modellab/runs: the model and a sortable UTC time stamp. */
export function runDirName(model: string, at = new Date()): string {
  return `${model}-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

export class RunRecordWriter implements RunObserver {
  readonly recordPath: string;
  private lines: string[] = [];
  private lastFlush = Date.now();
  /** The loss curve for loss.svg, thinned: a drawing needs a few thousand points, not every step. */
  private readonly steps: CurvePoint[] = [];
  private readonly stepThinning = new Thinning(4000);
  private readonly val: CurvePoint[] = [];
  private model = '';
  private lastSvg = 0;

  constructor(readonly dir: string, private readonly extra: StartExtras = {}, private readonly flushEvery = 20) {
    mkdirSync(dir, { recursive: true });
    this.recordPath = join(dir, 'record.jsonl');
    writeFileSync(this.recordPath, '');
  }

  start(s: RunStart): void {
    const { initialWeights, ...rest } = s;
    this.model = s.model;
    // The record's own fields win over the extras (spread last), and keep their place at the front.
    const own = { type: 'start', version: RECORD_VERSION, time: new Date().toISOString() };
    this.write({ ...own, ...this.extra, ...rest, ...own });
    this.flush();
    writeFileSync(join(this.dir, 'init.safetensors'), encodeSafetensors(initialWeights, { model: s.model, seed: String(s.seed) }));
  }

  step(s: StepRecord): void {
    this.stepThinning.push(this.steps, { x: s.step, y: s.loss });
    this.write({ type: 'step', ...s });
    if (this.lines.length >= this.flushEvery || Date.now() - this.lastFlush > 1000) this.flush();
  }

  epoch(e: EpochRecord): void {
    const v = e.metrics.val_loss;
    if (v !== undefined) this.val.push({ x: e.step, y: v });
    this.write({ type: 'epoch', ...e });
    this.flush();
    // Redrawn at most once a second: a tiny data set can end thousands of epochs a second.
    if (Date.now() - this.lastSvg > 1000) this.writeSvg();
  }

  end(e: RunEnd): void {
    const { weights, history, ...rest } = e;
    void history;
    writeFileSync(join(this.dir, 'weights.safetensors'), encodeSafetensors(weights, { model: this.model, status: e.status }));
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
    appendFileSync(this.recordPath, this.lines.join(''));
    this.lines = [];
    this.lastFlush = Date.now();
  }

  private write(obj: object): void {
    this.lines.push(JSON.stringify(obj, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) + '\n');
  }

  private writeSvg(): void {
    this.lastSvg = Date.now();
    writeFileSync(join(this.dir, 'loss.svg'), lossCurveSvg(this.steps, this.val, `${this.model}: loss`));
  }
}
