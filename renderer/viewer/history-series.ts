// An edge's history over training (the telemetry store's edgeHistory) as lines for a small SVG chart: the
// L2 norm on its own axis, and the mean inside its min–max band on another. Pure: the chart component only
// draws the paths this returns.

import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import type { EdgeMoment } from '../state/run-history.ts';

export type TensorSide = 'value' | 'gradient';

export interface HistoryPoint {
  /** Epochs into the run (2.5 = halfway through the third). */
  at: number;
  norm: number;
  mean: number;
  min: number;
  max: number;
}

/** The moments that carry this side's summary with finite numbers, in order. */
export function historyPoints(moments: readonly EdgeMoment[], side: TensorSide): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const moment of moments) {
    const s: TensorSummary | undefined = moment[side];
    if (!s || ![s.norm, s.mean, s.min, s.max].every(Number.isFinite)) continue;
    points.push({ at: moment.at, norm: s.norm, mean: s.mean, min: s.min, max: s.max });
  }
  return points;
}

export interface Box {
  width: number;
  height: number;
  /** Inner margin in pixels on every side (room for the stroke). */
  pad: number;
}

export interface Axis {
  low: number;
  high: number;
}

/** The span of some numbers, widened when flat so a constant line sits in the middle. */
export function axisOf(values: readonly number[]): Axis {
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { low: 0, high: 1 };
  if (high === low) {
    const d = Math.abs(low) > 0 ? Math.abs(low) * 0.1 : 1;
    low -= d;
    high += d;
  }
  return { low, high };
}

const fixed = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Pixel coordinates of (x, y) pairs in a box, y up. */
export function toPixels(xs: readonly number[], ys: readonly number[], x: Axis, y: Axis, box: Box): [number, number][] {
  const w = box.width - 2 * box.pad;
  const h = box.height - 2 * box.pad;
  return xs.map((xv, i) => [
    box.pad + ((xv - x.low) / (x.high - x.low)) * w,
    box.pad + h - ((ys[i]! - y.low) / (y.high - y.low)) * h,
  ]);
}

/** An SVG path through the points ("M x y L x y …"). */
export function linePath(points: readonly [number, number][]): string {
  return points.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${fixed(px)} ${fixed(py)}`).join(' ');
}

/** A closed SVG path between an upper and a lower line (the min–max band). */
export function bandPath(upper: readonly [number, number][], lower: readonly [number, number][]): string {
  if (upper.length === 0) return '';
  return `${linePath(upper)} ${[...lower].reverse().map(([px, py]) => `L${fixed(px)} ${fixed(py)}`).join(' ')} Z`;
}
