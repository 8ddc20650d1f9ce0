// `model-lab`: the headless command line. Each subcommand is one entry of COMMANDS; to add one,
// write src/cli/NAME.ts exporting a CliCommand and list it here.
import { closest } from '../lang/suggest';
import { checkCommand } from './check';
import { compressReportCommand } from './compress-report';
import { exportCommand } from './export';
import { generateCommand } from './generate';
import { EXIT_INTERNAL_ERROR, EXIT_OK, EXIT_USER_ERROR, UserError, type CliCommand, type CliIO } from './command';
import { quantizeCommand } from './quantize';
import { summaryCommand } from './summary';
import { trainCommand } from './train';

const COMMANDS: readonly CliCommand[] = [
  checkCommand,
  summaryCommand,
  trainCommand,
  exportCommand,
  quantizeCommand,
  compressReportCommand,
  generateCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: model-lab COMMAND [ARGS]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `model-lab help COMMAND` (or `model-lab COMMAND --help`) for its options.',
    'Exit codes: 0 ok, 1 a problem in your files or arguments, 2 an internal error.',
  ].join('\n');
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? EXIT_USER_ERROR : EXIT_OK;
  }
  if (name === 'help') {
    const command = COMMANDS.find((c) => c.name === args[0]);
    io.out(command ? command.help : usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    io.err(`model-lab: unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''}`);
    io.err(usage());
    return EXIT_USER_ERROR;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(command.help);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(`model-lab ${command.name}: ${error.message}`);
      return EXIT_USER_ERROR;
    }
    io.err(`model-lab ${command.name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT_INTERNAL_ERROR;
  }
}

const consoleIO: CliIO = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

runCli(process.argv.slice(2), consoleIO).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`model-lab: internal error: ${String(error)}\n`);
    process.exitCode = EXIT_INTERNAL_ERROR;
  },
);
