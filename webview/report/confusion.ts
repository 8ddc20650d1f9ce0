// The confusion matrix as a table: true classes on rows, predicted on columns, each cell shaded
// by its share of the row (the CSP forbids inline styles, so the shade is one of eleven classes
// in media/webview.css: the diagonal in the theme's blue, mistakes in its orange), recall at the
// end of each row and precision under each column.
import type { ReportShow } from '../../src/protocol/report';
import { el } from '../shared/dom';

export const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** Shade step 0..10 of a cell holding `count` of its row's `total`. */
export function shadeStep(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 10) : 0;
}

export function confusionTable(c: NonNullable<ReportShow['confusion']>, names: readonly string[]): HTMLTableElement {
  const C = names.length;
  const t = el('table', undefined, 'report-confusion');
  t.id = 'confusion';
  const head = t.createTHead();
  const top = head.insertRow();
  top.append(el('th', ''), el('th', ''));
  const caption = el('th', 'predicted →', 'report-axis');
  caption.colSpan = C;
  top.append(caption, el('th', ''));
  const names2 = head.insertRow();
  names2.append(el('th', ''), el('th', ''));
  for (const n of names) names2.append(el('th', n, 'report-class'));
  names2.append(el('th', 'recall', 'report-margin'));
  const body = t.createTBody();
  for (let r = 0; r < C; r++) {
    const row = body.insertRow();
    if (r === 0) {
      const axis = el('th', 'true ↓', 'report-axis report-vertical');
      axis.rowSpan = C;
      row.append(axis);
    }
    row.append(el('th', names[r]!, 'report-class'));
    let total = 0;
    for (let p = 0; p < C; p++) total += c.counts[r * C + p]!;
    for (let p = 0; p < C; p++) {
      const n = c.counts[r * C + p]!;
      const cell = el('td', String(n), `report-cell ${p === r ? 'report-right' : 'report-wrong'} report-shade-${shadeStep(n, total)}`);
      cell.title = `true ${names[r]}, predicted ${names[p]}: ${n} of ${total} (${pct(total ? n / total : null)})`;
      row.append(cell);
    }
    row.append(el('td', pct(c.recall[r] ?? null), 'report-margin'));
  }
  const foot = t.createTFoot().insertRow();
  foot.append(el('th', ''), el('th', 'precision', 'report-margin'));
  for (let p = 0; p < C; p++) foot.append(el('td', pct(c.precision[p] ?? null), 'report-margin'));
  const acc = el('td', pct(c.accuracy), 'report-margin report-accuracy');
  acc.title = 'accuracy';
  foot.append(acc);
  return t;
}
