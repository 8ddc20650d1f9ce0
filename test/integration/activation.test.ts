import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../src/extension/command-ids';
import { EXTENSION_ID, eventually, openFixture } from './util';

describe('activation', () => {
  it('activates on a .mlab file and sets the mlab language', async () => {
    const document = await openFixture('two-models.mlab');
    assert.equal(document.languageId, 'mlab');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is loaded`);
    await eventually(() => (extension.isActive ? true : undefined), 'activation');
  });

  it('registers every command it contributes', async () => {
    // The manifest's side of the contract, read from the loaded extension (test/unit/manifest.test.ts
    // checks package.json against COMMAND_IDS; this checks both against what activate() registered).
    const contributed: string[] = vscode.extensions
      .getExtension(EXTENSION_ID)!
      .packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      [...contributed, ...COMMAND_IDS].filter((id) => !registered.has(id)),
      [],
    );
    assert.ok(contributed.length >= COMMAND_IDS.length, `${contributed.length} contributed commands`);
  });

  it('shows a ▶ Train lens above each model block, with the model as argument', async () => {
    const document = await openFixture('two-models.mlab');
    const lenses = await eventually(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found && found.length > 0 ? found : undefined;
    }, 'code lenses');
    const train = lenses.filter((l) => l.command?.command === 'modelLab.train');
    assert.deepEqual(
      train.map((l) => [l.range.start.line, l.command!.title, l.command!.arguments?.[1]]),
      [
        [6, '▶ Train', 'small'],
        [11, '▶ Train', 'wide'],
      ],
    );
  });

  it('hides the lenses when modelLab.codeLens.enabled is off', async () => {
    const document = await openFixture('two-models.mlab');
    const config = vscode.workspace.getConfiguration('modelLab');
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      assert.equal(lenses.filter((l) => l.command?.command === 'modelLab.train').length, 0);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
