// What Try it asks for (issue 6 §3), worked out from the loaded graph and the document's data source: a digit
// to draw when the one Input takes 784 values (MNIST), else one number per feature, named like the data's
// columns (as the engine names them, else as the document does). Values are in the data's own units — ink
// 0…1 like the training digits' pixel/255, the CSV's numbers — and the engine scales them (predict `raw`) as it
// scaled the training rows. And what an answer means: the predicted class and its probabilities, or the
// regression outputs. Pure.

import type { DataSource } from '../../core/document/types.ts';
import type { GraphDescription, PredictionTask } from '../../core/protocol/telemetry.ts';

export type TryItInput =
  | { kind: 'digit'; width: 784 }
  | { kind: 'features'; width: number; names: string[] }
  | { kind: 'unsupported'; reason: string };

/** More features than this get no form (Try it is for typing a row, not pasting a file). */
export const MAX_TYPED_FEATURES = 64;

// The built-in sets whose feature columns are fixed (core/data/prepare.ts names them so).
const BUILTIN_FEATURES: Record<string, string[]> = {
  xor: ['x', 'y'], circles: ['x', 'y'], spiral: ['x', 'y'], gaussians: ['x', 'y'], function: ['x'],
  'auto-mpg': ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'],
};

/** The values one sample of an Input takes: its shape without the batch axis, multiplied out. */
export function sampleWidth(shape: readonly (number | null)[] | null): number | null {
  if (!shape) return null;
  const dims = shape[0] === null ? shape.slice(1) : shape;
  if (dims.some((d) => d === null)) return null;
  return (dims as number[]).reduce((a, b) => a * b, 1);
}

/** The feature names of a data source, when it names exactly `width` of them; else x1 … xn. */
export function featureNames(data: DataSource | undefined, width: number): string[] {
  const given = Array.isArray(data?.features) && data.features.every((f) => typeof f === 'string') ? (data.features as string[]) : undefined;
  const builtin = data?.kind === 'builtin' && typeof data.name === 'string' ? BUILTIN_FEATURES[data.name] : undefined;
  const names = given ?? builtin;
  return names && names.length === width ? [...names] : Array.from({ length: width }, (_, i) => `x${i + 1}`);
}

/** Whether the document's features are scaled before they reach the Input (the engine does it for Try it too). */
export function isScaled(data: DataSource | undefined): boolean {
  const scale = data?.scale as { method?: unknown } | undefined;
  return typeof scale === 'object' && scale !== null && scale.method !== undefined && scale.method !== 'none';
}

/** `engineNames`: the feature names the engine reported with the loaded graph, which win when they fit. */
export function tryItInput(graph: GraphDescription | undefined, data: DataSource | undefined, engineNames?: readonly string[]): TryItInput {
  if (!graph) return { kind: 'unsupported', reason: 'The engine has not loaded the graph yet.' };
  const inputs = graph.nodes.filter((n) => n.op === 'Input');
  if (inputs.length !== 1) {
    return { kind: 'unsupported', reason: inputs.length === 0 ? 'The graph has no Input node to feed.' : `Try it feeds one Input; this graph has ${inputs.length}.` };
  }
  const width = sampleWidth(inputs[0]!.shape);
  if (width === null || width < 1) return { kind: 'unsupported', reason: 'The Input\'s shape is not known yet.' };
  if (width === 784) return { kind: 'digit', width };
  if (width > MAX_TYPED_FEATURES) return { kind: 'unsupported', reason: `The Input takes ${width} values per sample: too many to type one by one.` };
  return { kind: 'features', width, names: engineNames?.length === width ? [...engineNames] : featureNames(data, width) };
}

/** What a typed field holds: a finite number, or the reason it is not one. */
export function parseFeature(text: string): { ok: true; value: number } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty' };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, error: `"${trimmed}" is not a number` };
}

export interface ReadPrediction {
  task: PredictionTask;
  /** Classification: the most probable class. */
  predicted?: number;
  /** Classification: the probabilities (or raw outputs, for regression), one per output. */
  outputs: number[];
  labels: string[];
}

/** The class names of a data source's one-hot target, when it records them; else 0 … n−1. */
export function classLabels(data: DataSource | undefined, count: number): string[] {
  const given = Array.isArray(data?.classes) && data.classes.length === count ? (data.classes as unknown[]).map(String) : undefined;
  return given ?? Array.from({ length: count }, (_, i) => String(i));
}

/** The first row of a prediction answer, read for display. */
export function readPrediction(task: PredictionTask, outputs: readonly number[], data: DataSource | undefined): ReadPrediction {
  if (task === 'classification') {
    // One sigmoid output (BinaryCrossEntropy) is the probability of class 1.
    const probabilities = outputs.length === 1 ? [1 - outputs[0]!, outputs[0]!] : [...outputs];
    let predicted = 0;
    probabilities.forEach((p, i) => { if (p > probabilities[predicted]!) predicted = i; });
    return { task, predicted, outputs: probabilities, labels: classLabels(data, probabilities.length) };
  }
  const targets = Array.isArray(data?.targets) && data.targets.length === outputs.length ? (data.targets as unknown[]).map(String) : undefined;
  const labels = targets ?? (data?.kind === 'builtin' && data.name === 'auto-mpg' && outputs.length === 1 ? ['Miles_per_Gallon'] : outputs.map((_, i) => `output ${i + 1}`));
  return { task, outputs: [...outputs], labels };
}

/** A probability as a short percentage: "99.7%", "0.04%", "<0.01%". */
export function formatPercent(p: number): string {
  const percent = p * 100;
  if (!Number.isFinite(percent)) return String(percent);
  if (percent > 0 && percent < 0.01) return '<0.01%';
  return `${Number(percent.toFixed(percent >= 1 ? 1 : 2))}%`;
}
