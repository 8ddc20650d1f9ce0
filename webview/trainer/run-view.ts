// The run section of the trainer page: progress, the latest numbers, Stop / Pause / learning rate.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';

export interface RunViewActions {
  stop(): void;
  pause(paused: boolean): void;
  setLearningRate(lr: number | null): void;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? Math.round(v).toLocaleString('en-US') : v.toPrecision(4));

export class RunView {
  private readonly root: HTMLElement;
  private paused = false;
  private totalSteps = 0;

  constructor(
    host: HTMLElement,
    private readonly actions: RunViewActions,
  ) {
    this.root = document.createElement('section');
    this.root.className = 'run';
    this.root.innerHTML = `
      <div class="run-head"><strong id="run-state">Starting…</strong></div>
      <progress id="run-progress" max="1" value="0"></progress>
      <div id="run-live" class="numbers"></div>
      <div id="run-epoch" class="numbers"></div>
      <figure id="run-sample" hidden><figcaption class="muted"></figcaption><pre></pre></figure>
      <div class="run-controls">
        <vscode-button id="run-pause" secondary>Pause</vscode-button>
        <vscode-button id="run-stop">Stop</vscode-button>
        <label>learning rate <vscode-textfield id="run-lr" placeholder="schedule" size="10"></vscode-textfield></label>
      </div>
      <div id="run-message" class="muted"></div>`;
    host.replaceChildren(this.root);
    this.el('run-stop').addEventListener('click', () => this.actions.stop());
    this.el('run-pause').addEventListener('click', () => this.actions.pause(!this.paused));
    this.el('run-lr').addEventListener('change', (e) => {
      const text = (e.target as HTMLInputElement).value.trim();
      const lr = text === '' ? null : Number(text);
      if (lr === null || (Number.isFinite(lr) && lr > 0)) this.actions.setLearningRate(lr);
      else this.message(`'${text}' is not a learning rate`);
    });
  }

  /** The device is the compute line's to say (one story, describeCompute's words). */
  started(stepsPerEpoch: number, epochs: number): void {
    this.totalSteps = stepsPerEpoch * epochs;
    this.el('run-state').textContent = 'Training';
  }

  progress(step: number, epoch: number, loss: number): void {
    (this.el('run-progress') as HTMLProgressElement).value = this.totalSteps ? step / this.totalSteps : 0;
    this.numbers('run-live', { epoch, step, loss });
  }

  epoch(metrics: Record<string, number>, epoch: number, samplesPerSec: number): void {
    this.numbers('run-epoch', { [`epoch ${epoch}:`]: NaN, ...metrics, 'samples/s': samplesPerSec });
  }

  /** A language model's newest sample (the train block's `samples:`), replacing the one before. */
  sample(epoch: number, text: string): void {
    const box = this.el('run-sample');
    box.querySelector('figcaption')!.textContent = `sample after epoch ${epoch}`;
    box.querySelector('pre')!.textContent = text;
    box.hidden = false;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.el('run-pause').textContent = paused ? 'Resume' : 'Pause';
    this.el('run-state').textContent = paused ? 'Paused' : 'Training';
  }

  ended(status: string, message: string): void {
    this.el('run-state').textContent = status === 'completed' ? 'Done' : status.replace('_', ' ');
    for (const id of ['run-pause', 'run-stop']) this.el(id).setAttribute('disabled', '');
    this.message(message);
  }

  message(text: string): void {
    this.el('run-message').textContent = text;
  }

  private numbers(id: string, values: Record<string, number>): void {
    const box = this.el(id);
    box.replaceChildren(
      ...Object.entries(values).map(([k, v]) => {
        const item = document.createElement('span');
        item.dataset.metric = k;
        item.textContent = Number.isNaN(v) && k.endsWith(':') ? k : `${k} ${fmt(v)}`;
        return item;
      }),
    );
  }

  private el(id: string): HTMLElement {
    return this.root.querySelector(`#${id}`)!;
  }
}
