// Diagnostics of the experiment language: what the checker says about a file, with exact ranges.
import type { SourceRange } from '../graph/ir';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly range: SourceRange;
  readonly severity: Severity;
  readonly message: string;
  /** Stable identifier of the kind of problem (for quick fixes and tests), e.g. 'unknown-name'. */
  readonly code?: DiagnosticCode;
}

export type DiagnosticCode =
  | 'syntax'
  | 'unknown-name'
  | 'bad-value'
  | 'missing'
  | 'duplicate'
  | 'shape'
  | 'loss-mismatch'
  | 'data-mismatch'
  | 'hint';

/** Collects diagnostics; one instance per analysis. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

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
    return this.items.some((d) => d.severity === 'error');
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
