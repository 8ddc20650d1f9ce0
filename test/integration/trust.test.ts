// Restricted Mode, in a real untrusted window (run-integration.ts opens one without
// --disable-workspace-trust and runs only this suite there): Train (and Quantize) refuse and write no run,
// while reading features (the diagram, the data preview) still work. Registered only in an
// untrusted window, so the trusted run neither runs nor skips it.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openFixture, workspaceFile } from './util';

if (!vscode.workspace.isTrusted) {
  describe('Restricted Mode', () => {
    // the title run-integration.ts greps for
    const runs = () => {
      const dir = join(workspaceFile('.modellab').fsPath, 'runs');
      return existsSync(dir) ? readdirSync(dir) : [];
    };

    it('Train and Re-run refuse in an untrusted folder and write no run; the diagram and data preview work', async () => {
      const document = await openFixture('training.mlab');
      const before = runs().length;
      assert.equal(await vscode.commands.executeCommand('modelLab.train', document.uri, 'quick'), undefined);
      assert.equal(await vscode.commands.executeCommand('modelLab.rerun'), undefined);
      // Trusted, a folder without a run record is answered with the reason ({ failed }); refused, nothing.
      assert.equal(await vscode.commands.executeCommand('modelLab.quantize', workspaceFile('.').fsPath, { batches: 1 }), undefined);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(runs().length, before, 'no run folder was written');
      assert.equal(vscode.workspace.isTrusted, false);
      const diagram = await vscode.commands.executeCommand<{ model: string } | undefined>(
        'modelLab.showArchitecture',
        document.uri,
        'quick',
      );
      assert.equal(diagram?.model, 'quick');
      const data = await openFixture('data.mlab');
      assert.deepEqual(await vscode.commands.executeCommand('modelLab.previewData', data.uri, 'table'), { name: 'table', ok: true });
    });
  });
}
