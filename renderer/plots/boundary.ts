// The decision boundary for 2-D data (issue 6 §6, like TensorFlow Playground): the model's answer at every
// point of an n×n grid over the data's range, as a heatmap, with the data points it has seen on top. The grid
// rows go to the engine's `predict`; its outputs come back as class probabilities (or raw values). Pure.

import type { Figure, PlotTrace } from './figure.ts';
import type { PlotTheme } from './plot-theme.ts';

export type Range = [number, number];

/** [min, max] of the values widened by `pad` of the span on each side (a unit span around a single value). */
export function paddedRange(min: number, max: number, pad = 0.1): Range {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [-1, 1];
  if (!(max > min)) return [min - 1, max + 1];
  const extra = (max - min) * pad;
  return [min - extra, max + extra];
}

export const linspace = (from: number, to: number, count: number): number[] =>
  count === 1 ? [from] : Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));

export interface Grid {
  xs: number[];
  ys: number[];
  /** One input row per grid point, row-major over y then x: rows[j * xs.length + i] = [xs[i], ys[j]]. */
  rows: number[][];
}

export function gridPoints(x: Range, y: Range, n: number): Grid {
  const xs = linspace(x[0], x[1], n);
  const ys = linspace(y[0], y[1], n);
  return { xs, ys, rows: ys.flatMap((yv) => xs.map((xv) => [xv, yv])) };
}

export type SurfaceKind = 'probability' | 'class' | 'value';

/**
 * The heatmap's z from the engine's outputs (one per grid row): the second class's probability for two classes
 * (or the single output of a binary classifier), the most likely class for more, the raw value for a regression.
 */
export function surface(outputs: readonly (readonly number[])[], grid: Grid, task: 'classification' | 'regression'): { z: number[][]; kind: SurfaceKind; classes: number } {
  if (outputs.length !== grid.rows.length) throw new Error(`${outputs.length} outputs for ${grid.rows.length} grid points`);
  const width = outputs[0]?.length ?? 0;
  const classes = task === 'classification' ? Math.max(2, width) : 0;
  const kind: SurfaceKind = task === 'regression' ? 'value' : width <= 2 ? 'probability' : 'class';
  const at = (row: readonly number[]): number => {
    if (kind === 'value') return row[0]!;
    if (kind === 'probability') return width === 1 ? row[0]! : row[1]!;
    let best = 0;
    for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
    return best;
  };
  const n = grid.xs.length;
  return { z: grid.ys.map((_, j) => grid.xs.map((_, i) => at(outputs[j * n + i]!))), kind, classes };
}

export interface LabelledPoint {
  x: number;
  y: number;
  /** The class (classification) or the target value. */
  label: number;
}

/** A target row as a class: the hot index of a one-hot row, or a single probability thresholded at 0.5. */
export function classOfTarget(row: readonly number[]): number {
  if (row.length === 1) return row[0]! >= 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
  return best;
}

/**
 * Points from a batch of inputs (B, 2) and targets (B, k) as the engine sends them (row-major), added to the
 * points already known (duplicates skipped), at most `max` kept.
 */
export function mergePoints(known: readonly LabelledPoint[], inputs: ArrayLike<number>, targets: ArrayLike<number>, targetWidth: number, task: 'classification' | 'regression', max = 800): LabelledPoint[] {
  const rows = Math.floor(inputs.length / 2);
  if (targetWidth < 1 || targets.length < rows * targetWidth) return [...known];
  const seen = new Set(known.map((p) => `${p.x},${p.y}`));
  const merged = [...known];
  for (let r = 0; r < rows && merged.length < max; r++) {
    const [x, y] = [inputs[2 * r]!, inputs[2 * r + 1]!];
    const key = `${x},${y}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const target = Array.from({ length: targetWidth }, (_, k) => targets[r * targetWidth + k]!);
    merged.push({ x, y, label: task === 'classification' ? classOfTarget(target) : target[0]! });
  }
  return merged;
}

export function boundaryFigure(grid: Grid, z: number[][], kind: SurfaceKind, classes: number, points: readonly LabelledPoint[], theme: PlotTheme, names: [string, string] = ['x₁', 'x₂']): Figure {
  const classColor = (c: number) => theme.series[c % theme.series.length]!;
  const heat: PlotTrace = {
    type: 'heatmap', x: grid.xs, y: grid.ys, z, zsmooth: 'best', name: 'model', hoverongaps: false,
    ...(kind === 'probability'
      ? { zmin: 0, zmax: 1, colorscale: [[0, theme.series[0]], [0.5, theme.background], [1, theme.series[1]]], colorbar: { title: { text: 'P(class 1)' }, thickness: 12 },
          hovertemplate: `${names[0]} %{x:.2f}, ${names[1]} %{y:.2f}<br>P(class 1) %{z:.2f}<extra></extra>` }
      : kind === 'class'
        ? { zmin: -0.5, zmax: classes - 0.5, zsmooth: false, opacity: 0.45, showscale: false,
            colorscale: Array.from({ length: classes }, (_, c) => [[c / classes, classColor(c)], [(c + 1) / classes, classColor(c)]]).flat(),
            hovertemplate: `${names[0]} %{x:.2f}, ${names[1]} %{y:.2f}<br>class %{z}<extra></extra>` }
        : { colorscale: 'Viridis', colorbar: { title: { text: 'output' }, thickness: 12 }, hovertemplate: `${names[0]} %{x:.2f}, ${names[1]} %{y:.2f}<br>output %{z:.3g}<extra></extra>` }),
  };
  const data: PlotTrace[] = [heat];
  if (kind === 'value') {
    if (points.length > 0) data.push({ type: 'scatter', mode: 'markers', name: 'data', x: points.map((p) => p.x), y: points.map((p) => p.y),
      marker: { size: 6, color: points.map((p) => p.label), colorscale: 'Viridis', line: { width: 1, color: theme.fg } } });
  } else {
    const labels = [...new Set(points.map((p) => p.label))].sort((a, b) => a - b);
    for (const label of labels) {
      const of = points.filter((p) => p.label === label);
      data.push({ type: 'scatter', mode: 'markers', name: `class ${label}`, x: of.map((p) => p.x), y: of.map((p) => p.y),
        marker: { size: 6, color: classColor(label), line: { width: 1, color: theme.fg } } });
    }
  }
  return {
    data,
    maxWidth: 600,
    layout: {
      height: 460,
      showlegend: points.length > 0,
      xaxis: { title: { text: names[0] }, range: [grid.xs[0], grid.xs.at(-1)], constrain: 'domain' },
      yaxis: { title: { text: names[1] }, range: [grid.ys[0], grid.ys.at(-1)], scaleanchor: 'x', scaleratio: 1, constrain: 'domain' },
    },
  };
}
