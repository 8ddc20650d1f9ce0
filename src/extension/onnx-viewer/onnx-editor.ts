// The ONNX viewer: a custom read-only editor for .onnx files (any tool's, PyTorch's included).
// The host reads and decodes the file (onnxShow) and sends the page its summary and diagram; the
// page draws them. The file is read again when it changes on disk. `modelLab.openOnnxViewer`
// opens a file in it and resolves once the page has drawn it, with what it drew.
import * as vscode from 'vscode';
import { HostToOnnx, OnnxToHost } from '../../protocol/onnx-viewer';
import { CUSTOM_EDITOR_IDS } from '../command-ids';
import { EditorPage } from '../pages/page';
import { Rendered } from '../pages/rendered';
import { onnxShow } from './wire';

export const ONNX_VIEW_TYPE = CUSTOM_EDITOR_IDS.onnx;

/** What the viewer drew for a file: the command's result. */
export interface OnnxViewResult {
  readonly file: string;
  readonly nodes: number;
  readonly operators: number;
  readonly unknown: number;
}

export class OnnxEditorProvider implements vscode.CustomReadonlyEditorProvider {
  /** The last drawing of each open file, by URI, and the waits for files not drawn yet. */
  private readonly drawings = new Map<string, Rendered<OnnxViewResult>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    const page = new EditorPage(
      { extensionUri: this.extensionUri, log: this.log },
      { entry: 'onnx', title: 'ONNX model', toPage: HostToOnnx, fromPage: OnnxToHost, closed: 'the ONNX viewer was closed' },
      panel,
    );
    const send = async () => {
      const bytes = await vscode.workspace.fs.readFile(document.uri);
      page.channel.notify('show', onnxShow(document.uri.fsPath, bytes));
    };
    page.channel.on('shown', (s) => this.drawing(key).set({ file: document.uri.fsPath, ...s }));
    // A reloaded page (hidden and shown again) is sent the file again.
    page.channel.onPeerReady(() => void send().catch((e: unknown) => this.log.error(`ONNX viewer: ${String(e)}`)));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(document.uri, '*'));
    page.track(
      watcher,
      watcher.onDidChange(() => void send()),
      { dispose: () => this.drawing(key).reset() },
    );
  }

  /** Opens `uri` in the viewer; resolves with what the page drew (undefined after `timeoutMs`). */
  async open(uri: vscode.Uri, timeoutMs = 30_000): Promise<OnnxViewResult | undefined> {
    await vscode.commands.executeCommand('vscode.openWith', uri, ONNX_VIEW_TYPE);
    return (await this.drawing(uri.toString()).drawn(timeoutMs)) ?? undefined;
  }

  private drawing(key: string): Rendered<OnnxViewResult> {
    let d = this.drawings.get(key);
    if (!d) this.drawings.set(key, (d = new Rendered()));
    return d;
  }
}
