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

  /** Before the host says what it reads: an indeterminate bar. */
  waiting(): void {
    this.show('Loading the data…', null);
  }

  update(phase: LoadPhase, label: string, done: number, total: number): void {
    const { text, fraction } = loadLine(phase, label, done, total);
    this.show(text, fraction);
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
