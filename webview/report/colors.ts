// Colours of the report's plots, as RGB triples so that canvases can mix them per pixel: the
// theme's chart colours for the classes, faded into the background by how sure the model is.
// Pure (no DOM) apart from readReportTheme, so the unit tests check the mixing.
import { PALETTE } from '../chart/theme';

export type Rgb = readonly [number, number, number];

export interface ReportTheme {
  readonly background: Rgb;
  readonly foreground: Rgb;
  readonly error: Rgb;
  /** One colour per class, repeated when there are more classes than colours. */
  readonly palette: readonly Rgb[];
}

export function readReportTheme(): ReportTheme {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string): Rgb => parseColor(style.getPropertyValue(name)) ?? parseColor(fallback)!;
  // The body's computed colours always resolve (webview.css sets them from the theme), so they
  // stand in for a variable the theme leaves out.
  const background = parseColor(style.backgroundColor) ?? [0, 0, 0];
  const foreground = parseColor(style.color) ?? [255, 255, 255];
  return {
    background,
    foreground,
    error: parseColor(style.getPropertyValue('--vscode-errorForeground')) ?? foreground,
    palette: PALETTE.map(([name, fallback]) => v(name, fallback)),
  };
}

/** #rgb, #rrggbb, #rrggbbaa (alpha dropped) and rgb()/rgba(); null for anything else. */
export function parseColor(text: string): Rgb | null {
  const c = text.trim();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (m) {
    let hex = m[1]!;
    if (hex.length <= 4) hex = [...hex].map((d) => d + d).join('');
    return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** a + (b - a) t, per channel, rounded. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! + (b[i]! - a[i]!) * t)) as unknown as Rgb;
}

export const css = (c: Rgb): string => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export const classColor = (theme: ReportTheme, k: number): Rgb => theme.palette[k % theme.palette.length]!;

/** How strongly a cell shows its class: a guess (probability 1/C) barely, certainty at 80%. */
export function strength(probability: number, classes: number): number {
  const chance = 1 / Math.max(2, classes);
  const t = Math.min(1, Math.max(0, (probability - chance) / (1 - chance)));
  return 0.12 + 0.68 * t;
}

/** A value from lo to hi on a diverging ramp: low colour, background at the middle, high colour. */
export function rampColor(theme: ReportTheme, value: number, lo: number, hi: number, fade = 0.8): Rgb {
  const u = hi > lo ? Math.min(1, Math.max(0, (value - lo) / (hi - lo))) : 0.5;
  return u < 0.5
    ? mix(theme.background, theme.palette[0]!, (0.5 - u) * 2 * fade)
    : mix(theme.background, theme.palette[1]!, (u - 0.5) * 2 * fade);
}
