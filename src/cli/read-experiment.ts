// Reads and analyses experiment files for the CLI commands.
import { readFileSync } from 'node:fs';
import { analyze, type Analysis } from '../lang/analyze';
import type { Diagnostic } from '../lang/diagnostics';
import { UserError } from './command';

export function readExperiment(path: string): Analysis {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : ((error as Error).message ?? String(error));
    throw new UserError(`${path}: cannot read the file: ${why}`);
  }
  return analyze(text);
}

/** `file:line:col: severity: message`, 1-based, as compilers print it. */
export function formatDiagnostic(path: string, d: Diagnostic): string {
  return `${path}:${d.range.startLine + 1}:${d.range.startCol + 1}: ${d.severity}: ${d.message}`;
}
