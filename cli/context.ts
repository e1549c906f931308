// What a command runs with — working directory, file host, the two output streams — and the one rule for
// where text goes: human lines to stdout, except under --json, where stdout carries only JSON lines (one
// object per line, each with a "type") and human lines go to stderr so a pipe into jq still sees them.

import type { CommandSpec, FlagSpecs, ParsedArgs } from './args.ts';
import type { CliHost } from './host.ts';
import type { ProgressBar, TerminalStream } from './progress.ts';

export interface OutputStream extends TerminalStream {
  isTTY?: boolean;
}

export interface Context {
  cwd: string;
  host: CliHost;
  stdout: OutputStream;
  stderr: OutputStream;
}

export class Output {
  /** Set while a progress bar is on screen: it is erased before any other line is written. */
  bar: ProgressBar | undefined;

  constructor(private readonly ctx: Context, readonly json: boolean) {}

  /** A line for people. */
  info(line = ''): void {
    this.bar?.clear();
    (this.json ? this.ctx.stderr : this.ctx.stdout).write(`${line}\n`);
  }

  /** One JSON object as one line of stdout (only under --json). */
  record(value: Record<string, unknown>): void {
    this.bar?.clear();
    this.ctx.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** Something the user should know that is not the command's result. */
  warn(message: string): void {
    this.bar?.clear();
    this.ctx.stderr.write(`gradflow: warning: ${message}\n`);
  }

  /** A progress bar only when a person is watching both streams (DESIGN: no \r in logs or pipes). */
  get interactive(): boolean {
    return this.ctx.stdout.isTTY === true && this.ctx.stderr.isTTY === true;
  }
}

/** A command: its declared arguments (which drive parsing and help) and what it does; returns the exit code. */
export interface Command<S extends FlagSpecs = FlagSpecs> {
  spec: CommandSpec<S>;
  run(ctx: Context, args: ParsedArgs<S>): Promise<number>;
}

/** Declare a command with its flags' types inferred; stored without them in main's list. */
export function defineCommand<S extends FlagSpecs>(command: Command<S>): Command {
  return command as unknown as Command;
}
