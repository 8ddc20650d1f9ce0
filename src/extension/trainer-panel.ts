// The trainer webview panel: one per window, reused for each model trained. It owns the channel
// to the page, completes the handshake and asks the page what compute it has (WebGPU runs in the
// webview's browser, so only the page can tell) once per window: a later page is told the answer.
// It draws the live charts from the window's ChartHistory, as the Training view does.
import * as vscode from 'vscode';
import { Channel } from '../protocol/channel';
import type { Params } from '../protocol/envelope';
import { HostToTrainer, TrainerToHost } from '../protocol/trainer';
import { type ComputeInfo, type DevicePreference, type TrainTarget } from '../protocol/wire';
import { PanelPage } from './pages/page';
import { FirstPointTiming } from './first-point-timing';
import { forwardChange, type ChartHistory } from './chart-history';

export type TrainerChannel = Channel<typeof HostToTrainer, typeof TrainerToHost>;
type StartRunParams = Params<typeof HostToTrainer, 'startRun'>;
/** The page's mark that ends a timing line: the first loss point is drawn on the chart. */
const FIRST_POINT_MARK = 'page first point drawn';

export class TrainerPanel implements vscode.Disposable {
  private static current: TrainerPanel | undefined;
  private static readonly probed = new vscode.EventEmitter<ComputeInfo>();
  /** Fires each time a trainer page reports its compute (status bar, chart view listen). */
  static readonly onDidProbeCompute = TrainerPanel.probed.event;
  /** The window's probe, per device preference: an adapter does not come and go while it is open. */
  private static readonly probes = new Map<DevicePreference, ComputeInfo>();
  private static history: ChartHistory | undefined;

  /** The window's chart history: the panel draws every run's curves from it. */
  static drawFrom(history: ChartHistory): void {
    TrainerPanel.history = history;
  }

  private readonly page: PanelPage<typeof HostToTrainer, typeof TrainerToHost>;
  private computeInfo: Promise<ComputeInfo>;
  private loaded = false;
  private timing: FirstPointTiming | null = null;

  static show(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, target: TrainTarget, preference: DevicePreference): TrainerPanel {
    const clickedAt = Date.now();
    const warm = TrainerPanel.current !== undefined;
    const panel = (TrainerPanel.current ??= new TrainerPanel(extensionUri, log, preference));
    panel.timing = new FirstPointTiming(`${target.file} · ${target.model} (${warm ? 'warm page' : 'new page'})`, clickedAt);
    panel.timing.mark('host panel shown');
    TrainerPanel.history?.beginGroup();
    panel.retarget(target);
    return panel;
  }

  static get active(): TrainerPanel | undefined {
    return TrainerPanel.current;
  }

  private constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly preference: DevicePreference,
  ) {
    this.page = new PanelPage(
      { extensionUri, log: this.log },
      {
        entry: 'trainer',
        title: 'Model Lab: Trainer',
        toPage: HostToTrainer,
        fromPage: TrainerToHost,
        closed: 'the trainer panel was closed',
        viewType: 'modelLab.trainer',
        column: vscode.ViewColumn.Beside,
        retainContextWhenHidden: true, // a training run lives in this page: hiding the tab must not kill it
      },
    );
    this.page.track({ dispose: () => TrainerPanel.current === this && (TrainerPanel.current = undefined) });
    this.computeInfo = this.probeOnce();
    this.watchTiming();
    this.feedCharts();
    this.channel.on(
      'runStarted',
      (m) =>
        void this.computeInfo.then(
          (info) => m.device !== info.backend && this.showCompute({ ...info, backend: m.device, reason: m.deviceNote }),
        ),
    );
  }

  /** The charts' feed: every change of the history, and the whole of it when the page asks. */
  private feedCharts(): void {
    const history = TrainerPanel.history;
    if (!history) return;
    this.channel.handle('history', () => history.batches());
    this.channel.handle('runs', () => history.runs());
    this.channel.notify('current', { runIds: [...history.current] });
    const unlisten = history.listen((change) => forwardChange((type, payload) => this.channel.notify(type, payload), change));
    this.page.track({ dispose: unlisten });
  }

  /** Where a run computes when the host knows it better than the probe (the host's CPU worker's line). */
  ranOn(info: ComputeInfo): void {
    this.showCompute(info);
  }

  /** The run went where the probe did not say (its device failed to start): everyone is told. */
  private showCompute(info: ComputeInfo): void {
    this.channel.notify('compute', info);
    TrainerPanel.probed.fire(info);
  }

  /** Train one run on the page (resolves once it started on its device). */
  startRun(params: StartRunParams, timeoutMs: number): Promise<{ device: 'webgpu' | 'cpu' }> {
    this.timing?.mark('host startRun sent');
    return this.channel.request('startRun', params, timeoutMs);
  }

  /** The marks of the page and the host's own, logged once the first loss point is on screen. */
  private watchTiming(): void {
    const c = this.channel;
    c.on('runStarted', () => this.timing?.mark('host runStarted'));
    c.on('runProgress', () => this.timing?.mark('host first progress'));
    c.on('timing', ({ marks }) => {
      const t = this.timing;
      if (!t || t.finished) return;
      t.add(marks.filter((m) => m.at >= t.clickedAt));
      if (marks.some((m) => m.name === FIRST_POINT_MARK)) this.log.info(t.finish());
    });
  }

  get channel(): TrainerChannel {
    return this.page.channel;
  }

  get panel(): vscode.WebviewPanel {
    return this.page.panel;
  }

  get isDisposed(): boolean {
    return this.page.isDisposed;
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

  /** The page's probe, the first time in this window; afterwards the cached answer at once, so a
   *  run's data is loaded and sent while the new page is still loading. */
  private probeOnce(): Promise<ComputeInfo> {
    this.channel.onPeerReady(() => {
      this.loaded = true;
      this.timing?.mark('host handshake');
    });
    const cached = TrainerPanel.probes.get(this.preference);
    if (cached) {
      this.channel.notify('compute', cached);
      return Promise.resolve(cached);
    }
    return new Promise<ComputeInfo>((resolve, reject) => {
      this.channel.onPeerReady(() => {
        this.channel.request('probeCompute', { preference: this.preference }, 30_000).then((info) => {
          this.timing?.mark('host probed');
          TrainerPanel.probes.set(this.preference, info);
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
