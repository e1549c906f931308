// Opening a document and preparing its run the same way for every command: read the file, load it (every
// error with its JSON path), apply the command-line overrides, and turn engine errors into CliErrors.

import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { prepareRun, type PreparedRun, type RunOverrides } from '../core/runtime/prepare-run.ts';
import { Trainer, type TrainerOptions } from '../core/train/trainer.ts';
import { TrainingSetupError } from '../core/train/errors.ts';
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

/** eval and predict need a trained model; say how to get one. */
export function requireParameters(opened: OpenedDocument): void {
  if (!opened.doc.parameters || Object.keys(opened.doc.parameters).length === 0) {
    throw new CliError(`${opened.path} has no trained parameters; train it first: gradflow train ${opened.path} --save ${opened.path}`);
  }
}

export interface Prepared {
  run: PreparedRun;
  /** Lines about the data: files read from outside the document's folder, then the data report. */
  report: string[];
}

/** prepareRun with a DataHost rooted at the document's folder. */
export async function prepare(
  ctx: Context, opened: OpenedDocument, overrides: RunOverrides, commandLinePaths: ReadonlySet<string> = new Set(),
  inMemory: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<Prepared> {
  const host = ctx.host.dataHost(opened.fullPath, commandLinePaths, inMemory);
  const result = await prepareRun(opened.doc, host, overrides);
  if (!result.ok) throw problems(opened.path, result.errors);
  return { run: result.run, report: [...host.notices, ...result.run.data.report].map((line) => `data: ${line}`) };
}

/** Print the document's load warnings and the data report. */
export function printPreamble(out: Output, opened: OpenedDocument, prepared?: Prepared): void {
  for (const warning of opened.warnings) out.warn(`${opened.path}: ${warning}`);
  for (const line of prepared?.report ?? []) out.info(line);
}

/** A Trainer, with the engine's setup errors (no loss, columns that do not fit the Input) as CliErrors. */
export function makeTrainer(opened: OpenedDocument, run: PreparedRun, options: { dtype?: DType; parameters?: TrainerOptions['parameters'] } = {}): Trainer {
  return guardEngine(opened, () => new Trainer({
    graph: run.graph, config: run.config, train: run.data.train,
    ...(run.data.validation ? { validation: run.data.validation } : {}),
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.dtype ? { dtype: options.dtype } : {}),
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
 * so saving into another folder rewrites it to point at the same file from there.
 */
export function relocate(doc: GradflowDocument, fromPath: string, target: string): GradflowDocument {
  const data = doc.data;
  if (!data || data.kind !== 'file') return doc;
  const from = dirname(fromPath);
  const to = dirname(target);
  if (from === to) return doc;
  const move = (p: unknown) => (typeof p === 'string' && !isAbsolute(p) ? relative(to, resolve(from, p)) || basename(p) : p);
  return { ...doc, data: { ...data, path: move(data.path), ...(data.labels !== undefined ? { labels: move(data.labels) } : {}) } };
}
