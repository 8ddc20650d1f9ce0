// The shape of one `model-lab` subcommand. main.ts dispatches to a table of these.

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list in --help. */
  readonly summary: string;
  /** Usage and options, shown by `model-lab help NAME` and `model-lab NAME --help`. */
  readonly help: string;
  /** Returns the exit code: 0 ok, 1 user error (the message names the file), 2 internal error. */
  run(args: readonly string[], io: CliIO): number | Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL_ERROR = 2;

/** Thrown for problems the user can fix (a missing file, a bad argument); main prints it and exits 1. */
export class UserError extends Error {}
