// The run report's host side on real runs: the CLI trains a small csv experiment into a run
// folder, and the report reloads its data and weights from that folder. Also the clear errors
// (no weights, an old record without a graph, data gone) and the changed-data warning.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainCommand } from '../../../src/cli/train';
import { Rng } from '../../../src/engine/rng';
import { buildRunReport, ReportError } from '../../../src/extension/run-report/build-report';

function csv(seed: number): string {
  const rng = new Rng(seed),
    rows = ['a,b,kind'];
  for (let i = 0; i < 160; i++) {
    const k = i % 2;
    rows.push(`${((k ? 2 : -2) + 1.6 * rng.normal()).toFixed(3)},${((k ? 1 : -1) + 1.6 * rng.normal()).toFixed(3)},${k ? 'oak' : 'elm'}`);
  }
  return rows.join('\n') + '\n';
}

const EXPERIMENT = `data trees {
  source: csv("trees.csv", target: kind)
  normalize: standardize
  split: val 0.2 test 0.25
}

model m(input [2]) {
  dense 8 tanh
  dense 2
}

train m on trees {
  loss: cross_entropy
  optimizer: adam lr 0.05
  epochs: 4
  batch: 16
  metrics: accuracy
  seed: 3
}
`;

async function trainRun(): Promise<{ root: string; dir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'mlab-report-'));
  writeFileSync(join(root, 'package.json'), '{}'); // marks the workspace for the CLI
  writeFileSync(join(root, 'trees.csv'), csv(1));
  writeFileSync(join(root, 'trees.mlab'), EXPERIMENT);
  const dir = join(root, '.modellab', 'runs', 'm-test');
  const lines: string[] = [];
  const code = await trainCommand.run([join(root, 'trees.mlab'), '--out', dir, '--quiet', '--device', 'cpu'], {
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
  });
  assert.equal(code, 0, lines.join('\n'));
  return { root, dir };
}

const rejects = (dir: string, pattern: RegExp) =>
  assert.rejects(buildRunReport(dir), (e: unknown) => e instanceof ReportError && pattern.test(e.message));

describe('run report: from a run folder', function () {
  this.timeout(60_000);
  let root = '',
    dir = '';
  before(async () => ({ root, dir } = await trainRun()));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('shows the test split with the accuracy the run recorded, class names and the decision boundary', async () => {
    const r = await buildRunReport(dir);
    const recorded = r.recorded.test_accuracy!;
    assert.equal(r.split, 'test');
    assert.equal(r.size, 40);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.confusion!.accuracy, recorded);
    assert.equal(r.computed.metrics.accuracy, recorded);
    assert.ok(Math.abs(r.computed.loss - r.recorded.test_loss!) < 1e-6);
    assert.equal(
      r.confusion!.counts.reduce((s, v) => s + v, 0),
      40,
    );
    assert.deepEqual([...r.classNames].sort(), ['elm', 'oak']);
    assert.deepEqual(r.featureNames, ['a', 'b']);
    assert.equal(r.misclassified!.total, Math.round((1 - recorded) * 40));
    assert.equal(r.boundary?.kind, 'classes');
    assert.equal(r.points!.split.label.length, 40);
    assert.equal(r.points!.train.label.length, 160 - 32 - 40);
    assert.equal(r.run.status, 'completed');
    // The gallery's features are as in the file (the standardisation undone).
    assert.ok(r.misclassified!.examples.length > 0, 'the run makes mistakes');
    const rows = readFileSync(join(root, 'trees.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).map(Number));
    const [a, b] = [r.misclassified!.values[0]!, r.misclassified!.values[1]!];
    assert.ok(
      rows.some(([x, y]) => Math.abs(x! - a) < 1e-4 && Math.abs(y! - b) < 1e-4),
      `${a}, ${b} is a row of trees.csv`,
    );
  });

  it('warns when the data changed since the run', async () => {
    const original = readFileSync(join(root, 'trees.csv'), 'utf8');
    writeFileSync(join(root, 'trees.csv'), csv(2));
    try {
      const r = await buildRunReport(dir);
      assert.equal(r.warnings.length, 1);
      assert.match(r.warnings[0]!, /^The data changed since this run/);
    } finally {
      writeFileSync(join(root, 'trees.csv'), original);
    }
  });

  it('says why there is no report: data gone, an old record, no weights', async () => {
    const data = readFileSync(join(root, 'trees.csv'));
    rmSync(join(root, 'trees.csv'));
    await rejects(dir, /^The data of this run could not be loaded .*trees\.csv/);
    writeFileSync(join(root, 'trees.csv'), data);

    const record = readFileSync(join(dir, 'record.jsonl'), 'utf8');
    const [first, ...rest] = record.split('\n');
    const { graph, ...old } = JSON.parse(first!);
    void graph;
    writeFileSync(join(dir, 'record.jsonl'), [JSON.stringify(old), ...rest].join('\n'));
    await rejects(dir, /no model graph/);
    writeFileSync(join(dir, 'record.jsonl'), record);

    const weights = readFileSync(join(dir, 'weights.safetensors'));
    rmSync(join(dir, 'weights.safetensors'));
    await rejects(dir, /^This run has no trained weights: it ended as completed/);
    writeFileSync(join(dir, 'weights.safetensors'), weights);

    await rejects(root, /is not a run folder/);
    assert.equal((await buildRunReport(dir)).split, 'test');
  });

  it('reads nothing outside: a record naming an experiment elsewhere, weights linked elsewhere', async () => {
    // A record is data: one naming an experiment outside the folder (with its data beside it) is
    // refused in VS Code, instead of reading that other folder.
    const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'mlab-report-elsewhere-')));
    writeFileSync(join(elsewhere, 'trees.csv'), readFileSync(join(root, 'trees.csv')));
    const record = readFileSync(join(dir, 'record.jsonl'), 'utf8');
    const [first, ...rest] = record.split('\n');
    writeFileSync(
      join(dir, 'record.jsonl'),
      [JSON.stringify({ ...JSON.parse(first!), file: join(elsewhere, 'trees.mlab') }), ...rest].join('\n'),
    );
    try {
      await assert.rejects(
        buildRunReport(dir, { workspaceFor: () => null }),
        (e: unknown) => e instanceof ReportError && /'trees\.csv' is outside the workspace/.test(e.message),
      );
    } finally {
      writeFileSync(join(dir, 'record.jsonl'), record);
    }
    const weights = readFileSync(join(dir, 'weights.safetensors'));
    writeFileSync(join(elsewhere, 'w.safetensors'), weights);
    rmSync(join(dir, 'weights.safetensors'));
    symlinkSync(join(elsewhere, 'w.safetensors'), join(dir, 'weights.safetensors'));
    try {
      await rejects(dir, /weights\.safetensors: 'weights\.safetensors' points to .*w\.safetensors through a symbolic link, outside/);
    } finally {
      rmSync(join(dir, 'weights.safetensors'));
      writeFileSync(join(dir, 'weights.safetensors'), weights);
    }
  });
});
