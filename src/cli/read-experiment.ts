// Reads and analyses experiment files for the CLI commands.
import { readFileSync } from 'node:fs';
import { DataError, resolveInside } from '../engine/data/host';
import { nodeDataHost } from '../engine/data/node-host';
import { decodeSafetensors, SafetensorsError } from '../engine/io/safetensors';
import type { NamedTensors } from '../engine/train/types';
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

/** The weights of --init-from (relative to the working folder): inside the workspace, links followed, a valid safetensors file. */
export async function readInitWeights(path: string, workspace: string): Promise<NamedTensors> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(await resolveInside(nodeDataHost, { base: process.cwd(), workspace }, path));
  } catch (e) {
    if (e instanceof DataError) throw new UserError(`--init-from: ${e.message}`);
    throw new UserError(`${path}: cannot read the weights file`);
  }
  try {
    return decodeSafetensors(bytes).tensors;
  } catch (e) {
    if (e instanceof SafetensorsError) throw new UserError(`${path}: ${e.message}`);
    throw e;
  }
}

/** `file:line:col: severity: message`, 1-based, as compilers print it. */
export function formatDiagnostic(path: string, d: Diagnostic): string {
  return `${path}:${d.range.startLine + 1}:${d.range.startCol + 1}: ${d.severity}: ${d.message}`;
}
