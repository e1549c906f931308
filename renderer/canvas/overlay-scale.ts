// How the live overlay turns an edge's numbers into ink (issue 6 §1): colour is the gradient's magnitude on a
// log scale through a colour-blind-safe map (viridis), thickness the activation's magnitude. Magnitudes are
// root-mean-square values (‖t‖ / √size), so a 784×89 weight gradient and a 10-wide one compare fairly. Pure.

import type { TensorSummary } from '../../core/protocol/telemetry.ts';

/** The log₁₀ range the colour spans: 1e-6 (vanishing) … 1e1 (exploding). */
export const GRADIENT_DECADES = { min: -6, max: 1 } as const;
/** The log₁₀ range the thickness spans. */
export const ACTIVATION_DECADES = { min: -3, max: 1 } as const;
export const WIDTH = { min: 1.5, max: 7 } as const;

// Viridis at 9 stops (matplotlib's), interpolated linearly: perceptually uniform and readable with the common
// colour-vision deficiencies.
const VIRIDIS = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
] as const;

/** Root-mean-square of a summarized tensor, or undefined when it has no finite size or norm. */
export function rms(summary: TensorSummary | undefined): number | undefined {
  if (!summary) return undefined;
  const size = summary.shape.reduce((a, b) => a * b, 1);
  if (!(size > 0) || !Number.isFinite(summary.norm)) return undefined;
  return summary.norm / Math.sqrt(size);
}

/** Where `value` sits in [min, max] decades, clamped to 0…1 (0 for zero or nothing). */
export function logPosition(value: number | undefined, decades: { min: number; max: number }): number {
  if (value === undefined || !(value > 0)) return 0;
  const t = (Math.log10(value) - decades.min) / (decades.max - decades.min);
  return Math.min(1, Math.max(0, t));
}

/** The viridis colour at t ∈ [0, 1], as "rgb(r, g, b)". */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

export interface EdgeInk {
  /** Stroke colour; undefined leaves the theme's edge colour (no gradient flows here, or none yet). */
  color?: string;
  width: number;
  /** For hooks and tooltips. */
  gradientRms?: number;
  activationRms?: number;
  /** The gradient or the value holds NaN or Inf. */
  broken: boolean;
}

export function edgeInk(value: TensorSummary | undefined, gradient: TensorSummary | undefined, carriesGradient: boolean): EdgeInk {
  const activationRms = rms(value);
  const gradientRms = carriesGradient ? rms(gradient) : undefined;
  const broken = (value?.nanCount ?? 0) + (value?.infCount ?? 0) + (gradient?.nanCount ?? 0) + (gradient?.infCount ?? 0) > 0;
  return {
    ...(gradientRms !== undefined ? { color: viridis(logPosition(gradientRms, GRADIENT_DECADES)), gradientRms } : {}),
    ...(activationRms !== undefined ? { activationRms } : {}),
    width: activationRms === undefined ? WIDTH.min : WIDTH.min + (WIDTH.max - WIDTH.min) * logPosition(activationRms, ACTIVATION_DECADES),
    broken,
  };
}
