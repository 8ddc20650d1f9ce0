// The Reference part of docs/experiment-format.md from the schema tables, so the page says what
// the checker accepts: every options table (value ranges from describeType, defaults from
// defaultText), and the train groups (settings, losses, optimizers, schedules) whole.
//   npx tsx scripts/docs-reference.ts     rewrites those groups and tables in the page
// test/unit/lang/docs.test.ts checks that the page holds what this renders.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_SETTINGS, SOURCES } from '../src/lang/schema/data-settings';
import { INITS } from '../src/lang/schema/inits';
import { LAYERS, STRUCTURE_NAMES } from '../src/lang/schema/layers';
import type { SettingDef } from '../src/lang/schema/settings';
import { LOSSES, OPTIMIZERS, PRUNERS, SCHEDULES } from '../src/lang/schema/train-options';
import { TRAIN_SETTINGS } from '../src/lang/schema/train-settings';
import { type ArgSchema, type ChoiceDef, defaultText, describeType } from '../src/lang/schema/types';

export const DOC_PATH = join(__dirname, '..', 'docs', 'experiment-format.md');

const code = (s: string) => `\`${s}\``;
const also = (aliases: readonly string[] | undefined, word: string) => (aliases?.length ? ` (${word}${aliases.map(code).join(', ')})` : '');
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function optionsTable(schema: ArgSchema): string {
  const rows = [...schema.positional.map((d) => ({ d, pos: true })), ...schema.options.map((d) => ({ d, pos: false }))];
  if (rows.length === 0) return '_No options._';
  return [
    '| option | value | default | meaning |',
    '|---|---|---|---|',
    ...rows.map(
      ({ d, pos }) =>
        `| ${code(d.name)}${also(d.aliases, '')}${pos ? ' ¹' : ''} | ${cell(describeType(d.type))} ` +
        `| ${cell(d.required ? 'required' : (defaultText(d) ?? '—'))} | ${cell(d.doc)} |`,
    ),
  ].join('\n');
}

const example = (e: string | undefined) => (e ? ['```', e, '```', ''] : []);

function choiceSection(c: ChoiceDef, extra = ''): string {
  return [
    `#### ${code(c.name)}${also(c.aliases, 'also ')}`,
    '',
    `${c.doc}${extra}`,
    '',
    ...example(c.example),
    optionsTable(c.schema),
    '',
  ].join('\n');
}

function settingSection(s: SettingDef, listName: Record<string, string>): string {
  const tail = s.required ? ' **Required.**' : s.defaultText !== undefined ? ` Default: ${s.defaultText}.` : '';
  const body =
    s.value.kind === 'choice' ? `One of the ${listName[s.value.what] ?? `${s.value.what}s`} below.` : optionsTable(s.value.schema);
  return [`#### ${code(s.key)}${also(s.aliases, 'also ')}`, '', `${s.doc}${tail}`, '', ...example(s.example), body, ''].join('\n');
}

const LISTS: Record<string, string> = {
  source: 'sources',
  loss: 'losses',
  optimizer: 'optimizers',
  schedule: 'schedules',
  'pruning method': 'pruning methods',
};

/** The `### Group`s of the reference rendered whole (heading line, doc, example, table). */
export function renderGroups(): Map<string, string> {
  return new Map([
    ['Train settings', TRAIN_SETTINGS.map((s) => settingSection(s, LISTS)).join('\n')],
    ['Losses', LOSSES.map((c) => choiceSection(c)).join('\n')],
    ['Optimizers', OPTIMIZERS.map((c) => choiceSection(c)).join('\n')],
    ['Schedules', SCHEDULES.map((c) => choiceSection(c)).join('\n')],
    ['Pruning methods', PRUNERS.map((c) => choiceSection(c)).join('\n')],
  ]);
}

/** Every options table the reference shows (the other groups are written by hand around theirs). */
export function allTables(): { name: string; table: string }[] {
  const structure = LAYERS.filter((l) => (STRUCTURE_NAMES as readonly string[]).includes(l.name));
  const choices = [...structure, ...INITS, ...SOURCES, ...LOSSES, ...OPTIMIZERS, ...SCHEDULES, ...PRUNERS].map((c) => ({
    name: c.name,
    table: optionsTable(c.schema),
  }));
  const settings = [...DATA_SETTINGS, ...TRAIN_SETTINGS].flatMap((s) =>
    s.value.kind === 'args' ? [{ name: s.key, table: optionsTable(s.value.schema) }] : [],
  );
  return [...choices, ...settings];
}

/** The page's text of group `name`: from its `### ` heading's next line to the next `##`/`###` heading. */
export function groupText(page: string, name: string): { start: number; end: number; text: string } | null {
  const head = page.indexOf(`\n### ${name}\n`);
  if (head < 0) return null;
  const start = head + `\n### ${name}\n`.length;
  const next = page.slice(start).search(/\n#{2,3} /);
  const end = next < 0 ? page.length : start + next + 1;
  return { start, end, text: page.slice(start, end) };
}

/** Group text as the page holds it: a blank line, the sections, a blank line. */
export const asPage = (rendered: string) => `\n${rendered}\n`;

if (require.main === module) {
  let page = readFileSync(DOC_PATH, 'utf8');
  for (const [name, rendered] of renderGroups()) {
    const g = groupText(page, name);
    if (!g) throw new Error(`docs: no group ${name}`);
    page = page.slice(0, g.start) + asPage(rendered) + page.slice(g.end);
  }
  writeFileSync(DOC_PATH, page);
}
