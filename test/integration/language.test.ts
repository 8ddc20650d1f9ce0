// The language features in a real VS Code, through the same provider commands the editor uses:
// hover, inlay hints, completion, CodeLens, outline and folding on an error-free fixture.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { hoverText, inlayLabels, lensRows } from './language-util';
import { openFixture } from './util';

const SUMMARY = /^[\d,]+ params · [\d.]+ (B|KiB|MiB|GiB) train mem @ batch \d+$/;

describe('language features', () => {
  let document: vscode.TextDocument;
  before(async () => {
    document = await openFixture('language.mlab');
  });

  it('hovers a layer with its output shape, parameters and FLOPs, then its docs', async () => {
    const text = await hoverText(document, 9, 4); // `dense 16 relu` in model mlp
    assert.match(text, /output \[16\] · 48 params · 32 FLOPs/);
    assert.match(text, /Fully connected layer/);
  });

  it('hovers a model name with a summary table of its layers and totals', async () => {
    const text = await hoverText(document, 8, 7); // `model mlp`
    assert.match(text, /\*\*model mlp\*\* · \[2\] → \[2\]/);
    assert.match(text, /\| Layer \| Output shape \| Params \| FLOPs \|/);
    assert.match(text, /\| dense 16 relu \| \[16\] \| 48 \| 32 \|/);
    assert.match(text, /\| dropout 0\.1 \| \[16\] \| 0 \| 0 \|/);
    assert.match(text, /\| dense 2 \| \[2\] \| 34 \| 32 \|/);
    assert.match(text, /\*\*82\*\* params/);
    assert.match(text, /at batch 64 with adam \(train mlp on moons\)/);
    // The same table where the model is named in a train block.
    assert.match(await hoverText(document, 26, 7), /\| dense 16 relu \| \[16\] \| 48 \| 32 \|/);
  });

  it('hovers a setting key with its documentation', async () => {
    const text = await hoverText(document, 27, 3); // `loss:`
    assert.ok(text.length > 20, `loss has docs: ${text}`);
  });

  it('shows the output shape after each layer line as an inlay hint, also inside residual and repeat', async () => {
    assert.deepEqual(await inlayLabels(document), [
      [9, '→ [16]'],
      [10, '→ [16]'],
      [11, '→ [2]'],
      [15, '→ [8]'],
      [17, '→ [8]'],
      [18, '→ [8]'],
      [19, '→ [8]'], // after the residual's closing brace
      [21, '→ [8]'],
      [22, '→ [8]'],
      [23, '→ [2]'],
    ]);
  });

  it('turns the inlay hints off with modelLab.inlayHints.enabled', async () => {
    const config = vscode.workspace.getConfiguration('modelLab');
    await config.update('inlayHints.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(await inlayLabels(document), []);
    } finally {
      await config.update('inlayHints.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal((await inlayLabels(document)).length, 10);
  });

  it('completes layer names inside a model block, with their documentation', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(10, 2),
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const layer of ['dense', 'conv2d', 'dropout', 'residual', 'repeat']) assert.ok(labels.includes(layer), `offers ${layer}`);
    assert.ok(!labels.includes('loss'), 'no train settings inside a model');
    const dense = list.items.find((i) => i.label === 'dense')!;
    assert.equal(dense.kind, vscode.CompletionItemKind.Class);
    const doc = dense.documentation;
    assert.match(typeof doc === 'string' ? doc : (doc?.value ?? ''), /Fully connected layer/);
  });

  it('completes options and activations after a layer, settings in a train block, blocks at the top level', async () => {
    const at = async (line: number, character: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(line, character),
      );
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const afterDense = await at(9, 11); // `  dense 16 |relu`
    assert.ok(afterDense.includes('relu') && afterDense.includes('init'), afterDense.join(' '));
    const inTrain = await at(28, 2); // start of `optimizer:` line
    assert.ok(inTrain.includes('metrics'), inTrain.join(' '));
    const topLevel = await at(2, 0);
    assert.ok(
      ['data', 'model', 'train'].every((k) => topLevel.includes(k)),
      topLevel.join(' '),
    );
  });

  it('puts ▶ Train · Architecture · Export and a summary above each model, with the model as argument', async () => {
    const rows = await lensRows(document);
    assert.deepEqual(
      rows.map(([line, title, model]) => [line, SUMMARY.test(title) ? 'summary' : title, model]),
      [
        [8, '▶ Train', 'mlp'],
        [8, 'Architecture', 'mlp'],
        [8, 'Export', 'mlp'],
        [8, 'summary', undefined],
        [14, '▶ Train', 'deep'],
        [14, 'Architecture', 'deep'],
        [14, 'Export', 'deep'],
        [14, 'summary', undefined],
      ],
    );
    assert.match(rows[3][1], /^82 params · .* @ batch 64$/); // batch of `train mlp on moons`
    assert.match(rows[7][1], /^378 params · .* @ batch 32$/); // no train block: the default batch
    const commands = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri))
      .map((l) => l.command?.command)
      .filter((c) => c !== 'modelLab.previewData');
    assert.deepEqual(commands.slice(0, 3), ['modelLab.train', 'modelLab.showArchitecture', 'modelLab.export']);
  });

  it('outlines notes, data, models with their layers, and train blocks', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['Fixture for the language features: notes, a data set, two models, a train block.', 'moons', 'mlp', 'deep', 'train mlp on moons'],
    );
    const mlp = symbols[2];
    assert.equal(mlp.kind, vscode.SymbolKind.Class);
    assert.equal(mlp.detail, '[2] → [2]');
    assert.deepEqual(
      mlp.children.map((c) => c.name),
      ['dense 16 relu', 'dropout 0.1', 'dense 2'],
    );
    const residual = symbols[3].children.find((c) => c.name === 'residual');
    assert.deepEqual(
      residual?.children.map((c) => c.name),
      ['dense 8 relu', 'dense 8'],
    );
    assert.deepEqual(
      symbols[4].children.map((c) => c.name),
      ['loss', 'optimizer', 'epochs', 'batch'],
    );
  });

  it('folds blocks, residual/repeat bodies and runs of notes', async () => {
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.deepEqual(
      ranges.map((r) => [r.start, r.end, r.kind === vscode.FoldingRangeKind.Comment ? 'note' : 'block']),
      [
        [0, 1, 'note'],
        [3, 5, 'block'],
        [8, 11, 'block'],
        [14, 23, 'block'],
        [16, 18, 'block'],
        [20, 21, 'block'],
        [26, 30, 'block'],
      ],
    );
  });
});
