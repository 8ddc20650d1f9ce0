// The trainer page's data bar: what is loading and how far, while the host reads a data set
// ("Reading fashion-train-images… 60 %", bytes of its files) and while the set arrives in the
// page ("Loading fashion-train-images… 34 %", examples), the first steps already training.

export type LoadPhase = 'read' | 'send';

/** The bar's words and its fraction (0..1); an unknown total leaves the bar indeterminate (null). */
export function loadLine(phase: LoadPhase, label: string, done: number, total: number): { text: string; fraction: number | null } {
  if (total <= 0) return { text: `Loading ${label}…`, fraction: null };
  const fraction = Math.min(1, Math.max(0, done / total));
  return { text: `${phase === 'read' ? 'Reading' : 'Loading'} ${label}… ${Math.floor(fraction * 100)} %`, fraction };
}

export class LoadView {
  private readonly text: HTMLElement;
  private readonly bar: HTMLProgressElement;

  constructor(private readonly root: HTMLElement) {
    root.innerHTML = `<strong id="data-load-text"></strong><progress id="data-load-bar" max="1"></progress>`;
    this.text = root.querySelector('#data-load-text')!;
    this.bar = root.querySelector('#data-load-bar')!;
    root.hidden = true;
  }

  /** The percentages shown so far of this load's arrival ('send'), in the element's data-arrived
   *  (a record the e2e test reads: a bar can move faster than a test looks). */
  private arrived: number[] = [];

  /** Before the host says what it reads: an indeterminate bar. */
  waiting(): void {
    this.arrived = [];
    this.root.dataset.arrived = '';
    this.show('Loading the data…', null);
  }

  update(phase: LoadPhase, label: string, done: number, total: number): void {
    const { text, fraction } = loadLine(phase, label, done, total);
    this.show(text, fraction);
    const percent = fraction === null ? null : Math.floor(fraction * 100);
    if (phase === 'send' && percent !== null && this.arrived[this.arrived.length - 1] !== percent) {
      this.arrived = [...this.arrived.slice(-49), percent];
      this.root.dataset.arrived = this.arrived.join(' ');
    }
  }

  hide(): void {
    this.root.hidden = true;
  }

  private show(text: string, fraction: number | null): void {
    this.root.hidden = false;
    this.text.textContent = text;
    this.bar.setAttribute('aria-label', text);
    if (fraction === null) this.bar.removeAttribute('value');
    else this.bar.value = fraction;
  }
}
