// The walls between the folders (DESIGN.md, "Where things live"), checked on every import of every
// .ts file, read with the TypeScript compiler's own pre-processor (static and type-only imports,
// `export ... from`, `import()`, `require()`, `/// <reference types>`). Folders are named from the
// repository root; a rule names the folders it covers and the folders (or the `vscode` module) they
// may not import:
//
//   - `vscode` is imported only under src/extension/ (src/, webview/, bench/, scripts/ and the Node
//     test layers test/unit, test/gpu, test/browser; test/integration runs inside VS Code).
//   - Nothing but the extension imports the extension: src/engine, lang, graph, export, cli,
//     diagram, protocol and webview/ never import src/extension/.
//   - The protocol (src/protocol/) imports neither side: no src/extension/, no webview/.
//   - The language (src/lang/) never imports the engine.
//   - The engine imports neither the protocol nor the language (it runs from a graph).
//   - The graph (src/graph/) is the bottom layer: it imports no other folder of src/ and no webview/.
//   - The diagram (src/diagram/) lays out a graph: of src/ it imports src/graph/ only.
//   - The exports (src/export/) and the CLI (src/cli/) are headless: no src/protocol/, no webview/.
//
// eslint.config.mjs states the same walls as no-restricted-imports, for the editor; this test is
// the one with resolved paths. A folder that does not exist yet (src/export/) is covered already.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

interface Wall {
  files: string[];
  except?: string[];
  forbid: string[];
  why: string;
}

const SRC_BUT_EXTENSION = ['src/engine', 'src/lang', 'src/graph', 'src/export', 'src/cli', 'src/diagram', 'src/protocol'];

export const WALLS: Wall[] = [
  {
    files: ['src', 'webview', 'bench', 'scripts', 'test/unit', 'test/gpu', 'test/browser'],
    except: ['src/extension'],
    forbid: ['vscode'],
    why: '`vscode` is imported only under src/extension',
  },
  { files: [...SRC_BUT_EXTENSION, 'webview'], forbid: ['src/extension'], why: 'only the extension imports the extension' },
  { files: ['src/protocol'], forbid: ['webview'], why: 'the protocol imports neither the extension nor the webviews' },
  { files: ['src/lang'], forbid: ['src/engine'], why: 'the language never imports the engine' },
  { files: ['src/engine'], forbid: ['src/protocol', 'src/lang'], why: 'the engine imports neither the protocol nor the language' },
  {
    files: ['src/graph'],
    forbid: [...SRC_BUT_EXTENSION.filter((d) => d !== 'src/graph'), 'webview'],
    why: 'the graph is the bottom layer: it imports no other folder',
  },
  {
    files: ['src/diagram'],
    forbid: ['src/engine', 'src/lang', 'src/protocol', 'src/export', 'src/cli', 'webview'],
    why: 'the diagram lays out a graph: src/graph only',
  },
  { files: ['src/export', 'src/cli'], forbid: ['src/protocol', 'webview'], why: 'the exports and the CLI are headless' },
];

export interface SourceFile {
  /** From the repository root, with `/`. */
  path: string;
  text: string;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** What an import names: a repository path for a relative one, the module name otherwise. */
function target(from: string, spec: string): string {
  return spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(from), spec)) : spec;
}

/** Every import of a file, with its 1-based line. */
function importsOf(file: SourceFile): { spec: string; line: number }[] {
  const info = ts.preProcessFile(file.text, true, true);
  const line = (pos: number) => file.text.slice(0, pos).split('\n').length;
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((r) => ({ spec: r.fileName, line: line(r.pos) }));
}

/** "file:line imports 'spec': why", one per import that crosses a wall. */
export function wallBreaches(files: SourceFile[], walls: Wall[] = WALLS): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rules = walls.filter((w) => w.files.some((f) => under(file.path, f)) && !w.except?.some((e) => under(file.path, e)));
    if (!rules.length) continue;
    for (const { spec, line } of importsOf(file)) {
      const to = target(file.path, spec);
      for (const rule of rules)
        if (rule.forbid.some((f) => under(to, f))) found.push(`${file.path}:${line} imports '${spec}': ${rule.why}`);
    }
  }
  return found;
}

const ROOT = join(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'out', 'fixtures', '.vscode-test']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? tsFiles(path) : /\.m?ts$/.test(e.name) ? [path] : [];
  });
}

describe('architecture: the walls between folders', () => {
  it('no import of any .ts file crosses a wall', () => {
    const files = ['src', 'webview', 'bench', 'scripts', 'test'].flatMap((d) => tsFiles(join(ROOT, d)));
    assert.ok(files.length > 100, `read ${files.length} files: the walk found the tree`);
    const sources = files.map((f) => ({ path: relative(ROOT, f).split(sep).join('/'), text: readFileSync(f, 'utf8') }));
    assert.ok(
      sources.some((s) => importsOf(s).some((i) => i.spec === 'vscode')),
      'the extension imports vscode: the reader sees imports',
    );
    assert.deepEqual(wallBreaches(sources), []);
  });

  it('names file:line for each kind of breach (a synthetic tree)', () => {
    const tree: SourceFile[] = [
      // allowed
      {
        path: 'src/extension/a.ts',
        text: "import * as vscode from 'vscode';\nimport { x } from '../engine/index';\nexport { vscode, x };",
      },
      { path: 'src/lang/ok.ts', text: "import type { Graph } from '../graph/ir';\nimport { y } from './parser';" },
      {
        path: 'webview/trainer/ok.ts',
        text: "import { Channel } from '../../src/protocol/channel';\nimport { run } from '../../src/engine/train';",
      },
      { path: 'test/integration/ok.ts', text: "import * as vscode from 'vscode';" },
      { path: 'src/diagram/ok.ts', text: "import { Graph } from '../graph/ir';" },
      // breaches, one per line that says so
      { path: 'src/engine/plan/v.ts', text: "// a note\nimport * as vscode from 'vscode';" },
      { path: 'src/lang/e.ts', text: "import { ok } from './ok';\nimport type { Plan } from '../engine/plan/compile';" },
      { path: 'src/graph/x.ts', text: "export { thing } from '../extension/things';\nconst m = import('../lang/parser');" },
      { path: 'webview/chart/x.ts', text: "import { TrainResult } from '../../src/extension/extension';" },
      { path: 'src/protocol/w.ts', text: "\n\nimport { css } from '../../webview/shared/theme';" },
      { path: 'src/engine/p.ts', text: "import { Envelope } from '../protocol/envelope';\nimport { parse } from '../lang';" },
      { path: 'src/export/onnx/p.ts', text: "import { Envelope } from '../../protocol/envelope';" },
      { path: 'src/cli/r.ts', text: "const v = require('vscode');" },
      { path: 'src/diagram/l.ts', text: '/// <reference types="vscode" />\nimport { analyze } from \'../lang/analyze\';' },
      { path: 'test/unit/x.test.ts', text: "import { window } from 'vscode';" },
    ];
    assert.deepEqual(wallBreaches(tree), [
      "src/engine/plan/v.ts:2 imports 'vscode': `vscode` is imported only under src/extension",
      "src/lang/e.ts:2 imports '../engine/plan/compile': the language never imports the engine",
      "src/graph/x.ts:1 imports '../extension/things': only the extension imports the extension",
      "src/graph/x.ts:2 imports '../lang/parser': the graph is the bottom layer: it imports no other folder",
      "webview/chart/x.ts:1 imports '../../src/extension/extension': only the extension imports the extension",
      "src/protocol/w.ts:3 imports '../../webview/shared/theme': the protocol imports neither the extension nor the webviews",
      "src/engine/p.ts:1 imports '../protocol/envelope': the engine imports neither the protocol nor the language",
      "src/engine/p.ts:2 imports '../lang': the engine imports neither the protocol nor the language",
      "src/export/onnx/p.ts:1 imports '../../protocol/envelope': the exports and the CLI are headless",
      "src/cli/r.ts:1 imports 'vscode': `vscode` is imported only under src/extension",
      "src/diagram/l.ts:2 imports '../lang/analyze': the diagram lays out a graph: src/graph only",
      "src/diagram/l.ts:1 imports 'vscode': `vscode` is imported only under src/extension",
      "test/unit/x.test.ts:1 imports 'vscode': `vscode` is imported only under src/extension",
    ]);
  });

  it('each wall, on its own, stops an import of each folder it forbids', () => {
    // A wall that nothing can reach (a typo in a folder name) would pass the real tree for nothing.
    for (const wall of WALLS) {
      for (const folder of wall.files.filter((f) => !wall.except?.includes(f))) {
        for (const banned of wall.forbid) {
          const path = `${folder}/deep/probe.ts`;
          const spec = banned === 'vscode' ? banned : posix.relative(posix.dirname(path), `${banned}/index`);
          assert.deepEqual(wallBreaches([{ path, text: `import '${spec}';` }], [wall]), [`${path}:1 imports '${spec}': ${wall.why}`]);
        }
      }
    }
  });
});
