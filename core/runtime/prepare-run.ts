// From a loaded document to everything a run needs: the built graph, the resolved run config (with any
// overrides a host applies, e.g. CLI flags), the prepared data and the saved parameters. Every host — the
// CLI now, the worker runtime and the app later — opens a run through this one function.

import type { GradflowDocument, RunSummary } from '../document/types.ts';
import { parametersFromDocument, parametersToDocument } from '../document/parameters.ts';
import { buildGraph } from '../graph/build.ts';
import type { Graph, ParameterStore } from '../graph/types.ts';
import { checkDataSource, mergeSources, testSourceFor, type DataSourceSpec } from '../data/source.ts';
import { prepareData, type DataHost, type PreparedData } from '../data/prepare.ts';
import { mergeRunConfig, resolveRunConfig, type PartialRunConfig, type RunConfig } from '../train/config.ts';
import { lossTargetProblem } from '../train/target-range.ts';

export interface RunOverrides {
  /** Settings that replace the file's (CLI flags such as --epochs, --lr). */
  training?: PartialRunConfig;
  /** Replaces where the rows come from; columns, scaling and split are kept from the file unless given. */
  data?: Partial<DataSourceSpec>;
  /** A separate test set, prepared like the training data (replaces the file's own `testData`). */
  testData?: Partial<DataSourceSpec>;
}

export interface PreparedRun {
  graph: Graph;
  config: RunConfig;
  data: PreparedData;
  /** Parameters saved in the file (trained earlier), if any. */
  parameters?: ParameterStore;
}

export type PrepareRunResult = { ok: true; run: PreparedRun } | { ok: false; errors: string[] };

/** The file's data source with a host's override applied. */
export function effectiveDataSource(doc: GradflowDocument, override?: Partial<DataSourceSpec>): DataSourceSpec | undefined {
  const base = doc.data as unknown as DataSourceSpec | undefined;
  if (!override) return base;
  return base ? mergeSources(base, override) : (override as DataSourceSpec);
}

/** Build the graph, resolve the config and prepare the data of a document. */
export async function prepareRun(doc: GradflowDocument, host: DataHost, overrides: RunOverrides = {}): Promise<PrepareRunResult> {
  const built = buildGraph(doc);
  if (!built.ok) {
    return { ok: false, errors: built.problems.map((p) => (p.suggestion ? `${p.message} — ${p.suggestion}` : p.message)) };
  }
  const config = resolveRunConfig(mergeRunConfig(doc.training, overrides.training));
  const source = effectiveDataSource(doc, overrides.data);
  if (!source) return { ok: false, errors: ['the file names no data to train on (its "data" section is missing)'] };
  const sourceErrors = checkDataSource(source);
  if (sourceErrors.length > 0) return { ok: false, errors: sourceErrors.map((e) => `${e.path}: ${e.message}`) };
  let testSource: DataSourceSpec | undefined;
  const test = overrides.testData ?? source.testData;
  if (test) {
    // A separate test set shares the training data's columns and encoding, but is never split or truncated.
    testSource = testSourceFor(source, test);
    const testErrors = checkDataSource(testSource, 'test data');
    if (testErrors.length > 0) return { ok: false, errors: testErrors.map((e) => `${e.path}: ${e.message}`) };
  }
  const prepared = await prepareData(source, host, testSource ? { testSource } : {});
  if (!prepared.ok) return { ok: false, errors: [prepared.error] };
  const targets = lossTargetProblem(built.graph, prepared.data);
  if (targets) return { ok: false, errors: [targets] };
  const saved = parametersFromDocument(doc);
  if (!saved.ok) return { ok: false, errors: [saved.error] };
  return {
    ok: true,
    run: { graph: built.graph, config, data: prepared.data, ...(saved.store.size > 0 ? { parameters: saved.store } : {}) },
  };
}

/** The document with trained parameters and a run summary, ready to save. */
export function withTrainedParameters(doc: GradflowDocument, parameters: ParameterStore, summary: RunSummary): GradflowDocument {
  return { ...doc, parameters: parametersToDocument(parameters), runSummary: summary };
}
