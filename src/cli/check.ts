// `model-lab check FILE...`: prints every diagnostic, exits 1 when any file has an error.
import { EXIT_OK, EXIT_USER_ERROR, UserError, type CliCommand } from './command';
import { parseFlags } from './flags';
import { formatDiagnostic, readExperiment } from './read-experiment';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check experiment files and print their diagnostics',
  help: [
    'Usage: model-lab check FILE...',
    '',
    'Parses and checks each experiment file (data files need not exist) and prints one line per',
    'problem: FILE:LINE:COL: SEVERITY: MESSAGE. Exits 1 when any file has an error, 0 otherwise.',
  ].join('\n'),
  run(argv, io) {
    const args = parseFlags('check', argv, {}).positionals;
    if (args.length === 0) throw new UserError('check needs at least one file: model-lab check FILE...');
    let errors = 0;
    let warnings = 0;
    for (const path of args) {
      let analysis;
      try {
        analysis = readExperiment(path);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        io.err(`model-lab check: ${error.message}`); // an unreadable file does not stop the others
        errors++;
        continue;
      }
      for (const d of analysis.diagnostics) io.out(formatDiagnostic(path, d));
      errors += analysis.diagnostics.filter((d) => d.severity === 'error').length;
      warnings += analysis.diagnostics.filter((d) => d.severity === 'warning').length;
    }
    const files = `${args.length} file${args.length === 1 ? '' : 's'}`;
    io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${files}`);
    return errors > 0 ? EXIT_USER_ERROR : EXIT_OK;
  },
};
