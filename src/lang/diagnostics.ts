// Diagnostics of the experiment language: what the checker says about a file, with exact ranges.
import type { SourceRange } from '../graph/ir';
import { MAX_DIAGNOSTICS } from './limits';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly range: SourceRange;
  readonly severity: Severity;
  readonly message: string;
  /** Stable identifier of the kind of problem (for quick fixes and tests), e.g. 'unknown-name'. */
  readonly code?: DiagnosticCode;
}

export type DiagnosticCode =
  'syntax' | 'unknown-name' | 'bad-value' | 'missing' | 'duplicate' | 'shape' | 'loss-mismatch' | 'data-mismatch' | 'hint';

/** Collects diagnostics; one instance per analysis. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private counted = 0;
  private errors = 0;

  /** Appends many without spreading them into arguments (which overflows the stack past ~100k). */
  addAll(diagnostics: readonly Diagnostic[]): void {
    for (const d of diagnostics) this.items.push(d);
  }

  /** Errors so far; counts only what was added since the last call, so a loop calling it stays linear. */
  get errorCount(): number {
    for (; this.counted < this.items.length; this.counted++) if (this.items[this.counted].severity === 'error') this.errors++;
    return this.errors;
  }

  error(range: SourceRange, message: string, code: DiagnosticCode): void {
    this.items.push({ range, severity: 'error', message, code });
  }

  warning(range: SourceRange, message: string, code: DiagnosticCode): void {
    this.items.push({ range, severity: 'warning', message, code });
  }

  info(range: SourceRange, message: string, code: DiagnosticCode): void {
    this.items.push({ range, severity: 'info', message, code });
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
}

/** The first MAX_DIAGNOSTICS of a sorted list, and one more at the last kept place saying how many were left out. */
export function capDiagnostics(sorted: readonly Diagnostic[], max = MAX_DIAGNOSTICS): readonly Diagnostic[] {
  if (sorted.length <= max) return sorted;
  const kept = sorted.slice(0, max);
  const left = sorted.slice(max);
  const errors = left.filter((d) => d.severity === 'error').length;
  const more =
    `${left.length.toLocaleString('en-US')} more problem${left.length === 1 ? '' : 's'} ` +
    `(${errors.toLocaleString('en-US')} error${errors === 1 ? '' : 's'}) not shown; ` +
    `only the first ${max.toLocaleString('en-US')} are listed`;
  kept.push({ range: kept[max - 1].range, severity: errors > 0 ? 'error' : 'warning', message: more, code: 'syntax' });
  return kept;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
