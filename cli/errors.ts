// The two ways a command fails, so main.ts can pick the exit code without inspecting messages:
// a UsageError (the command line itself is wrong: exit 2, like most Unix tools) and a CliError (the
// command line was fine but the work failed: a missing file, a broken document, a failed check: exit 1).
// Anything else that reaches main is a bug of ours and is reported as one.

export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CliError extends Error {
  readonly exitCode = 1;
  /** Lines printed under the message (every error of a document, each with its path). */
  readonly details: readonly string[];
  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'CliError';
    this.details = details;
  }
}
