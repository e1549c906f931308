// The tensor viewer's colours (DESIGN.md §7: scales colour-blind users can read, with a legend): a tensor whose
// values are all on one side of zero goes through viridis from its min to its max; a signed one through a
// diverging blue–orange scale centred on zero (symmetric, so white means exactly 0 and equal distances from 0
// look equally strong). Both are precomputed as 255-entry tables, so painting 50,000 cells is a lookup each. Pure.

import { viridis } from '../canvas/overlay-scale.ts';

export type Rgb = readonly [number, number, number];

export interface HeatmapScale {
  kind: 'sequential' | 'diverging';
  /** The value at the left (bottom) end of the legend and at its right (top). */
  low: number;
  high: number;
  /** The colour of a value (clamped to [low, high]; NaN/Inf get the `broken` colour). */
  colour(value: number): Rgb;
  /** CSS gradient stops for the legend bar, left to right. */
  legendStops: string;
}

// Odd, so the middle of the scale (0 on the diverging one) has an entry of its own.
const STEPS = 255;
/** NaN and ±Inf: red, which neither scale uses. */
export const BROKEN: Rgb = [220, 20, 60];

// A diverging blue–white–orange scale (ColorBrewer's PuOr family, its purple swapped for blue), readable with
// the common colour-vision deficiencies.
const BLUE_ORANGE: readonly Rgb[] = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [253, 184, 99], [230, 97, 1]];

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as unknown as Rgb;
}

const parseRgb = (css: string): Rgb => (css.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number) as unknown as Rgb;

const VIRIDIS_TABLE: readonly Rgb[] = Array.from({ length: STEPS }, (_, i) => parseRgb(viridis(i / (STEPS - 1))));
const DIVERGING_TABLE: readonly Rgb[] = Array.from({ length: STEPS }, (_, i) => interpolate(BLUE_ORANGE, i / (STEPS - 1)));

const css = ([r, g, b]: Rgb): string => `rgb(${r}, ${g}, ${b})`;
const stopsOf = (table: readonly Rgb[]): string => Array.from({ length: 11 }, (_, i) => `${css(table[Math.round((i / 10) * (STEPS - 1))]!)} ${i * 10}%`).join(', ');

/** The scale for values spanning [min, max] (finite min/max of the tensor). */
export function heatmapScale(min: number, max: number): HeatmapScale {
  const finite = Number.isFinite(min) && Number.isFinite(max);
  const signed = finite && min < 0 && max > 0;
  if (signed) {
    const m = Math.max(-min, max);
    return { kind: 'diverging', low: -m, high: m, colour: lookup(DIVERGING_TABLE, -m, m), legendStops: stopsOf(DIVERGING_TABLE) };
  }
  const low = finite ? min : 0;
  const high = finite ? max : 0;
  return { kind: 'sequential', low, high, colour: lookup(VIRIDIS_TABLE, low, high), legendStops: stopsOf(VIRIDIS_TABLE) };
}

function lookup(table: readonly Rgb[], low: number, high: number): (value: number) => Rgb {
  const span = high - low;
  return (value) => {
    if (!Number.isFinite(value)) return BROKEN;
    // A constant tensor has no range: it sits in the middle of the scale.
    const t = span > 0 ? (value - low) / span : 0.5;
    return table[Math.round(Math.min(1, Math.max(0, t)) * (STEPS - 1))]!;
  };
}

/** The finite min and max of some data (NaN/Inf skipped); [0, 0] when none is finite. */
export function finiteRange(data: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    // Only when some value is infinite (NaN compares false and is skipped above): recount over finite ones.
    min = Infinity;
    max = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
    }
  }
  return Number.isFinite(min) ? [min, max] : [0, 0];
}

/**
 * RGBA pixels of a rows × cols grid taken row-major from `data` starting at `offset` (an ImageData's buffer).
 */
export function paintPixels(data: ArrayLike<number>, offset: number, rows: number, cols: number, scale: HeatmapScale): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(rows * cols * 4);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = scale.colour(data[offset + i]!);
    pixels[i * 4] = r;
    pixels[i * 4 + 1] = g;
    pixels[i * 4 + 2] = b;
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}
