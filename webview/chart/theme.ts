// Colours of the Training view, read from VS Code's theme variables, and re-read when the theme
// changes while the view is open (VS Code swaps body classes and rewrites the variables).

export interface Theme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly font: string;
  /** One colour per run, in order. */
  readonly palette: readonly string[];
  readonly markers: { readonly lr: string; readonly early_stop: string; readonly best: string };
  readonly highContrast: boolean;
}

/** VS Code's chart colours (with fallbacks), in the order series take them. */
export const PALETTE = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
] as const;

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-foreground', '#cccccc');
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    background: v('--vscode-panel-background', v('--vscode-editor-background', '#1e1e1e')),
    font: v('--vscode-font-family', 'sans-serif'),
    palette: PALETTE.map(([name, fallback]) => v(name, fallback)),
    markers: {
      lr: v('--vscode-charts-yellow', '#cca700'),
      early_stop: v('--vscode-charts-red', '#f14c4c'),
      best: v('--vscode-charts-green', '#89d185'),
    },
    highContrast:
      document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** Call `changed` (once per frame at most) whenever the body's classes or style, or the root's style, change. */
export function watchTheme(changed: (theme: Theme) => void): () => void {
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      changed(readTheme());
    });
  });
  const attributeFilter = ['class', 'style'];
  observer.observe(document.body, { attributes: true, attributeFilter });
  observer.observe(document.documentElement, { attributes: true, attributeFilter });
  return () => observer.disconnect();
}

/** The colour with an alpha, for faint lines: hex (#rgb, #rrggbb, #rrggbbaa) and rgb()/rgba(); others as they are. */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (m) {
    let hex = m[1]!;
    if (hex.length <= 4) hex = [...hex].map((d) => d + d).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const a = hex.length === 8 ? parseInt(hex.slice(6, 8), 16) / 255 : 1;
    return `rgba(${r}, ${g}, ${b}, ${round(a * alpha)})`;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/i.exec(c);
  if (m) {
    const a0 = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
    return `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${round(a0 * alpha)})`;
  }
  return c;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
