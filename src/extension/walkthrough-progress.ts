// Checks off the walkthrough's steps that a CodeLens or the Runs tree does. Those call our commands
// with arguments, which the extension host delegates internally, so the walkthrough's
// `onCommand:` events never see them; a command that did its job sets a context key instead, and
// the step completes on `onContext:` (package.json, contributes.walkthroughs).
import * as vscode from 'vscode';
import { WALKTHROUGH_CONTEXT } from './command-ids';

/** `result`, once settled; a truthy one (the command did its job) completes the step. */
export async function stepDone<T>(step: keyof typeof WALKTHROUGH_CONTEXT, result: T | Promise<T>): Promise<T> {
  const value = await result;
  if (value) void vscode.commands.executeCommand('setContext', WALKTHROUGH_CONTEXT[step], true);
  return value;
}
