// Workspace trust as the trust gate needs it: VS Code's isTrusted, a message with a way to trust
// the folder, and a log line when trust is granted (the gate reads isTrusted at each call).
import * as vscode from 'vscode';
import type { Trust } from './trust-gate';

const MANAGE = 'Manage Workspace Trust';

export function workspaceTrust(log: vscode.LogOutputChannel): Trust & vscode.Disposable {
  const granted = vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('the folder is trusted: training, re-run and export are on'));
  return {
    get isTrusted() {
      return vscode.workspace.isTrusted;
    },
    refuse(message) {
      log.info(message);
      void vscode.window
        .showWarningMessage(message, MANAGE)
        .then((choice) => choice === MANAGE && vscode.commands.executeCommand('workbench.trust.manage'));
    },
    dispose: () => granted.dispose(),
  };
}
