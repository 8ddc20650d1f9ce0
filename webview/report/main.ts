// The run report page: what a trained model does on a held-out split. A header (model, status,
// final metrics, the split used, warnings), the confusion matrix, the mistakes, and for 2-D
// inputs the decision boundary; regressions get their value map or predicted-vs-true plot; sequence
// models their attention maps and a language model its samples after each epoch.
// Everything is computed by the host; the page draws.
import { HostToReport, ReportToHost, type ReportShow } from '../../src/protocol/report';
import { el, section } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';
import { classColor, css, readReportTheme, type ReportTheme } from './colors';
import { confusionTable, pct } from './confusion';
import { gallery } from './gallery';
import { boundaryPlot, scatterPlot } from './plots';
import { attentionView, samplesList } from './attention';

const app = document.getElementById('app')!;
const channel = connectToHost(ReportToHost, HostToReport, 'report');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

const SPLIT_NAMES = { test: 'test split', val: 'validation split', train: 'training split (the run had no held-out data)' } as const;

const num = (k: string, v: number): string =>
  /accuracy|precision|recall|f1/.test(k)
    ? pct(v)
    : Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
      ? v.toExponential(3)
      : v.toFixed(4);

function header(r: ReportShow): void {
  const head = el('div', undefined, 'report-header');
  const title = el('h1', `Report · ${r.run.model}`);
  title.id = 'title';
  const open = el('button', 'Open record');
  open.addEventListener('click', () => channel.notify('openRecord', {}));
  head.append(title, el('span', undefined, 'diagram-spacer'), open);
  const when = r.run.time ? new Date(r.run.time).toLocaleString() : '';
  const facts = [
    r.run.status.replace('_', ' ') + (r.run.message ? ` (${r.run.message})` : ''),
    when,
    r.run.device,
    `${r.run.epochs} epoch${r.run.epochs === 1 ? '' : 's'}`,
  ];
  app.append(head, el('div', facts.filter(Boolean).join(' · '), 'muted'));
  const split = el('p', `On the ${SPLIT_NAMES[r.split]}: ${r.size.toLocaleString('en')} examples, input [${r.inputShape.join(', ')}].`);
  split.id = 'split';
  app.append(split);
  for (const w of r.warnings) app.append(el('p', `⚠ ${w}`, 'report-warning'));
  const numbers = el('div', undefined, 'numbers');
  numbers.id = 'metrics';
  const recorded = Object.entries(r.recorded);
  for (const [k, v] of recorded) numbers.append(el('span', `${k.replace(/_/g, ' ')} ${num(k, v)}`));
  app.append(el('div', 'Recorded at the end of the run:', 'muted'), numbers);
  const now = el('div', undefined, 'numbers');
  now.append(el('span', `${r.split} loss ${num('loss', r.computed.loss)}`));
  for (const [k, v] of Object.entries(r.computed.metrics)) now.append(el('span', `${r.split} ${k} ${num(k, v)}`));
  app.append(el('div', 'Recomputed now on the report’s split:', 'muted'), now);
}

function legend(r: ReportShow, theme: ReportTheme): HTMLElement {
  const box = el('div', undefined, 'report-legend');
  if (r.boundary?.kind === 'classes') {
    r.classNames.forEach((name, k) => {
      const swatch = el('canvas', undefined, 'report-swatch');
      swatch.width = swatch.height = 12;
      const g = swatch.getContext('2d');
      if (g) {
        g.fillStyle = css(classColor(theme, k));
        g.fillRect(0, 0, 12, 12);
      }
      const item = el('span', undefined, 'report-legend-item');
      item.append(swatch, el('span', name));
      box.append(item);
    });
  } else box.append(el('span', 'blue: low values · orange: high values'));
  const examples = r.split === 'train' ? 'dots: training examples' : `small dots: training examples · ringed dots: ${r.split} examples`;
  box.append(
    el(
      'span',
      r.points?.split.predicted ? `${examples} (ringed in red: predicted wrong) · paler background: less sure` : examples,
      'muted',
    ),
  );
  return box;
}

function show(r: ReportShow): void {
  try {
    draw(r);
    app.dataset.state = 'shown';
    channel.notify('rendered', { state: 'shown', sections: [...app.querySelectorAll('section')].map((s) => s.id), error: null });
  } catch (e) {
    const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    app.append(el('p', `The report could not be drawn: ${message}`, 'preview-error'));
    app.dataset.state = 'failed';
    channel.notify('rendered', { state: 'failed', sections: [], error: message });
  }
}

function draw(r: ReportShow): void {
  app.replaceChildren();
  const theme = readReportTheme();
  header(r);
  if (r.confusion) {
    section(app, `Confusion matrix (${r.split}, ${r.size.toLocaleString('en')} examples)`, 'confusion-section').append(
      confusionTable(r.confusion, r.classNames),
    );
  }
  if (r.boundary) {
    const s = section(app, r.boundary.kind === 'classes' ? 'Decision boundary' : 'Predicted value over the inputs', 'boundary-section');
    s.append(boundaryPlot(r, r.boundary, theme), legend(r, theme));
  }
  if (r.scatter && !r.boundary)
    section(app, 'Predicted against true (first output)', 'scatter-section').append(scatterPlot(r.scatter, theme));
  if (r.misclassified) {
    const m = r.misclassified;
    const s = section(
      app,
      m.total === 0
        ? 'Misclassified: none'
        : `Misclassified: ${m.total.toLocaleString('en')} ` +
            `(${m.examples.length < m.total ? `the ${m.examples.length} most confident` : 'most confident first'})`,
      'misclassified',
    );
    if (m.total > 0) s.append(gallery(m, r.inputShape, r.classNames, r.featureNames));
  }
  if (r.attention) {
    section(app, `Attention weights (one example of the ${r.split} split)`, 'attention-section').append(
      attentionView(r.attention, theme, (index) => channel.request('attention', { index }, 120_000)),
    );
  }
  if (r.samples?.length) {
    const s = r.samples[r.samples.length - 1]!;
    section(app, `Generated after each epoch (temperature ${s.temperature}, seed ${s.seed})`, 'samples-section').append(
      samplesList(r.samples),
    );
  }
}

channel.on('loading', ({ title, progress }) => {
  const cancel = el('button', 'Cancel', 'report-button');
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    channel.notify('cancel', {});
  });
  const what =
    progress === null ? 'Reloading the data and running the model…' : `Running the model: ${Math.round(progress * 100)}% of the examples…`;
  const bar = el('progress', undefined, 'report-progress');
  if (progress !== null) bar.value = progress;
  app.replaceChildren(el('h1', `Report · ${title}`), el('p', what, 'muted'), bar, el('div'), cancel);
  app.dataset.state = 'loading';
});
channel.on('show', show);
channel.on('failed', ({ title, message }) => {
  app.replaceChildren(el('h1', `Report · ${title}`), el('p', message, 'preview-error'));
  app.dataset.state = 'failed';
  channel.notify('rendered', { state: 'failed', sections: [], error: null });
});
app.append(el('p', 'Loading…', 'muted'));
channel.announceReady();
