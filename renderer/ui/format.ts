// How engine states and numbers are shown. Kept apart from the components so they can be unit-tested.

import type { EngineStatus } from '../../core/protocol/telemetry.ts';

/** The five states the run-status readout shows (DESIGN.md §8); the engine has a few finer ones. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'done' | 'error';

export function runStatusOf(status: EngineStatus): RunStatus {
  switch (status) {
    case 'idle': case 'loading': case 'ready': return 'idle';
    case 'running': return 'running';
    // Between two steps of step-through the run stands still mid-pass: that is a pause.
    case 'paused': case 'stepping': return 'paused';
    case 'done': return 'done';
    case 'error': return 'error';
  }
}

/** A readable number: 4 significant digits, exponent form for the very large and very small. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e5 || magnitude < 1e-3 ? value.toExponential(3) : Number(value.toPrecision(4)).toString();
}

/** "(N, 64)" for an inferred shape with its batch dimension, "(32, 64)" for a concrete one. */
export function formatShape(shape: readonly (number | null)[] | null | undefined): string {
  if (!shape) return '?';
  return `(${shape.map((d) => (d === null ? 'N' : String(d))).join(', ')})`;
}

/** Attribute text for end-to-end tests: full precision, so a test can parse what the engine sent. */
export const attr = (value: number | undefined): string | undefined => (value === undefined ? undefined : String(value));
