// The trainer webview panel: one per window, reused for each model trained. It owns the channel
// to the page, completes the handshake and asks the page what compute it has (WebGPU runs in the
// webview's browser, so only the page can tell).
import * as vscode from 'vscode';
import { Channel } from '../protocol/channel';
import { HostToTrainer, TrainerToHost } from '../protocol/trainer';
import { type ComputeInfo, type DevicePreference, type TrainTarget } from '../protocol/wire';
import { PanelPage } from './pages/page';

export type TrainerChannel = Channel<typeof HostToTrainer, typeof TrainerToHost>;

export class TrainerPanel implements vscode.Disposable {
  private static current: TrainerPanel | undefined;
  private static readonly probed = new vscode.EventEmitter<ComputeInfo>();
  /** Fires each time a trainer page reports its compute (status bar, chart view listen). */
  static readonly onDidProbeCompute = TrainerPanel.probed.event;

  private readonly page: PanelPage<typeof HostToTrainer, typeof TrainerToHost>;
  private computeInfo: Promise<ComputeInfo>;
  private loaded = false;

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, target: TrainTarget, preference: DevicePreference): TrainerPanel {
    const panel = (TrainerPanel.current ??= new TrainerPanel(extensionUri, log, preference));
    panel.retarget(target);
    return panel;
  }

  static get active(): TrainerPanel | undefined {
    return TrainerPanel.current;
  }

  private constructor(
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    private readonly preference: DevicePreference,
  ) {
    this.page = new PanelPage({ extensionUri, log }, {
      entry: 'trainer',
      title: 'Model Lab: Trainer',
      toPage: HostToTrainer,
      fromPage: TrainerToHost,
      closed: 'the trainer panel was closed',
      viewType: 'modelLab.trainer',
      column: vscode.ViewColumn.Beside,
      retainContextWhenHidden: true, // a training run lives in this page: hiding the tab must not kill it
    });
    this.page.track({ dispose: () => TrainerPanel.current === this && (TrainerPanel.current = undefined) });
    this.computeInfo = this.probeWhenReady();
  }

  get channel(): TrainerChannel {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  get onDidDispose(): vscode.Event<void> {
    return this.panel.onDidDispose;
  }

  /** Resolves once the page has answered the handshake and said what it computes on. */
  compute(): Promise<ComputeInfo> {
    return this.computeInfo;
  }

  private retarget(target: TrainTarget): void {
    this.panel.title = `Train · ${target.model}`;
    this.channel.notify('target', target);
    this.panel.reveal(undefined, true);
    this.keepShownUntilLoaded();
  }

  /** A webview page loads only while shown: if another tab (an Architecture diagram opened right
   *  after ▶ Train) covers the panel before its page said ready, bring it back until it has. */
  private keepShownUntilLoaded(): void {
    if (this.loaded) return;
    const timer = setInterval(() => {
      if (this.loaded || this.page.isDisposed) clearInterval(timer);
      else if (!this.panel.visible) this.panel.reveal(undefined, true);
    }, 500);
    this.page.track({ dispose: () => clearInterval(timer) });
  }

  private probeWhenReady(): Promise<ComputeInfo> {
    return new Promise<ComputeInfo>((resolve, reject) => {
      this.channel.onPeerReady(() => {
        this.loaded = true;
        this.channel
          .request('probeCompute', { preference: this.preference }, 30_000)
          .then((info) => {
            TrainerPanel.probed.fire(info);
            resolve(info);
          }, reject);
      });
    });
  }

  dispose(): void {
    this.page.dispose();
  }
}
