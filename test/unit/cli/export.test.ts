// `model-lab export` end to end, through the real command line (tsx on src/cli/main.ts): a model
// trained by `model-lab train` in a scratch workspace, exported from its newest run, from --run
// with --out, and from --weights; the file passes ONNX's checker; the errors a person can meet.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseOnnx } from '../../../src/export/onnx/summary';
import { onnxChecker } from '../export/onnx-helpers';

const ROOT = join(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, [join(ROOT, 'src/cli/main.ts'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DIFF = /max abs difference (\S+) on (\d+) samples of the val split of data spiral/;

describe('cli export', function () {
  this.timeout(120_000);
  const ws = mkdtempSync(join(tmpdir(), 'model-lab-export-'));
  mkdirSync(join(ws, '.git')); // marks the workspace, as a repository would
  cpSync(join(ROOT, 'samples', 'spiral.mlab'), join(ws, 'spiral.mlab'));
  let run = '';

  before(() => {
    const r = cli(ws, 'train', 'spiral.mlab', '--epochs', '2', '--quiet', '--device', 'cpu');
    assert.equal(r.code, 0, r.stderr);
    const runs = join(ws, '.modellab', 'runs');
    run = join(runs, readdirSync(runs)[0]!);
  });

  it("exports the model's newest finished run into its folder, checked within 1e-4", () => {
    const r = cli(ws, 'export', 'spiral.mlab', '--format', 'onnx');
    assert.equal(r.code, 0, r.stderr);
    const path = join(run, 'model.onnx');
    assert.match(r.stdout, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d.]+ KiB, ONNX opset 17`));
    const [, diff, n] = DIFF.exec(r.stdout) ?? [];
    assert.ok(Number(diff) <= 1e-4, r.stdout);
    assert.equal(n, '16');
    assert.match(onnxChecker(path), /^opset 17/);
    const s = summariseOnnx(readFileSync(path));
    assert.deepEqual(s.inputs[0]!.shape, ['batch', 2]);
    assert.ok(s.initializers.some((t) => t.name === 'batchnorm_1.running_mean'));
  });

  it('--run DIR --out M.onnx writes the run copy and M.onnx', () => {
    const out = join(ws, 'spiral.onnx');
    const r = cli(ws, 'export', 'spiral.mlab', '--format', 'onnx', '--run', run, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out) && existsSync(join(run, 'model.onnx')));
    assert.deepEqual(readFileSync(out), readFileSync(join(run, 'model.onnx')));
  });

  it("--weights W.safetensors exports the file's model with those weights", () => {
    const out = join(ws, 'init.onnx');
    const r = cli(
      ws,
      'export',
      'spiral.mlab',
      '--model',
      'resnet',
      '--format',
      'onnx',
      '--weights',
      join(run, 'init.safetensors'),
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, DIFF);
    assert.notDeepEqual(readFileSync(out), readFileSync(join(run, 'model.onnx')), 'initial weights are not the trained ones');
  });

  it('says what is wrong: format, model, weights, a model never trained', () => {
    const cases: [string[], RegExp][] = [
      [['--format', 'keras'], /--format keras: onnx or pytorch/],
      [[], /export needs --format onnx or --format pytorch/],
      [['--format', 'pytorch', '--run', run], /--format pytorch takes no --run or --weights/],
      [['--format', 'onnx', '--model', 'nope', '--weights', join(run, 'weights.safetensors')], /no model named 'nope'/],
      [['--format', 'onnx', '--weights', join(ws, 'missing.safetensors')], /missing\.safetensors/],
      [['--format', 'onnx', '--run', run, '--weights', 'w'], /--run and --weights both name the weights/],
      [['--format', 'onnx', '--run', run, '--model', 'other'], /the run trained model 'resnet', not 'other'/],
    ];
    for (const [args, message] of cases) {
      const r = cli(ws, 'export', 'spiral.mlab', ...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    }
    // A diverged run keeps weights, but they are not a model to ship.
    const diverged = join(ws, 'diverged');
    cpSync(run, diverged, { recursive: true });
    rmSync(join(diverged, 'model.onnx'), { force: true }); // an earlier test exported the original
    const record = readFileSync(join(diverged, 'record.jsonl'), 'utf8');
    writeFileSync(join(diverged, 'record.jsonl'), record.replace(/"status":"completed"/, '"status":"diverged"'));
    const d = cli(ws, 'export', 'spiral.mlab', '--format', 'onnx', '--run', diverged);
    assert.equal(d.code, 1, d.stdout);
    assert.match(d.stderr, /the run diverged; its weights are not a trained model/);
    assert.equal(existsSync(join(diverged, 'model.onnx')), false);
    cpSync(join(ROOT, 'samples', 'xor.mlab'), join(ws, 'xor.mlab'));
    const r = cli(ws, 'export', 'xor.mlab', '--format', 'onnx');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /model 'net' has no finished run in .*; train it first, or pass --run or --weights/);
  });
});
