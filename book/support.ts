// Shared pieces of the book reproduction suite: where the book's data lives, a DataHost that reads it, and
// a runner from a document to a trained model.
//
// The data (../shared/book-data, or GRADFLOW_BOOK_DATA) is not product data and is never committed. When it is
// absent every test says "skipped: …" by name instead of passing.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DataHost } from '../core/data/prepare.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { prepareRun, type PreparedRun, type RunOverrides } from '../core/runtime/prepare-run.ts';
import { Trainer, type TrainEvent } from '../core/train/trainer.ts';

const root = join(import.meta.dirname, '..');
export const BOOK_DATA = process.env.GRADFLOW_BOOK_DATA ?? join(root, '..', 'shared', 'book-data');

/** The test option that skips, with the reason, when a book data file is missing. */
export function needsBookData(...files: string[]): { skip: string | false } {
  const missing = files.filter((f) => !existsSync(join(BOOK_DATA, f)));
  return { skip: missing.length > 0 ? `skipped: book data not found (${missing.join(', ')} in ${BOOK_DATA}; set GRADFLOW_BOOK_DATA)` : false };
}

export const bookFile = (name: string): string => join(BOOK_DATA, name);

/** Reads absolute paths (gunzipping .gz) and the built-in assets. */
export const nodeHost: DataHost = {
  readFile: async (path) => {
    const bytes = readFileSync(path);
    return new Uint8Array(path.endsWith('.gz') ? gunzipSync(bytes) : bytes);
  },
  readAsset: async (name) => {
    const path = join(root, 'assets', 'data', name);
    if (!existsSync(path)) throw new Error(`${path} is missing: run npm install to build the built-in datasets`);
    return new Uint8Array(readFileSync(path));
  },
};

export async function openRun(doc: GradflowDocument, overrides: RunOverrides = {}): Promise<PreparedRun> {
  const result = await prepareRun(doc, nodeHost, overrides);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.run;
}

/** Train with the run's validation split (or `validation`) and return the trainer and its evaluations. */
export function train(run: PreparedRun, options: { validation?: PreparedRun['data']['train']; log?: (event: TrainEvent) => void } = {}) {
  const validation = options.validation ?? run.data.validation;
  const trainer = new Trainer({ graph: run.graph, config: run.config, train: run.data.train, ...(validation ? { validation } : {}) });
  const result = trainer.fit(options.log);
  return { trainer, result };
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
