// The data preview in a real VS Code: the Preview lens above each data block opens the panel with
// the data loaded by the extension host; data errors (a missing file, a path outside the
// workspace) come back from the command and land as 'modelLab.data' diagnostics on the block.
// data.mlab is only read, never edited (the web workbench auto-saves edits).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/extension/data-preview';
import { eventually, openFixture } from './util';

const dataDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Lab data');

describe('data preview', () => {
  let document: vscode.TextDocument;
  before(async () => {
    document = await openFixture('data.mlab');
  });

  it('puts a Preview lens above each data block, with the data set as argument', async () => {
    const lenses = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.length >= 5 ? found : undefined;
    }, 'preview lenses');
    const preview = lenses.filter((l) => l.command?.command === 'modelLab.previewData');
    assert.deepEqual(
      preview.map((l) => [l.range.start.line, l.command?.title, l.command?.arguments?.[1]]),
      [
        [2, 'Preview', 'table'],
        [8, 'Preview', 'pictures'],
        [13, 'Preview', 'digits'],
        [18, 'Preview', 'missing'],
        [22, 'Preview', 'outside'],
      ],
    );
  });

  it('opens the panel for a table, an image folder and an IDX pair', async () => {
    for (const name of ['table', 'pictures', 'digits']) {
      const result = await vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, name);
      assert.deepEqual(result, { name, ok: true });
      await eventually(
        () => (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === `Data · ${name}`) ? true : undefined),
        `a tab "Data · ${name}"`,
      );
    }
    const previewTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith('Data · '));
    assert.equal(previewTabs.length, 1, 'one preview panel, reused');
  });

  it('reports a missing file and a path outside the workspace, in the result and as diagnostics', async () => {
    const missing = await vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, 'missing');
    assert.equal(missing?.ok, false);
    assert.match(missing?.message ?? '', /cannot read 'data\/nope.csv': no such file/);
    const outside = await vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, 'outside');
    assert.match(outside?.message ?? '', /'..\/data\/table.csv' is outside the workspace/);
    const diags = await eventually(() => {
      const d = dataDiagnostics(document.uri);
      return d.length >= 2 ? d : undefined;
    }, 'two data diagnostics');
    const byLine = diags.map((d) => [d.range.start.line, d.message]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.equal(byLine.length, 2, JSON.stringify(byLine));
    assert.equal(byLine[0]![0], 19); // the `source:` line of data missing
    assert.match(String(byLine[0]![1]), /^data missing: cannot read/);
    assert.equal(byLine[1]![0], 23);
    assert.match(String(byLine[1]![1]), /^data outside: .*outside the workspace/);
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });
});
