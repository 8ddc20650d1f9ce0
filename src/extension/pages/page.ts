// The one way a page of ours gets into a webview: a panel (PanelPage), a custom editor's panel
// (EditorPage) or a view (ViewPage), with the icon, the CSP HTML, the Channel over the webview,
// the page's `log` lines relayed into the Model Lab output channel, and a dispose that is safe to re-enter (panel.dispose() fires
// onDidDispose, which lands in dispose again). Every open panel is disposed with the extension
// (disposeOpenPages is in context.subscriptions). A page's owner adds only what is its own:
// its handlers, its listeners (`track`), its bookkeeping.
import * as vscode from 'vscode';
import { Channel } from '../../protocol/channel';
import type { Direction } from '../../protocol/envelope';
import type { LogLine } from '../../protocol/wire';
import { renderWebviewHtml, webviewOptions } from './html';

/** Every page's messages to the host include `log` lines for the output channel. */
export interface PageToHost extends Direction {
  readonly notifications: Direction['notifications'] & { readonly log: typeof LogLine };
}

/** What every page needs from the extension. */
export interface PageHost {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

export interface PageSpec<Out extends Direction, In extends PageToHost> {
  /** The bundle under dist/webview (webview/<entry>/main.ts), also the name in logs: 'trainer', 'chart', ... */
  readonly entry: string;
  readonly title: string;
  /** The page's message file: what the host sends, what the page sends. */
  readonly toPage: Out;
  readonly fromPage: In;
  /** Said in the rejections of requests still waiting when the page goes: 'the compare panel was closed'. */
  readonly closed: string;
  /** Only pages that run WebAssembly need 'wasm-unsafe-eval' in their CSP. */
  readonly wasm?: boolean;
}

export interface PanelSpec<Out extends Direction, In extends PageToHost> extends PageSpec<Out, In> {
  /** The webview panel's type id, 'modelLab.<page>'. */
  readonly viewType: string;
  readonly column: vscode.ViewColumn | { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus?: boolean };
  /** Keep the page alive while its tab is hidden (a training run, a report being drawn). */
  readonly retainContextWhenHidden?: boolean;
}

const openPanels = new Set<vscode.Disposable>();

/** Closes every page panel still open: in context.subscriptions, so deactivation leaves none. */
export const disposeOpenPages: vscode.Disposable = {
  dispose: () => {
    for (const page of [...openPanels]) page.dispose();
  },
};

/** The part panels and views share: one webview, one channel, its listeners, one dispose. */
abstract class Page<Out extends Direction, In extends PageToHost> implements vscode.Disposable {
  readonly channel: Channel<Out, In>;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected constructor(
    host: PageHost,
    private readonly spec: PageSpec<Out, In>,
    private readonly webview: vscode.Webview,
  ) {
    this.channel = new Channel(spec.toPage, spec.fromPage, (m) => void webview.postMessage(m), {
      name: spec.entry,
      warn: (m) => host.log.warn(m),
    });
    // Cast to the shape every page shares: the generic In would leave the payload's type open.
    (this.channel as unknown as Channel<Direction, PageToHost>).on('log', ({ level, message }) =>
      host.log[level](`[${spec.entry}] ${message}`),
    );
    this.track(webview.onDidReceiveMessage((m) => this.channel.receive(m)));
  }

  /** Sets the HTML last: the owner's handlers are installed synchronously before any message can arrive. */
  protected load(host: PageHost): void {
    this.webview.html = renderWebviewHtml(this.webview, host.extensionUri, this.spec);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Disposed with the page (listeners, timers, the owner's bookkeeping); at once if it is gone already. */
  track(...items: vscode.Disposable[]): void {
    if (this.disposed) for (const d of items) d.dispose();
    else this.disposables.push(...items);
  }

  dispose(reason = this.spec.closed): void {
    if (this.disposed) return; // closing the webview fires its onDidDispose, which lands here again
    this.disposed = true;
    // The owner's bookkeeping first (its `current` is cleared before anyone hears of the close),
    // then the waiting requests, then the webview.
    for (const d of this.disposables.splice(0)) d.dispose();
    this.channel.dispose(reason);
    this.close();
  }

  /** Closes the webview itself, where the extension may. */
  protected abstract close(): void;
}

/** A page in an editor tab, created here. */
export class PanelPage<Out extends Direction, In extends PageToHost> extends Page<Out, In> {
  readonly panel: vscode.WebviewPanel;

  constructor(host: PageHost, spec: PanelSpec<Out, In>) {
    const options = {
      ...webviewOptions(host.extensionUri, spec.wasm),
      ...(spec.retainContextWhenHidden ? { retainContextWhenHidden: true } : {}),
    };
    const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, spec.column, options);
    super(host, spec, panel.webview);
    this.panel = panel;
    panel.iconPath = pageIcon(host.extensionUri);
    this.track(panel.onDidDispose(() => this.dispose()));
    openPanels.add(this);
    this.track({ dispose: () => openPanels.delete(this) });
    this.load(host);
  }

  protected close(): void {
    this.panel.dispose();
  }
}

/** A page in a custom editor's tab (resolveCustomEditor): VS Code creates the panel, the page
 *  fills it; closing the tab disposes the page, and the extension's deactivation closes the tab. */
export class EditorPage<Out extends Direction, In extends PageToHost> extends Page<Out, In> {
  constructor(
    host: PageHost,
    spec: PageSpec<Out, In>,
    readonly panel: vscode.WebviewPanel,
  ) {
    panel.webview.options = webviewOptions(host.extensionUri);
    super(host, spec, panel.webview);
    this.track(panel.onDidDispose(() => this.dispose()));
    openPanels.add(this);
    this.track({ dispose: () => openPanels.delete(this) });
    this.load(host);
  }

  protected close(): void {
    this.panel.dispose();
  }
}

/** A page in a webview view (the panel area), given by VS Code each time the view is resolved. It
 *  is rebuilt each time it is shown: while hidden the channel buffers until the new page says ready. */
export class ViewPage<Out extends Direction, In extends PageToHost> extends Page<Out, In> {
  constructor(
    host: PageHost,
    spec: PageSpec<Out, In>,
    readonly view: vscode.WebviewView,
  ) {
    view.webview.options = webviewOptions(host.extensionUri);
    super(host, spec, view.webview);
    this.track(
      view.onDidChangeVisibility(() => view.visible || this.channel.peerLost()),
      view.onDidDispose(() => this.dispose()),
    );
    this.load(host);
  }

  protected close(): void {
    // A view belongs to VS Code: the extension cannot close it, only stop talking to it.
  }
}

export function pageIcon(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'model-lab.svg');
}
