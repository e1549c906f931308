// The "Check gradient" button's pure part: which nodes have a gradient to check, and how the engine's answers
// read (DESIGN.md §4: analytic against central differences, float64, on the first batch).

import type { GradflowDocument } from '../../core/document/types.ts';
import { findOp } from '../../core/ops/registry.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';

export type GradientCheckAnswer = Extract<Telemetry, { type: 'gradient-check' }>;

/** The nodes among `ids` whose gradients can be checked: not the data and label sources, which have none. */
export function checkableNodes(doc: Pick<GradflowDocument, 'nodes'>, ids: readonly string[]): string[] {
  return ids.filter((id) => {
    const op = findOp(doc.nodes.find((n) => n.id === id)?.op ?? '');
    return op !== undefined && op.role !== 'input' && op.role !== 'target' && op.role !== 'constant';
  });
}

/** "1.2e-9" — relative errors are small numbers, read by their exponent. */
export const formatRelativeError = (value: number): string => (Number.isFinite(value) ? (value === 0 ? '0' : value.toExponential(1)) : String(value));

/** One line per answer: ✓ when it passed, else the worst relative error against the tolerance. */
export function describeCheck(answer: GradientCheckAnswer): string {
  if (answer.comparisons.length === 0) return `${answer.nodeId}: nothing to compare (no inputs or parameters take a gradient)`;
  const worst = Math.max(...answer.comparisons.map((c) => c.maxRelativeError));
  return answer.passed
    ? `✓ ${answer.nodeId}: analytic = numeric (max relative error ${formatRelativeError(worst)})`
    : `✗ ${answer.nodeId}: max relative error ${formatRelativeError(worst)} (tolerance ${formatRelativeError(answer.tolerance)})`;
}
