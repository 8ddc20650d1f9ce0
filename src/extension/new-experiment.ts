// "Model Lab: New Experiment": a quick pick of starting points (templates/), each opened as an
// untitled, commented experiment a person can train or fill in. A caller (a test, a walkthrough
// link) may name the template and skip the pick.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './command-ids';
import { TEMPLATES, templateById, type ExperimentTemplate } from './templates';

export async function newExperiment(templateId?: string): Promise<vscode.TextEditor | undefined> {
  const template = templateId ? templateById(templateId) : await pickTemplate();
  if (!template) {
    if (templateId) void vscode.window.showWarningMessage(`Model Lab: no experiment template '${templateId}'.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: template.text });
  return vscode.window.showTextDocument(document);
}

async function pickTemplate(): Promise<ExperimentTemplate | undefined> {
  const items = TEMPLATES.map((t) => ({ label: t.label, detail: t.detail, template: t }));
  const picked = await vscode.window.showQuickPick(items, { title: 'New Experiment', placeHolder: 'What will the model learn from?' });
  return picked?.template;
}
