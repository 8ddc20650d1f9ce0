// A loss curve as a standalone SVG (no scripts, no external fonts): training loss per step, and
// validation loss per epoch when there is one. Log scale when the loss spans two decades.

export interface CurvePoint {
  readonly x: number;
  readonly y: number;
}

export function lossCurveSvg(train: readonly CurvePoint[], val: readonly CurvePoint[], title: string): string {
  const W = 640,
    H = 360,
    L = 56,
    R = 16,
    T = 28,
    B = 36;
  const pts = [...train, ...val].filter((p) => Number.isFinite(p.y));
  const xmax = Math.max(1, ...pts.map((p) => p.x));
  const ys = pts.map((p) => p.y);
  const lo = Math.min(...ys, Infinity),
    hi = Math.max(...ys, -Infinity);
  const log = lo > 0 && hi / lo > 100;
  const f = (y: number) => (log ? Math.log10(y) : y);
  const y0 = pts.length ? f(lo) : 0,
    y1 = pts.length && f(hi) > y0 ? f(hi) : y0 + 1;
  const sx = (x: number) => L + ((W - L - R) * x) / xmax;
  const sy = (y: number) => T + (H - T - B) * (1 - (f(y) - y0) / (y1 - y0));
  const line = (ps: readonly CurvePoint[], color: string, width: number) => {
    const step = Math.max(1, Math.floor(ps.length / 1500));
    const d = ps
      .filter((p, i) => i % step === 0 && Number.isFinite(p.y))
      .map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join(' ');
    return d ? `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${d}"/>` : '';
  };
  const fmt = (v: number) => (Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(1) : v.toPrecision(3));
  const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="18" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#888"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#888"/>`,
    `<text x="${L - 4}" y="${T + 4}" text-anchor="end">${pts.length ? fmt(hi) : ''}</text>`,
    `<text x="${L - 4}" y="${H - B}" text-anchor="end">${pts.length ? fmt(lo) : ''}</text>`,
    `<text x="${W - R}" y="${H - 10}" text-anchor="end">step ${xmax}</text>`,
    `<text x="${L}" y="${H - 10}">${log ? 'loss (log scale)' : 'loss'}</text>`,
    line(train, '#1f77b4', 1.2),
    line(val, '#ff7f0e', 2),
    val.length
      ? `<text x="${W - R}" y="18" text-anchor="end"><tspan fill="#1f77b4">train</tspan> <tspan fill="#ff7f0e">val</tspan></text>`
      : '',
    '</svg>',
    '',
  ].join('\n');
}
