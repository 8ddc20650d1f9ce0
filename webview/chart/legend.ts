// The charts' legend as HTML buttons instead of Chart.js' canvas legend: each line's colour and
// dash, its name, and a toggle a keyboard reaches (Tab) and uses (Enter, Space), with the focus
// visible. The buttons are kept across redraws (a few a second), so the focus stays where it is.

export interface LegendEntry {
  /** What a click toggles: the run's metric (its raw and smoothed loss go together). */
  readonly group: string;
  readonly label: string;
  readonly color: string;
  readonly dash: readonly number[];
  readonly hidden: boolean;
}

export class HtmlLegend {
  private readonly buttons = new Map<string, HTMLButtonElement>();

  constructor(
    private readonly root: HTMLElement,
    private readonly onToggle: (group: string) => void,
  ) {
    root.classList.add('chart-legend');
    root.setAttribute('role', 'group');
  }

  update(entries: readonly LegendEntry[]): void {
    const keys = entries.map((e) => `${e.group}\u0000${e.label}`);
    for (const [key, button] of this.buttons) {
      if (!keys.includes(key)) {
        button.remove();
        this.buttons.delete(key);
      }
    }
    entries.forEach((e, i) => {
      const key = keys[i]!;
      let button = this.buttons.get(key);
      if (!button) this.buttons.set(key, (button = this.create(e)));
      button.setAttribute('aria-pressed', String(!e.hidden));
      button.title = `${e.hidden ? 'Show' : 'Hide'} ${e.label}`;
      swatch(button.querySelector('canvas')!, e.color, e.dash);
    });
    // Re-order only when the order changed: moving a button would take the keyboard focus away.
    const order = [...this.root.children];
    if (order.length !== keys.length || order.some((el, i) => el !== this.buttons.get(keys[i]!))) {
      this.root.replaceChildren(...keys.map((k) => this.buttons.get(k)!));
    }
  }

  private create(e: LegendEntry): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'chart-legend-item';
    const mark = document.createElement('canvas');
    mark.width = 22;
    mark.height = 8;
    mark.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.textContent = e.label;
    button.append(mark, text);
    button.addEventListener('click', () => this.onToggle(e.group));
    return button;
  }
}

/** The line's colour and dash on a small canvas (the CSP allows no inline styles). */
function swatch(canvas: HTMLCanvasElement, color: string, dash: readonly number[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash([...dash]);
  ctx.beginPath();
  ctx.moveTo(1, canvas.height / 2);
  ctx.lineTo(canvas.width - 1, canvas.height / 2);
  ctx.stroke();
}
