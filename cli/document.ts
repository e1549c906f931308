// Opening a document and preparing its run the same way for every command: read the file, load it (every
// error with its JSON path), apply the command-line overrides, and turn engine errors into CliErrors.

import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import type { DataSource, GradflowDocument } from '../core/document/types.ts';
import { buildGraph } from '../core/graph/build.ts';
import { parameterKey } from '../core/graph/types.ts';
import { prepareRun, type PreparedRun, type RunOverrides } from '../core/runtime/prepare-run.ts';
import { Trainer, type TrainerOptions } from '../core/train/trainer.ts';
import { TrainingSetupError } from '../core/train/errors.ts';
import type { MemoryBudget } from '../core/train/memory-budget.ts';
import { EngineError } from '../core/graph/errors.ts';
import type { DType } from '../core/tensor/tensor.ts';
import type { Context, Output } from './context.ts';
import { CliError } from './errors.ts';

export interface OpenedDocument {
  /** As typed on the command line (for messages). */
  path: string;
  fullPath: string;
  doc: GradflowDocument;
  warnings: string[];
}

/** A list of problems as one message: inline when there is one, one per line when there are several. */
export function problems(subject: string, list: readonly string[]): CliError {
  if (list.length === 1) return new CliError(`${subject}: ${list[0]}`);
  return new CliError(`${subject}: ${list.length} problems:`, list);
}

export function openDocument(ctx: Context, path: string): OpenedDocument {
  const fullPath = resolve(ctx.cwd, path);
  const text = ctx.host.readText(fullPath, 'document');
  const loaded = loadDocument(text);
  if (!loaded.ok) {
    const lines = loaded.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    throw problems(`${path} is not a valid .gradflow file`, lines);
  }
  return { path, fullPath, doc: loaded.doc, warnings: loaded.warnings };
}

/**
 * eval and predict need a trained model: every parameter of the graph saved in the file (a missing one
 * would otherwise be drawn at random from the seed, and the results would mean nothing). Say how to get one.
 */
export function requireParameters(opened: OpenedDocument): void {
  const train = `gradflow train ${opened.path} --save ${opened.path}`;
  const saved = opened.doc.parameters ?? {};
  if (Object.keys(saved).length === 0) throw new CliError(`${opened.path} has no trained parameters; train it first: ${train}`);
  const built = buildGraph(opened.doc);
  // A graph that does not build is reported, with its problems, by prepare.
  if (!built.ok) return;
  const missing = built.graph.nodes.flatMap((node) => node.op.params.map((spec) => parameterKey(node.id, spec.name)))
    .filter((key) => !Object.hasOwn(saved, key));
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).map((key) => JSON.stringify(key)).join(', ');
    const more = missing.length > 8 ? ` and ${missing.length - 8} more` : '';
    throw new CliError(`${opened.path} lacks trained values for ${missing.length === 1 ? 'the parameter' : `${missing.length} parameters:`} ${shown}${more}; ` +
      `train it again: ${train}`);
  }
}

export interface Prepared {
  run: PreparedRun;
  /** Lines about the data: files read from outside the document's folder, then the data report. */
  report: string[];
}

/**
 * prepareRun with a DataHost rooted at the document's folder. The document's data paths are made absolute
 * first, so a message about a data file names the file itself, wherever the command was run from. The
 * files read from outside the document's folder are printed even when preparing fails.
 */
export async function prepare(
  ctx: Context, opened: OpenedDocument, overrides: RunOverrides, commandLinePaths: ReadonlySet<string> = new Set(),
  inMemory: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<Prepared> {
  const host = ctx.host.dataHost(opened.fullPath, commandLinePaths, inMemory);
  const folder = dirname(opened.fullPath);
  const doc = opened.doc.data ? { ...opened.doc, data: mapDataPaths(opened.doc.data, (p) => resolve(folder, p)) } : opened.doc;
  const result = await prepareRun(doc, host, overrides);
  if (!result.ok) {
    for (const notice of host.notices) ctx.stderr.write(`gradflow: data: ${notice}\n`);
    throw problems(opened.path, result.errors);
  }
  return { run: result.run, report: [...host.notices, ...result.run.data.report].map((line) => `data: ${line}`) };
}

/** A data source with every file path (data, labels, and those of its separate test set) passed through `map`. */
export function mapDataPaths(data: DataSource, map: (path: string) => string): DataSource {
  const paths = (source: Record<string, unknown>): Record<string, unknown> => {
    if (source.kind !== 'file') return source;
    const mapped = { ...source };
    for (const key of ['path', 'labels'] as const) if (typeof source[key] === 'string') mapped[key] = map(source[key]);
    return mapped;
  };
  const mapped = paths(data) as DataSource;
  const test = data.testData;
  return typeof test === 'object' && test !== null && !Array.isArray(test) ? { ...mapped, testData: paths(test as Record<string, unknown>) } : mapped;
}

/** Print the document's load warnings and the data report. */
export function printPreamble(out: Output, opened: OpenedDocument, prepared?: Prepared): void {
  for (const warning of opened.warnings) out.warn(`${opened.path}: ${warning}`);
  for (const line of prepared?.report ?? []) out.info(line);
}

/** A Trainer, with the engine's setup errors (no loss, columns that do not fit the Input) as CliErrors. */
export function makeTrainer(
  opened: OpenedDocument, run: PreparedRun, options: { dtype?: DType; parameters?: TrainerOptions['parameters']; memoryBudget?: MemoryBudget } = {},
): Trainer {
  return guardEngine(opened, () => new Trainer({
    graph: run.graph, config: run.config, train: run.data.train,
    ...(run.data.validation ? { validation: run.data.validation } : {}),
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.memoryBudget ? { memoryBudget: options.memoryBudget } : {}),
  }));
}

/** Run engine code; its expected failures (setup, a node that fails) become messages naming the file. */
export function guardEngine<T>(opened: OpenedDocument, body: () => T): T {
  const rethrow = (error: unknown): never => {
    if (error instanceof TrainingSetupError || error instanceof EngineError) throw new CliError(`${opened.path}: ${error.message}`);
    throw error;
  };
  try {
    const value = body();
    return (value instanceof Promise ? value.catch(rethrow) : value) as T;
  } catch (error) {
    return rethrow(error);
  }
}

/**
 * The document as it should be saved at `target`: a data file path is relative to the document's folder,
 * so saving into another folder rewrites it to point at the same file from there. `commandLinePaths` are
 * the absolute paths typed on the command line (--data, --test-data, …): they are written relative to the
 * target's folder too. A path the document itself gives as absolute stays absolute.
 */
export function relocate(doc: GradflowDocument, fromPath: string, target: string, commandLinePaths: ReadonlySet<string> = new Set()): GradflowDocument {
  if (!doc.data) return doc;
  const from = dirname(fromPath);
  const to = dirname(target);
  const move = (p: string): string => {
    if (isAbsolute(p)) return commandLinePaths.has(p) ? relative(to, p) || basename(p) : p;
    return from === to ? p : relative(to, resolve(from, p)) || basename(p);
  };
  const data = mapDataPaths(doc.data, move);
  return JSON.stringify(data) === JSON.stringify(doc.data) ? doc : { ...doc, data };
}
