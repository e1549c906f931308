// Answer `activations`: one node's output over the first rows of a split — an autoencoder's codes for the
// Codes scatter, its reconstructions beside the inputs — on the float64 evaluation executor of predict.ts
// (a copy of the parameters, evaluation mode), so a running trainer is never disturbed.

import { ancestorsOf } from '../graph/queries.ts';
import type { ParameterStore } from '../graph/types.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import { featureFeeds } from '../train/features.ts';
import { EVALUATION_BATCH, evaluationExecutor } from './predict.ts';
import type { PreparedRun } from './prepare-run.ts';

type Answer = Extract<Telemetry, { type: 'activations' | 'error' }>;
type Split = 'train' | 'validation' | 'test';

export function activations(
  run: PreparedRun, params: ParameterStore | undefined, requestId: number, nodeId: string, split: Split, limit: number, withInputs = false,
): Answer {
  const node = run.graph.byId.get(nodeId);
  if (!node) return { type: 'error', message: `there is no node "${nodeId}" in the graph`, requestId };
  const data = run.data[split];
  const total = data?.x.shape[0] ?? 0;
  if (!data || total === 0) return { type: 'error', message: `the ${split} split is empty: this file's data has no ${split} rows`, requestId };
  const rows = Math.min(limit, total);
  const needed = ancestorsOf(run.graph, nodeId);
  if (run.graph.targets.some((target) => needed.has(target.id))) {
    return { type: 'error', message: `"${nodeId}" depends on the targets, not on the inputs: ask for a node between the Input and the loss`, requestId };
  }
  const executor = evaluationExecutor(run.graph, run.config, params);
  const values: number[][] = [];
  let shape: number[] = [];
  for (let start = 0; start < rows; start += EVALUATION_BATCH) {
    const batch = data.x.sliceRows(start, Math.min(rows, start + EVALUATION_BATCH)).cast('float64');
    const out = executor.forward(featureFeeds(run.graph.inputs, batch), false, needed).get(nodeId);
    if (!out) return { type: 'error', message: `"${nodeId}" has no value on a forward pass`, requestId };
    const n = batch.shape[0]!;
    if (out.shape[0] !== n) return { type: 'error', message: `"${nodeId}" does not have one row per sample (its shape is [${out.shape.join(', ')}])`, requestId, nodeId };
    shape = out.shape.slice(1);
    const width = out.size / n;
    for (let r = 0; r < n; r++) values.push(Array.from(out.data.subarray(r * width, (r + 1) * width)));
  }
  const labels = run.data.labels?.[split];
  const featureWidth = data.x.size / total;
  const inputShape = run.graph.inputs.length === 1 ? ((run.graph.inputs[0]!.attrs.shape as number[] | undefined) ?? [featureWidth]) : [featureWidth];
  return {
    type: 'activations', requestId, nodeId, split, shape, values,
    ...(labels ? { labels: Array.from(labels.subarray(0, rows)), ...(run.data.labelClasses ? { classes: run.data.labelClasses } : {}) } : {}),
    ...(withInputs ? { inputs: Array.from({ length: rows }, (_, r) => Array.from(data.x.data.subarray(r * featureWidth, (r + 1) * featureWidth))), inputShape } : {}),
  };
}
