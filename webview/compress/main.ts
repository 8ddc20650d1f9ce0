// The compression report: one row per variant (original, pruned, int8, distilled student) with its
// ONNX size, non-zero parameters, test accuracy, latency per batch in onnxruntime-web and the
// difference from the original of the same model: the table of `model-lab compress-report`. Each
// float row's Quantize (int8) asks the host for the run's int8 variant; where that stands (running,
// done, why not) is said above the table, and the host sends the rows again once it is written.
import { CompressToHost, HostToCompress, type CompressShow, type QuantizeStatus } from '../../src/protocol/compress';
import { el } from '../shared/dom';
import { connectToHost, watchCspViolations } from '../shared/host-channel';

const app = document.getElementById('app')!;
const channel = connectToHost(CompressToHost, HostToCompress, 'compress');
watchCspViolations((message) => channel.notify('log', { level: 'error', message }));

type Row = CompressShow['rows'][number];
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
const percent = (a: number | null) => (a === null ? 'n/a' : `${(100 * a).toFixed(2)}%`);

/** The cells of a row, in the CLI's order (src/cli/compress-report.ts: tableLines). */
function cells(r: Row): string[] {
  return [
    String(r.bytes),
    `${r.nonZero}/${r.params}`,
    percent(r.accuracy),
    `${r.latencyMs.toFixed(2)} ms`,
    r.vs ? `×${r.vs.bytes.toFixed(3)}` : '—',
    r.vs ? (r.vs.accuracyPoints === null ? 'n/a' : `${signed(r.vs.accuracyPoints, 2)} pts`) : '—',
    r.vs ? `×${r.vs.latency.toFixed(2)}` : '—',
  ];
}

const HEAD = [
  'variant',
  'bytes',
  'non-zero',
  'test acc',
  'latency / batch',
  'size vs original',
  'acc vs original',
  'latency vs original',
  '',
];

/** The last quantization's status, kept across redraws (the table is drawn again when it is done). */
let quantizing: QuantizeStatus | null = null;

function quantizeButton(r: Row): HTMLButtonElement {
  const b = el('button', 'Quantize (int8)', 'report-button compress-quantize');
  b.title = `Post-training int8 of this run, as model-lab quantize makes it, into ${r.run}/int8/`;
  b.disabled = quantizing?.state === 'running';
  b.addEventListener('click', () => {
    for (const other of document.querySelectorAll<HTMLButtonElement>('.compress-quantize')) other.disabled = true;
    channel.notify('quantize', { run: r.run });
  });
  return b;
}

/** The status line above the table: a progress bar while running, the result or the reason after. */
function statusLine(): HTMLElement {
  const line = el('div', undefined, 'compress-status');
  line.id = 'quantize-status';
  if (!quantizing) return line;
  line.dataset.state = quantizing.state;
  line.dataset.run = quantizing.run;
  line.append(el('p', quantizing.message, quantizing.state === 'failed' ? 'preview-error' : 'muted'));
  if (quantizing.state === 'running') line.append(el('progress', undefined, 'report-progress'));
  return line;
}

function table(rows: readonly Row[]): HTMLTableElement {
  const t = el('table', undefined, 'preview-table compress-table');
  const head = el('tr');
  for (const h of HEAD) head.append(el('th', h));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(head);
  for (const r of rows) {
    const tr = el('tr');
    tr.dataset.kind = r.kind;
    const name = el('th');
    const link = el('a', r.label);
    link.href = '#';
    link.title = `Open the record of ${r.run}`;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      channel.notify('openRecord', { run: r.run });
    });
    name.append(link);
    const action = el('td');
    if (r.kind !== 'int8') action.append(quantizeButton(r));
    tr.append(name, ...cells(r).map((c) => el('td', c)), action);
    t.tBodies[0]!.append(tr);
  }
  return t;
}

function refreshButton(): HTMLButtonElement {
  const b = el('button', 'Refresh', 'report-button');
  b.id = 'refresh';
  b.title = 'Compute the table again (after training or quantizing another variant)';
  b.addEventListener('click', () => {
    b.disabled = true;
    channel.notify('refresh', {});
  });
  return b;
}

function show(s: CompressShow): void {
  try {
    const note = el(
      'p',
      'Latency: the median of one batch in onnxruntime-web (wasm, one thread). Accuracy on the test split; ' +
        'int8 rows from Quantize (int8) or `model-lab quantize`.',
      'muted',
    );
    // In a narrow panel the numbers scroll inside their box; the variant and its Quantize stay in view.
    const scroller = el('div', undefined, 'compress-scroll');
    scroller.append(table(s.rows));
    app.replaceChildren(el('h1', `Compression · ${s.file}`), statusLine(), scroller, note, refreshButton());
    app.dataset.state = 'shown';
    app.dataset.rows = String(s.rows.length);
    channel.notify('rendered', { state: 'shown', rows: s.rows.length, error: null });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    app.replaceChildren(el('h1', 'Compression'), el('p', message, 'preview-error'));
    app.dataset.state = 'failed';
    channel.notify('rendered', { state: 'failed', rows: 0, error: message });
  }
}

channel.on('loading', ({ title, progress }) => {
  const bar = el('progress', undefined, 'report-progress');
  if (progress !== null) bar.value = progress;
  app.replaceChildren(el('h1', 'Compression'), statusLine(), el('p', `${title}…`, 'muted'), bar);
  app.dataset.state = 'loading';
});
channel.on('show', show);
channel.on('quantize', (status) => {
  quantizing = status;
  document.getElementById('quantize-status')?.replaceWith(statusLine());
  const busy = status.state === 'running';
  for (const b of document.querySelectorAll<HTMLButtonElement>('.compress-quantize')) b.disabled = busy;
});
channel.on('failed', ({ title, message }) => {
  app.replaceChildren(el('h1', `Compression · ${title}`), statusLine(), el('p', message, 'preview-error'), refreshButton());
  app.dataset.state = 'failed';
  channel.notify('rendered', { state: 'failed', rows: 0, error: null });
});
app.append(el('p', 'Loading…', 'muted'));
channel.announceReady();
