// What step-through mode (issue 6 §2, the book's chapter 1 made live) shows on the canvas, worked out without
// React: the numbers written on an edge, which edges the current step lights up, and which local formula a node
// shows. Pure, so the components stay small and this stays testable.

import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import type { StepState } from '../state/telemetry-store.ts';

/** An edge label lists at most this many numbers; the rest are in its data-* attributes and its tooltip. */
export const SHOWN_VALUES = 6;

/** One number in three significant digits: `0.731`, `-12.4`, `2.50e-5`, `0`, `NaN`. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}

/** `[0.731, 0.269]`; longer lists end in `… +58` after the first `shown` values. */
export function formatEdgeValues(values: readonly number[], shown = SHOWN_VALUES): string {
  const head = values.slice(0, shown).map(formatCompact).join(', ');
  return values.length > shown ? `[${head}, … +${values.length - shown}]` : `[${head}]`;
}

export interface EdgeEnds {
  from: string;
  to: string;
  carriesGradient: boolean;
}

// Worked out once per loaded graph, not once per edge per frame.
const endsCache = new WeakMap<GraphDescription, ReadonlyMap<string, EdgeEnds>>();

/** Each edge's source and target node (document ids) in the engine's description of the graph. */
export function edgeEnds(graph: GraphDescription): ReadonlyMap<string, EdgeEnds> {
  let ends = endsCache.get(graph);
  if (!ends) {
    ends = new Map(graph.edges.map((e) => [e.id, { from: e.from, to: e.to, carriesGradient: e.carriesGradient }]));
    endsCache.set(graph, ends);
  }
  return ends;
}

export type EdgeStepRole = 'forward' | 'backward' | null;

/**
 * Whether the current step lights this edge up: a step forward writes the stepped node's output, so its
 * outgoing edges; a step backward writes the gradients of its inputs, so its incoming edges that carry one.
 */
export function edgeStepRole(step: Pick<StepState, 'direction' | 'nodeId'> | undefined, ends: EdgeEnds | undefined): EdgeStepRole {
  if (!step || !ends) return null;
  if (step.direction === 'forward') return ends.from === step.nodeId ? 'forward' : null;
  return ends.to === step.nodeId && ends.carriesGradient ? 'backward' : null;
}

export type Formulas = Readonly<Record<string, { forward?: string; backward?: string }>>;

/**
 * The local formula a canvas node shows, with the numbers of its last step: the current step's, if the step
 * is this node (or a member of this collapsed layer); otherwise this node's own, in the direction the pass is
 * going (backward once the backward pass has begun) and else the other one.
 */
export function formulaFor(canvasId: string, step: Pick<StepState, 'direction' | 'nodeId'> | undefined, formulas: Formulas,
  canvasOf: (nodeId: string) => string): { nodeId: string; text: string } | undefined {
  const pick = (nodeId: string, direction: 'forward' | 'backward'): { nodeId: string; text: string } | undefined => {
    const entry = formulas[nodeId];
    const text = entry?.[direction] ?? entry?.[direction === 'forward' ? 'backward' : 'forward'];
    return text === undefined ? undefined : { nodeId, text };
  };
  if (step && canvasOf(step.nodeId) === canvasId) {
    const current = pick(step.nodeId, step.direction);
    if (current) return current;
  }
  // Formulas are kept per Operation: a collapsed layer (not an Operation) shows only its stepped member's.
  return pick(canvasId, step?.direction ?? 'forward');
}
