// How the Runs tree names a run: by what sets it apart from its siblings. Runs of one sweep start
// seconds apart under one model, so a date alone reads the same twice; the swept settings
// (`lr 0.002 · batch 32`) come first, then a short start time (just the clock for today's runs).
// Pure (no vscode) so that a unit test reads it; the key metric and device stay in the description.
import { basename } from 'node:path';
import type { RunSummary } from '../../engine/io/run-summary';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `lr 0.002 · batch 32`: the sweep's settings as a person writes them (optimizer.lr is lr). */
export function sweepText(sweep: Readonly<Record<string, number | string>>): string {
  return Object.entries(sweep)
    .map(([key, value]) => `${key.replace(/^(optimizer|loss)\./, '')} ${value}`)
    .join(' · ');
}

/** `14:05:09` for a run started today, `Nov 30 14:05:09` before (local time; seconds, since a sweep's runs start seconds apart). */
export function shortTime(iso: string, now = new Date()): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  const today = t.getFullYear() === now.getFullYear() && t.getMonth() === now.getMonth() && t.getDate() === now.getDate();
  if (today) return clock;
  const year = t.getFullYear() === now.getFullYear() ? '' : ` ${t.getFullYear()}`;
  return `${MONTHS[t.getMonth()]} ${t.getDate()}${year} ${clock}`;
}

/** The Runs tree's label for a run: its sweep settings, then its start time (its folder name when it has none). */
export function runLabel(run: Pick<RunSummary, 'dir' | 'time' | 'sweep'>, now = new Date()): string {
  return [sweepText(run.sweep ?? {}), shortTime(run.time, now) || basename(run.dir)].filter(Boolean).join(' · ');
}

/** A distilled run's note in the tree ("student of mlp"); a teacher's row under its student says "teacher". */
export function teacherNote(run: Pick<RunSummary, 'teacher'>, asTeacher = false): string {
  if (asTeacher) return 'teacher';
  return run.teacher ? `student of ${run.teacher.model}` : '';
}
