// Copies a shipped sample out of the extension's samples/ folder, with the data it quotes. Pure
// Node (no vscode) so that a unit test copies a real sample into a temporary folder.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The sample and every path it quotes that exists under samples/ (its data), unless already there. */
export function copySample(samples: string, sample: string, target: string): string[] {
  const copied: string[] = [];
  const text = readFileSync(join(samples, sample), 'utf8');
  const quoted = [...text.matchAll(/"([^"\n]+)"/g)].map((m) => m[1]!).filter((p) => !p.includes('..') && existsSync(join(samples, p)));
  for (const path of [sample, ...quoted]) {
    const to = join(target, path);
    if (existsSync(to)) continue;
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(samples, path), to, { recursive: true });
    copied.push(path);
  }
  return copied;
}
