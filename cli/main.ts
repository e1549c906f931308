// `gradflow` entry point: pick the command, parse its flags, run it, and turn every failure into one line
// "gradflow: …" on stderr with an exit code (2: the command line is wrong, 1: the work failed). A stack
// trace is shown only with --debug: for a user, a trace is noise in front of the one line that matters.

import { suggestName } from '../core/graph/suggest.ts';
import { EngineError } from '../core/graph/errors.ts';
import { TrainingSetupError } from '../core/train/errors.ts';
import { commandHelp, parseArgs } from './args.ts';
import type { Command, Context } from './context.ts';
import { CliError, UsageError } from './errors.ts';
import { CliHost } from './host.ts';
import { check } from './commands/check.ts';
import { evaluate } from './commands/eval.ts';
import { exportCommand } from './commands/export.ts';
import { gradcheck } from './commands/gradcheck.ts';
import { inspect } from './commands/inspect.ts';
import { ops } from './commands/ops.ts';
import { predict } from './commands/predict.ts';
import { train } from './commands/train.ts';

export const COMMANDS: readonly Command[] = [train, evaluate, predict, check, gradcheck, inspect, ops, exportCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'usage: gradflow COMMAND [ARGS] [flags]',
    '',
    'Build neural networks from the Operations of "Deep Learning from Scratch": train, evaluate, check and',
    'inspect .gradflow files from the command line.',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    'flags:',
    '  --help, -h     show help (gradflow COMMAND --help lists a command\'s flags)',
    '  --version      print the version',
    '  --debug        print the stack trace of an error',
    '',
    'Exit codes: 0 success, 1 failure (bad file or data, failed check), 2 bad command line.',
  ].join('\n');
}

/** Run the CLI with `argv` (the arguments after "gradflow"); returns the exit code. */
export async function main(argv: readonly string[], ctx: Context): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a, i) => !(a === '--debug' && i === 0));
  const write = (stream: 'stdout' | 'stderr', text: string) => ctx[stream].write(text.endsWith('\n') ? text : `${text}\n`);
  let commandName: string | undefined;
  try {
    const [first, ...rest] = args;
    if (first === undefined) {
      write('stderr', mainHelp());
      return 2;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      if (rest[0] === undefined) {
        write('stdout', mainHelp());
        return 0;
      }
      const named = COMMANDS.find((c) => c.spec.name === rest[0]);
      if (!named) throw unknownCommand(rest[0]);
      write('stdout', commandHelp(named.spec));
      return 0;
    }
    if (first === '--version' || first === '-V') {
      write('stdout', `gradflow ${ctx.host.version()}`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.spec.name === first);
    if (!command) throw unknownCommand(first);
    commandName = command.spec.name;
    const parsed = parseArgs(command.spec, rest);
    if (parsed.help) {
      write('stdout', commandHelp(command.spec));
      return 0;
    }
    return await command.run(ctx, parsed);
  } catch (error) {
    return report(error, commandName, debug, (text) => write('stderr', text));
  }
}

function unknownCommand(name: string): UsageError {
  const guess = name.startsWith('-') ? undefined : suggestName(name, COMMANDS.map((c) => c.spec.name));
  const what = name.startsWith('-') ? `unknown flag ${name} before the command` : `unknown command "${name}"`;
  return new UsageError(`${what}${guess ? `; did you mean "${guess}"?` : ' (gradflow --help lists the commands)'}`);
}

function report(error: unknown, command: string | undefined, debug: boolean, write: (text: string) => void): number {
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  if (error instanceof UsageError) {
    write(`gradflow: ${command ? `${command}: ` : ''}${error.message}${stack}`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    write(`gradflow: ${[error.message, ...error.details.map((d) => `  ${d}`)].join('\n')}${stack}`);
    return error.exitCode;
  }
  if (error instanceof TrainingSetupError || error instanceof EngineError) {
    write(`gradflow: ${error.message}${stack}`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`gradflow: internal error: ${message}${stack || '\n(run again with --debug to see where it happened)'}`);
  return 1;
}

/** What bin/gradflow.mjs calls: the real process, its streams and its exit code. */
export async function runCli(argv: readonly string[]): Promise<void> {
  // `gradflow ops | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const ctx: Context = { cwd: process.cwd(), host: new CliHost(), stdout: process.stdout, stderr: process.stderr };
  // exitCode, not exit(): exit() could cut off output still queued for a pipe.
  process.exitCode = await main(argv, ctx);
}
