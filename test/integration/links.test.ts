// Symbolic links in the editor's routes (the data preview and the data diagnostics): a link in the
// workspace to a file outside is refused with where it points; a link that stays inside works.
// The links and the experiment are made here and removed after (git keeps no symbolic links).
import { strict as assert } from 'node:assert';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/extension/data-preview';
import { eventually, openFixture, workspaceFile } from './util';

const EXPERIMENT = `data outside {
  source: csv("data/link-outside.csv", target: label)
}

data inside {
  source: csv("data/link-inside.csv", target: label)
}
`;

describe('symbolic links in the workspace', () => {
  const root = () => workspaceFile('').fsPath;
  const made = () => [
    join(root(), 'data', 'link-outside.csv'),
    join(root(), 'data', 'link-inside.csv'),
    join(root(), 'scratch-links.mlab'),
  ];
  before(() => {
    const [outside, inside, experiment] = made();
    symlinkSync(join(root(), '..', 'data', 'table.csv'), outside!); // test/fixtures/data: outside the workspace folder
    symlinkSync(join(root(), 'data', 'table.csv'), inside!);
    writeFileSync(experiment!, EXPERIMENT);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of made()) rmSync(f, { force: true });
  });

  it('the preview and the diagnostics refuse a link to a file outside, naming where it points; a link inside works', async () => {
    const document = await openFixture('scratch-links.mlab');
    const outside = await vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, 'outside');
    assert.equal(outside?.ok, false);
    assert.match(
      outside?.message ?? '',
      /'data\/link-outside.csv' points to \S*test\/fixtures\/data\/table.csv through a symbolic link, outside the workspace/,
    );
    const inside = await vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, 'inside');
    assert.deepEqual(inside, { name: 'inside', ok: true });
    const diagnostic = await eventually(
      () => vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'Model Lab data'),
      'a data diagnostic',
    );
    assert.equal(diagnostic.range.start.line, 1);
    assert.match(diagnostic.message, /^data outside: .*points to .* through a symbolic link/);
  });
});
