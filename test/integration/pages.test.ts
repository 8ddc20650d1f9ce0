// Pages on the one helper (src/extension/pages/page.ts) in a real VS Code: closing a page's tab
// disposes it once and forgets it, so the same command then opens a fresh page that works.
// Fixtures are only read.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { PreviewResult } from '../../src/extension/data-preview';
import type { ArchitectureResult } from '../../src/extension/diagram';
import { eventually, openFixture } from './util';

const tabs = (label: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === label);

async function closeTab(label: string): Promise<void> {
  const tab = await eventually(() => tabs(label)[0], `a tab "${label}"`);
  assert.ok(await vscode.window.tabGroups.close(tab), `the tab "${label}" closed`);
  await eventually(() => (tabs(label).length === 0 ? true : undefined), `no tab "${label}" left`);
}

describe('pages', () => {
  it('opens a fresh data preview after its tab was closed', async () => {
    const document = await openFixture('data.mlab');
    const preview = () => vscode.commands.executeCommand<PreviewResult | undefined>('modelLab.previewData', document.uri, 'table');
    assert.deepEqual(await preview(), { name: 'table', ok: true });
    await closeTab('Data · table');
    assert.deepEqual(await preview(), { name: 'table', ok: true });
    await eventually(() => (tabs('Data · table').length === 1 ? true : undefined), 'a new tab "Data · table"');
  });

  it('opens a fresh architecture panel after its tab was closed', async () => {
    const document = await openFixture('two-models.mlab');
    const show = () => vscode.commands.executeCommand<ArchitectureResult | undefined>('modelLab.showArchitecture', document.uri, 'small');
    assert.deepEqual(await show(), { model: 'small', nodes: 3 });
    await closeTab('Architecture · small');
    assert.deepEqual(await show(), { model: 'small', nodes: 3 });
    await eventually(() => (tabs('Architecture · small').length === 1 ? true : undefined), 'a new tab "Architecture · small"');
  });
});
