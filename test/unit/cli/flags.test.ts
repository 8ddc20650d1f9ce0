// The subcommands' flags (src/cli/flags.ts): every refusal names the flag and says what it takes,
// before any file is read; `--flag=value`, repeats and free-text values parse as a person means.
import * as assert from 'node:assert/strict';
import type { CliCommand } from '../../../src/cli/command';
import { compressReportCommand } from '../../../src/cli/compress-report';
import { exportCommand } from '../../../src/cli/export';
import { numberFlag, parseFlags } from '../../../src/cli/flags';
import { generateCommand } from '../../../src/cli/generate';
import { quantizeCommand } from '../../../src/cli/quantize';
import { summaryCommand } from '../../../src/cli/summary';
import { trainCommand } from '../../../src/cli/train';

const quiet = { out: () => {}, err: () => {} };
const refuses = (command: CliCommand, args: string[], message: RegExp) =>
  assert.rejects(async () => command.run(args, quiet), message, `${command.name} ${args.join(' ')}`);

/** Each command and one flag of it that takes a value. */
const COMMANDS: [CliCommand, string][] = [
  [trainCommand, '--model'],
  [exportCommand, '--out'],
  [quantizeCommand, '--run'],
  [generateCommand, '--prompt'],
  [compressReportCommand, '--batch'],
];

describe('cli: flags', () => {
  it('an unknown flag, a value left out, a second file: each command names the flag', async () => {
    for (const [command, flag] of COMMANDS) {
      const name = command.name;
      await refuses(command, ['x.mlab', '--nope'], new RegExp(`: unknown option '--nope' \\(see model-lab help ${name}\\)$`));
      await refuses(command, ['x.mlab', '-n'], /unknown option '-n'/);
      await refuses(command, ['x.mlab', flag], new RegExp(`: ${flag} needs a value$`));
      await refuses(command, ['x.mlab', 'y.mlab'], new RegExp(`: ${name} takes one file; unexpected 'y.mlab'$`));
    }
    await refuses(trainCommand, ['x.mlab', '--model', '--quiet'], /: --model needs a value$/);
    await refuses(trainCommand, ['x.mlab', '--quiet=yes'], /: --quiet takes no value$/);
    await refuses(summaryCommand, ['x.mlab', '--json'], /unknown option '--json' \(see model-lab help summary\)/);
    await refuses(trainCommand, [], /train needs a file: model-lab train FILE/);
  });

  it('a bad number: not a number, not whole, out of range, each with the flag and what it takes', async () => {
    await refuses(trainCommand, ['x.mlab', '--epochs', 'two'], /: --epochs needs a whole number, got 'two'$/);
    await refuses(trainCommand, ['x.mlab', '--epochs', '1.5'], /--epochs needs a whole number, got '1.5'/);
    await refuses(trainCommand, ['x.mlab', '--epochs=0'], /: --epochs must be at least 1, got 0$/);
    await refuses(trainCommand, ['x.mlab', '--threads', ''], /--threads needs a whole number, got ''/);
    await refuses(trainCommand, ['x.mlab', '--device', 'tpu'], /--device is cpu, webgpu or auto, not 'tpu'/);
    await refuses(quantizeCommand, ['x.mlab', '--percentile', '40'], /--percentile must be a percentile above 50, at most 100, got 40/);
    await refuses(quantizeCommand, ['x.mlab', '--calibration', '0'], /--calibration must be at least 1 batch, got 0/);
    await refuses(quantizeCommand, ['x.mlab', '--method', 'mean'], /--method mean: minmax or percentile/);
    await refuses(quantizeCommand, ['x.mlab', '--lr', '0.1'], /--lr is the fine-tuning rate of --aware EPOCHS/);
    await refuses(generateCommand, ['x.mlab', '--temperature', '-1'], /--temperature must be at least 0, got -1/);
    await refuses(generateCommand, ['x.mlab', '--top-k', 'all'], /--top-k needs a whole number, got 'all'/);
    await refuses(compressReportCommand, ['x.mlab', '--repeats', 'x'], /--repeats needs a whole number, got 'x'/);
  });

  it('parses --flag=value and --flag value alike, keeps the last of a repeat, and takes free text where declared', () => {
    const specs = { model: { type: 'string' }, prompt: { type: 'string', anyValue: true }, json: { type: 'boolean' } } as const;
    const p = parseFlags('t', ['a.mlab', '--model=m1', '--model', 'm2', '--json', '--prompt', '--not a flag', '--', '--b'], specs);
    assert.deepEqual({ ...p.values }, { model: 'm2', json: true, prompt: '--not a flag' });
    assert.deepEqual(p.positionals, ['a.mlab', '--b']);
    assert.deepEqual({ ...parseFlags('t', ['--model', '-1'], specs).values }, { model: '-1' }, 'a negative number is a value');
    assert.equal(numberFlag('--x', undefined), undefined);
    assert.equal(numberFlag('--x', '2.5'), 2.5);
    assert.equal(numberFlag('--x', '-0.5'), -0.5);
  });
});
