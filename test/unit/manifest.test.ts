// package.json is the extension's contract with VS Code: check it against the code.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS, CUSTOM_EDITOR_IDS, LANGUAGE_ID, SETTINGS, VIEW_IDS } from '../../src/extension/command-ids';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('manifest', () => {
  it('contributes exactly the commands of COMMAND_IDS, the table activate() registers from', () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, [...COMMAND_IDS].sort());
    // That the extension registers them at run time is behaviour, checked where it happens: the
    // integration suite's activation test asks vscode.commands.getCommands after activation.
  });

  it('gives every command a title and category', () => {
    for (const c of contributes.commands) {
      assert.ok(c.title && c.category === 'Model Lab', `${c.command} has a title and the Model Lab category`);
    }
  });

  it('only refers to known commands in menus and welcome views', () => {
    const known = new Set<string>(COMMAND_IDS);
    for (const [menu, items] of Object.entries<{ command: string }[]>(contributes.menus)) {
      for (const item of items) assert.ok(known.has(item.command), `menu ${menu} names unknown command ${item.command}`);
    }
    for (const welcome of contributes.viewsWelcome) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(known.has(id), `welcome names unknown ${id}`);
    }
  });

  it('declares the views the code registers, in existing containers', () => {
    const views = Object.entries<{ id: string; type?: string }[]>(contributes.views);
    const ids = views.flatMap(([, list]) => list.map((v) => v.id));
    assert.deepEqual(ids.sort(), Object.values(VIEW_IDS).sort());
    const containers = [...contributes.viewsContainers.activitybar, ...contributes.viewsContainers.panel].map((c: { id: string }) => c.id);
    for (const [container] of views) assert.ok(containers.includes(container), `view container ${container} is declared`);
    const training = views.flatMap(([, l]) => l).find((v) => v.id === VIEW_IDS.training);
    assert.equal(training?.type, 'webview');
  });

  it('declares the custom editors the code registers: the ONNX viewer on *.onnx, activating the extension', () => {
    const editors = contributes.customEditors as { viewType: string; selector: { filenamePattern: string }[] }[];
    assert.deepEqual(editors.map((e) => e.viewType).sort(), Object.values(CUSTOM_EDITOR_IDS).sort());
    const onnx = editors.find((e) => e.viewType === CUSTOM_EDITOR_IDS.onnx);
    assert.deepEqual(onnx?.selector, [{ filenamePattern: '*.onnx' }]);
    assert.ok(manifest.activationEvents.includes(`onCustomEditor:${CUSTOM_EDITOR_IDS.onnx}`));
  });

  it('declares the mlab language with its grammar and configuration files present', () => {
    const language = contributes.languages.find((l: { id: string }) => l.id === LANGUAGE_ID);
    assert.deepEqual(language.extensions, ['.mlab']);
    assert.ok(existsSync(join(root, language.configuration)));
    const grammar = contributes.grammars.find((g: { language: string }) => g.language === LANGUAGE_ID);
    assert.ok(existsSync(join(root, grammar.path)));
    assert.ok(manifest.activationEvents.includes(`onLanguage:${LANGUAGE_ID}`));
  });

  it('declares the settings the code reads, with their defaults', () => {
    const props = contributes.configuration.properties;
    assert.equal(props[`modelLab.${SETTINGS.codeLens}`].default, true);
    assert.deepEqual(props[`modelLab.${SETTINGS.device}`].enum, ['auto', 'webgpu', 'cpu']);
    assert.equal(props[`modelLab.${SETTINGS.device}`].default, 'auto');
  });

  it('points main at the bundle the build writes', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8').includes("outfile: 'dist/extension.js'"));
  });
});
