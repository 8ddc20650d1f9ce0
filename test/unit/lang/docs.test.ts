// docs/experiment-format.md documents every layer, option, setting and choice the schema tables
// define, each in its own section: a layer's options in the layer's `#### \`name\`` section under
// `### Layers`, an optimizer's under `### Optimizers`, and so on. A name found elsewhere on the page
// (in another layer's table, in an example) does not count. Activations, which are layers too,
// have their rows in the `### Activations` table. docs/defaults.md gives every optimizer
// its row under `## Optimizers`.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVATIONS,
  DATA_SETTINGS,
  INITS,
  LAYERS,
  LOSSES,
  MODEL_HEADER,
  OPTIMIZERS,
  SCHEDULES,
  SOURCES,
  TRAIN_SETTINGS,
} from '../../../src/lang/index';
import type { SettingDef } from '../../../src/lang/schema/settings';
import type { ArgSchema } from '../../../src/lang/schema/types';
import { allTables, asPage, groupText, renderGroups } from '../../../scripts/docs-reference';

const read = (name: string) => readFileSync(join(__dirname, '../../../docs', name), 'utf8');

interface Section {
  level: number;
  title: string;
  body: string;
  children: Section[];
}

/** The page as a tree of headings; a section's body runs to its next heading (code fences skipped). */
export function sections(markdown: string): Section {
  const root: Section = { level: 0, title: '', body: '', children: [] };
  const open = [root];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6}) (.*)$/.exec(line);
    if (!heading) {
      open.at(-1)!.body += `${line}\n`;
      continue;
    }
    const section: Section = { level: heading[1]!.length, title: heading[2]!, body: '', children: [] };
    while (open.at(-1)!.level >= section.level) open.pop();
    open.at(-1)!.children.push(section);
    open.push(section);
  }
  return root;
}

/** The section titled `title` (or `` `title` ``, maybe followed by aliases) anywhere below `from`. */
function find(from: Section, title: string): Section | undefined {
  for (const child of from.children) {
    if (child.title === title || child.title.startsWith(`\`${title}\``)) return child;
    const deeper = find(child, title);
    if (deeper) return deeper;
  }
  return undefined;
}

const mentions = (text: string, name: string) => text.includes(`\`${name}\``);
const optionNames = (schema: ArgSchema) => [...schema.positional, ...schema.options].map((o) => o.name);
const settingOptions = (s: SettingDef) => (s.value.kind === 'args' ? optionNames(s.value.schema) : []);

/** "group › name: what is missing" for each entry not documented in its own section. */
function undocumented(page: Section, group: string, entries: { name: string; options: string[] }[]): string[] {
  const home = find(page, group);
  if (!home) return [`no section "${group}"`];
  return entries.flatMap(({ name, options }) => {
    const own = find(home, name);
    if (!own) return [`${group} › ${name}: no section of its own`];
    return options.filter((o) => !mentions(own.body, o)).map((o) => `${group} › ${name}: option \`${o}\` not in its section`);
  });
}

const FORMAT = sections(read('experiment-format.md'));
const choices = (list: typeof OPTIMIZERS) => list.map((c) => ({ name: c.name, options: optionNames(c.schema) }));

describe('docs/experiment-format.md', () => {
  it('gives every layer a section with its options', () => {
    const activation = new Set<string>(ACTIVATIONS.map((a) => a.name));
    assert.deepEqual(undocumented(FORMAT, 'Layers', choices(LAYERS.filter((l) => !activation.has(l.name)))), []);
  });
  it('gives every activation its row (with its alpha and default) and the model header its options', () => {
    const rows = (find(FORMAT, 'Activations')?.body ?? '').split('\n');
    const missing = ACTIVATIONS.filter((a) => {
      const row = rows.find((r) => r.startsWith(`| \`${a.name}\` |`));
      return !row || (a.alpha !== undefined && !row.includes(`alpha, default ${a.alpha.default}`));
    });
    assert.deepEqual(
      missing.map((a) => a.name),
      [],
    );
    const header = find(FORMAT, 'Model header')?.body ?? '';
    assert.deepEqual(
      optionNames(MODEL_HEADER).filter((n) => !mentions(header, n)),
      [],
    );
  });
  it('gives every initialiser, source, loss, optimizer and schedule a section with its options', () => {
    const groups = { Initialisers: INITS, Sources: SOURCES, Losses: LOSSES, Optimizers: OPTIMIZERS, Schedules: SCHEDULES };
    assert.deepEqual(
      Object.entries(groups).flatMap(([group, list]) => undocumented(FORMAT, group, choices(list))),
      [],
    );
  });
  it('gives every data and train setting a section with its options', () => {
    const settings = (list: readonly SettingDef[]) => list.map((s) => ({ name: s.key, options: settingOptions(s) }));
    assert.deepEqual(
      [
        ...undocumented(FORMAT, 'Data settings', settings(DATA_SETTINGS)),
        ...undocumented(FORMAT, 'Train settings', settings(TRAIN_SETTINGS)),
      ],
      [],
    );
  });
});

describe('docs/defaults.md', () => {
  it('gives every optimizer its row of defaults under "Optimizers"', () => {
    const table = find(sections(read('defaults.md')), 'Optimizers')?.body ?? '';
    assert.deepEqual(
      OPTIMIZERS.map((o) => o.name).filter((n) => !table.includes(`| \`${n}\` |`)),
      [],
    );
  });
});

describe('docs test: its section reader', () => {
  // The checks above are only as good as this reader: a name in a neighbour's section must not count.
  const page = sections(
    [
      '### Layers',
      '#### `dense` (also `linear`)',
      '| `units` |',
      '```',
      '# not a heading',
      '```',
      '#### `conv2d`',
      '| `kernel` |',
      '### Losses',
      '`dense`',
    ].join('\n'),
  );
  it('finds a name in its own section only', () => {
    assert.deepEqual(
      undocumented(page, 'Layers', [
        { name: 'dense', options: ['units', 'kernel'] },
        { name: 'conv2d', options: ['kernel'] },
      ]),
      ['Layers › dense: option `kernel` not in its section'],
    );
    assert.deepEqual(undocumented(page, 'Layers', [{ name: 'flatten', options: [] }]), ['Layers › flatten: no section of its own']);
    assert.deepEqual(undocumented(page, 'Optimizers', []), ['no section "Optimizers"']);
  });
  it('keeps a fenced "#" line in the body', () => {
    assert.match(find(page, 'dense')!.body, /# not a heading/);
  });
});

// Ranges and defaults as the checker has them (npx tsx scripts/docs-reference.ts rewrites them).
describe('docs/experiment-format.md from the schema', () => {
  const DOC = read('experiment-format.md');
  it('shows every options table as the schema has it: value ranges and defaults', () => {
    assert.deepEqual(
      allTables()
        .filter((t) => !DOC.includes(t.table))
        .map((t) => t.name),
      [],
    );
  });
  it('holds the train settings, losses, optimizers and schedules as rendered from the schema', () => {
    for (const [name, rendered] of renderGroups()) assert.equal(groupText(DOC, name)?.text, asPage(rendered), `### ${name}`);
  });
});
