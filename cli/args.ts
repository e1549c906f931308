// A small typed flag parser. Each command declares its flags once (kind, placeholder, help, bounds); the
// same declaration drives parsing, `CMD --help` and the "did you mean" of a mistyped flag, so the help can
// never list a flag the parser does not know.
//
// Accepted: `--flag value`, `--flag=value`, boolean `--flag`, `--` to end the flags, and -h for --help.
// Refused with a UsageError naming the problem: unknown or repeated flags, a missing value, a value of the
// wrong kind or out of bounds, missing or extra positional arguments.

import { suggestName } from '../core/graph/suggest.ts';
import { UsageError } from './errors.ts';

export type FlagKind = 'boolean' | 'string' | 'integer' | 'number';

export interface FlagSpec<K extends FlagKind = FlagKind> {
  kind: K;
  /** The placeholder shown in help, e.g. N or FILE. */
  value: string;
  help: string;
  /** Bounds for numbers; `above` is exclusive (a learning rate must be > 0). */
  min?: number;
  max?: number;
  above?: number;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

type ValueOf<S> = S extends FlagSpec<'boolean'> ? boolean : S extends FlagSpec<'string'> ? string : number;
export type ParsedFlags<S extends FlagSpecs> = { -readonly [K in keyof S]?: ValueOf<S[K]> };

export const flag = {
  bool: (help: string): FlagSpec<'boolean'> => ({ kind: 'boolean', value: '', help }),
  string: (value: string, help: string): FlagSpec<'string'> => ({ kind: 'string', value, help }),
  int: (value: string, help: string, bounds: { min?: number; max?: number } = {}): FlagSpec<'integer'> => ({ kind: 'integer', value, help, ...bounds }),
  number: (value: string, help: string, bounds: { min?: number; max?: number; above?: number } = {}): FlagSpec<'number'> =>
    ({ kind: 'number', value, help, ...bounds }),
};

export interface Positional {
  name: string;
  help: string;
  required: boolean;
}

export interface CommandSpec<S extends FlagSpecs = FlagSpecs> {
  name: string;
  /** One line for `gradflow --help`. */
  summary: string;
  positionals: readonly Positional[];
  flags: S;
  /** What the usage line shows after the command, when the positionals alone do not say it all. */
  usage?: string;
  /** Extra paragraphs for `gradflow CMD --help`. */
  notes?: readonly string[];
  /** One-letter spellings of flags, e.g. { o: 'out' } lets "-o DIR" mean "--out DIR". */
  short?: Readonly<Record<string, string>>;
}

export interface ParsedArgs<S extends FlagSpecs> {
  flags: ParsedFlags<S>;
  positionals: string[];
  help: boolean;
  debug: boolean;
}

/** Flags every command takes; main.ts acts on them. */
export const GLOBAL_FLAGS: FlagSpecs = {
  help: flag.bool('show this help'),
  debug: flag.bool('print the stack trace of an error'),
};

// Decimal numbers only, as in the CSV reader: "0x10" or "Infinity" on a command line is a typo.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

function convert(name: string, spec: FlagSpec, text: string): string | number {
  if (spec.kind === 'string') {
    if (text === '') throw new UsageError(`--${name} needs a value (${spec.value}), got an empty one`);
    return text;
  }
  const whole = spec.kind === 'integer';
  if (!(whole ? INTEGER : DECIMAL).test(text.trim()) || !Number.isFinite(Number(text))) {
    throw new UsageError(`--${name} expects ${whole ? 'a whole number' : 'a number'}, got ${JSON.stringify(text)}`);
  }
  const value = Number(text);
  if (spec.min !== undefined && value < spec.min) throw new UsageError(`--${name} must be at least ${spec.min}, got ${text}`);
  if (spec.above !== undefined && value <= spec.above) throw new UsageError(`--${name} must be greater than ${spec.above}, got ${text}`);
  if (spec.max !== undefined && value > spec.max) throw new UsageError(`--${name} must be at most ${spec.max}, got ${text}`);
  return value;
}

/** A value may start with "-" (a negative number, "-1,2" for predict) but not with "--" (that is the next flag). */
const looksLikeFlag = (arg: string | undefined): boolean => arg === undefined || (arg.startsWith('--') && arg.length > 2) || arg === '-h';

function unknownFlag(command: string, name: string, specs: FlagSpecs): UsageError {
  const guess = suggestName(name, [...Object.keys(specs), ...Object.keys(GLOBAL_FLAGS)]);
  return new UsageError(guess
    ? `unknown flag --${name}; did you mean --${guess}?`
    : `unknown flag --${name} (gradflow ${command} --help lists the flags)`);
}

/** Parse a command's arguments (everything after the command name). */
export function parseArgs<S extends FlagSpecs>(spec: CommandSpec<S>, argv: readonly string[]): ParsedArgs<S> {
  const flags: Record<string, string | number | boolean> = {};
  const positionals: string[] = [];
  let help = false;
  let debug = false;
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const letter = /^-([A-Za-z])$/.exec(argv[i]!)?.[1];
    const arg = !onlyPositionals && letter && spec.short?.[letter] ? `--${spec.short[letter]}` : argv[i]!;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-' || (/^-\d|^-\./.test(arg))) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    if (arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unknown option ${arg} (flags are spelled --name)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    if (name === 'help' || name === 'debug') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      if (name === 'help') help = true;
      else debug = true;
      continue;
    }
    const flagSpec = Object.prototype.hasOwnProperty.call(spec.flags, name) ? spec.flags[name] : undefined;
    if (!flagSpec) throw unknownFlag(spec.name, name, spec.flags);
    if (Object.prototype.hasOwnProperty.call(flags, name)) throw new UsageError(`--${name} is given twice`);
    if (flagSpec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let text = inline;
    if (text === undefined) {
      const next = argv[i + 1];
      if (looksLikeFlag(next)) throw new UsageError(`--${name} needs a value (${flagSpec.value})`);
      text = next!;
      i++;
    }
    flags[name] = convert(name, flagSpec, text);
  }
  if (!help) {
    const required = spec.positionals.filter((p) => p.required);
    if (positionals.length < required.length) {
      const missing = required[positionals.length]!;
      throw new UsageError(`missing ${missing.name} (${missing.help})`);
    }
    if (positionals.length > spec.positionals.length) {
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[spec.positionals.length])}`);
    }
  }
  return { flags: flags as ParsedFlags<S>, positionals, help, debug };
}

/** `gradflow CMD --help`: usage line, arguments, flags with placeholders, notes. */
export function commandHelp(spec: CommandSpec): string {
  const args = spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  const shown = spec.usage ?? args;
  const lines = [`usage: gradflow ${spec.name}${shown ? ` ${shown}` : ''} [flags]`, '', spec.summary];
  if (spec.positionals.length > 0) {
    lines.push('', 'arguments:');
    const width = Math.max(...spec.positionals.map((p) => p.name.length));
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(width)}  ${p.help}`);
  }
  const entries = [...Object.entries(spec.flags), ...Object.entries(GLOBAL_FLAGS)]
    .map(([name, f]) => [`--${name}${f.kind === 'boolean' ? '' : ` ${f.value}`}`, f.help] as const);
  const width = Math.max(...entries.map(([left]) => left.length));
  lines.push('', 'flags:');
  for (const [left, text] of entries) lines.push(`  ${left.padEnd(width)}  ${text}`);
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  return lines.join('\n');
}
