// The Runs tree: one item per run folder found under each workspace folder's .modellab/runs.
// The run store of the training issue groups them by experiment and model.
import * as vscode from 'vscode';

export class RunsTreeProvider implements vscode.TreeDataProvider<vscode.Uri>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(uri: vscode.Uri): vscode.TreeItem {
    const item = new vscode.TreeItem(uri.path.split('/').pop() ?? uri.path, vscode.TreeItemCollapsibleState.None);
    item.resourceUri = uri;
    item.iconPath = new vscode.ThemeIcon('pulse');
    item.tooltip = uri.fsPath;
    return item;
  }

  async getChildren(element?: vscode.Uri): Promise<vscode.Uri[]> {
    if (element) return [];
    const runs: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const dir = vscode.Uri.joinPath(folder.uri, '.modellab', 'runs');
      try {
        for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
          if (type === vscode.FileType.Directory) runs.push(vscode.Uri.joinPath(dir, name));
        }
      } catch {
        // No runs folder yet: nothing trained in this workspace folder.
      }
    }
    return runs.sort((a, b) => b.path.localeCompare(a.path));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
