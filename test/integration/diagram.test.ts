// The architecture diagram in a real VS Code: the command opens one panel per (file, model),
// titled after the model, reused on a second call, and resolves with the number of nodes it
// sent. Fixtures are only read; a broken model goes into an untitled document instead.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ArchitectureResult } from '../../src/extension/diagram';
import { eventually, openFixture } from './util';

const tabs = (label: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === label);
const show = (uri: vscode.Uri, model: string) =>
  vscode.commands.executeCommand<ArchitectureResult | undefined>('modelLab.showArchitecture', uri, model);

describe('architecture diagram', () => {
  it('opens a panel "Architecture · small" for a model of two-models.mlab, and reuses it', async () => {
    const document = await openFixture('two-models.mlab');
    assert.deepEqual(await show(document.uri, 'small'), { model: 'small', nodes: 3 }); // input + 2 dense
    await eventually(() => (tabs('Architecture · small').length === 1 ? true : undefined), 'a tab "Architecture · small"');
    assert.deepEqual(await show(document.uri, 'small'), { model: 'small', nodes: 3 });
    assert.equal(tabs('Architecture · small').length, 1, 'one panel per model, reused');
    await show(document.uri, 'wide');
    await eventually(() => (tabs('Architecture · wide').length === 1 ? true : undefined), 'a tab "Architecture · wide"');
  });

  it('draws residual and repeated blocks: one node per layer and repetition, plus "+"', async () => {
    const document = await openFixture('architecture.mlab');
    // input, dense, (dense, dense, +), 3 × dense, dense
    assert.deepEqual(await show(document.uri, 'blocks'), { model: 'blocks', nodes: 9 });
    await eventually(() => (tabs('Architecture · blocks').length === 1 ? true : undefined), 'a tab "Architecture · blocks"');
  });

  it('still opens for a model with errors, with the layers before the first one', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'mlab',
      content: 'model broken(input [4]) {\n  dense 8 relu\n  dense 3 bogus\n}\n',
    });
    const result = await show(document.uri, 'broken');
    assert.equal(result?.model, 'broken');
    assert.ok((result?.nodes ?? 0) >= 2, `input and the first dense at least, got ${JSON.stringify(result)}`);
    await eventually(() => (tabs('Architecture · broken').length === 1 ? true : undefined), 'a tab "Architecture · broken"');
  });

  after(async () => {
    for (const t of vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((x) => x.label.startsWith('Architecture · ')))
      await vscode.window.tabGroups.close(t);
  });
});
