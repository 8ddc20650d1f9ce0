// The language features while the person edits: diagnostics follow the text, lenses stay in
// place when something else breaks, and formatting is idempotent and keeps the meaning.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { analyze, type Analysis } from '../../src/lang';
import { closeCopy, diagnosticsOf, inlayLabels, lensRows, openCopy, replaceOnLine } from './language-util';
import { eventually, openFixture } from './util';

describe('language features while editing', () => {
  it('reports an unknown layer on its exact range, clears it when fixed and shows it again when broken', async () => {
    const document = await openCopy('broken.mlab');
    try {
      const [diagnostic] = await eventually(() => (diagnosticsOf(document).length ? diagnosticsOf(document) : undefined), 'diagnostics');
      assert.equal(diagnosticsOf(document).length, 1);
      assert.deepEqual(
        [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
        [12, 2, 12, 6],
      );
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(diagnostic.code, 'unknown-name');
      assert.equal(diagnostic.source, 'Model Lab');
      assert.match(diagnostic.message, /unknown layer 'dens'; did you mean 'dense'\?/);

      await replaceOnLine(document, 12, 'dens 4', 'dense 4');
      await eventually(() => (diagnosticsOf(document).length === 0 ? true : undefined), 'the diagnostic to clear');

      await replaceOnLine(document, 13, 'dense 2', 'dense 2 kernel 3');
      const [again] = await eventually(() => (diagnosticsOf(document).length ? diagnosticsOf(document) : undefined), 'a new diagnostic');
      assert.equal(again.range.start.line, 13);
    } finally {
      await closeCopy(document);
    }
  });

  it('clears the diagnostics of a document when it closes', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'mlab', content: 'model m(input [2]) {\n  dens 2\n}\n' });
    await vscode.window.showTextDocument(document);
    await eventually(() => (diagnosticsOf(document).length ? true : undefined), 'diagnostics of the untitled document');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await eventually(() => (diagnosticsOf(document).length === 0 ? true : undefined), 'diagnostics to clear on close');
  });

  it('keeps every lens of a broken model: ▶ Train stays, the summary asks to fix its errors', async () => {
    const document = await openFixture('broken.mlab');
    const rows = await lensRows(document);
    assert.deepEqual(
      rows.map(([line, title]) => [line, title]),
      [
        [5, '▶ Train'],
        [5, 'Architecture'],
        [5, 'Export'],
        [5, '22 params · 2.59 KiB train mem @ batch 32'],
        [10, '▶ Train'],
        [10, 'Architecture'],
        [10, 'Export'],
        [10, '⚠ fix 1 error'],
      ],
    );
    // Shapes are still hinted up to the error.
    assert.deepEqual(await inlayLabels(document), [
      [6, '→ [4]'],
      [7, '→ [2]'],
      [11, '→ [8]'],
    ]);
  });

  it('keeps the lenses in place while another block or model has an error', async () => {
    const document = await openCopy('language.mlab');
    try {
      const before = await lensRows(document);
      await replaceOnLine(document, 4, 'noise 0.1', 'noise zero'); // the data block
      await replaceOnLine(document, 23, 'dense 2', 'dense two'); // the other model
      await eventually(() => (diagnosticsOf(document).length >= 2 ? true : undefined), 'two diagnostics');
      const after = await lensRows(document);
      assert.equal(after.length, before.length);
      assert.deepEqual(
        after.map(([line, , model]) => [line, model]),
        before.map(([line, , model]) => [line, model]),
      );
      assert.deepEqual(after.slice(0, 4), before.slice(0, 4), 'model mlp is untouched');
      assert.deepEqual(after.slice(4, 7), before.slice(4, 7), 'model deep keeps ▶ Train, Architecture, Export');
      assert.equal(after[7][1], '⚠ fix 1 error');
    } finally {
      await closeCopy(document);
    }
  });

  it('opens New Experiment as a clean example: no diagnostics, a Train lens and a summary', async () => {
    // The command's own editor: under load the active editor may still be the previous one.
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('modelLab.newExperiment', 'toy-2d');
    const document = editor.document;
    try {
      assert.equal(document.languageId, 'mlab');
      const rows = await lensRows(document);
      assert.deepEqual(
        rows.slice(0, 3).map(([, title, model]) => [title, model]),
        [
          ['▶ Train', 'classifier'],
          ['Architecture', 'classifier'],
          ['Export', 'classifier'],
        ],
      );
      assert.match(rows[3][1], /params · .* train mem @ batch 32$/);
      await new Promise((r) => setTimeout(r, 400)); // past the diagnostics' debounce
      assert.deepEqual(diagnosticsOf(document), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('formats a document idempotently without changing its meaning', async () => {
    const document = await openCopy('unformatted.mlab');
    try {
      const meaningBefore = meaning(analyze(document.getText()));
      const options = { tabSize: 2, insertSpaces: true };
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
      assert.ok(edits.length > 0, 'the messy fixture needs formatting');
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, edits);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.equal(document.lineAt(7).text, '  dense 8 relu # a note stays');
      assert.equal(document.lineAt(9).text, '    dense 8');
      assert.deepEqual(meaning(analyze(document.getText())), meaningBefore);
      const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
      assert.deepEqual(again ?? [], [], 'formatting a formatted document changes nothing');
    } finally {
      await closeCopy(document);
    }
  });
});

/** What a file means: diagnostics, every layer with its shape and size, and the resolved runs. */
function meaning(analysis: Analysis): unknown {
  return {
    diagnostics: analysis.diagnostics.map((d) => [d.severity, d.message]),
    models: analysis.models.map((m) => [m.name, m.inputShape, m.layers.map((l) => [l.label, l.outputShape, l.params, l.flops])]),
    data: analysis.data.map((d) => [d.name, d.spec]),
    trains: analysis.trains.map((t) => t.configs),
  };
}
