// What one node of the canvas shows from telemetry besides its document data: whether step-through is at it,
// the local formula with the numbers of its last step, its gradient-health badge, and whether it produced the
// first NaN/Inf. Each is a narrow selector on the telemetry store, so a frame re-renders only the nodes whose
// answer changed (never through React Flow's node data, STYLE.md xyflow row).

import { useContext, useRef } from 'react';
import { useStore } from 'zustand';
import type { TelemetryState } from '../state/telemetry-store.ts';
import { useServices } from '../ui/context.ts';
import { CanvasIdContext } from './canvas-index.ts';
import { badgeForNode, sameBadge, type HealthBadge } from './health-badges.ts';
import { formulaFor } from './step-view.ts';

export interface NodeInsights {
  /** Step-through's current Operation is this node (or a member of this collapsed layer). */
  stepCurrent: boolean;
  formula?: { nodeId: string; text: string };
  badge?: HealthBadge;
  /** The first NaN/Inf of the run came out of this node (or a member of this layer). */
  nanOrigin: boolean;
}

export function useNodeInsights(id: string): NodeInsights {
  const { telemetry } = useServices();
  const canvasOf = useContext(CanvasIdContext);
  const store = telemetry.store;
  const stepCurrent = useStore(store, (s) => s.step !== undefined && canvasOf(s.step.nodeId) === id);
  const formulaNode = useStore(store, (s) => formulaFor(id, s.step, s.formulas, canvasOf)?.nodeId);
  const formulaText = useStore(store, (s) => formulaFor(id, s.step, s.formulas, canvasOf)?.text);
  const nanOrigin = useStore(store, (s) => s.error?.nodeId !== undefined && canvasOf(s.error.nodeId) === id);
  // A stream of equal findings keeps the badge object, so the node does not re-render for it.
  const kept = useRef<HealthBadge | undefined>(undefined);
  const badge = useStore(store, (s: TelemetryState) => {
    const next = badgeForNode(s.health, canvasOf, id);
    if (!sameBadge(next, kept.current)) kept.current = next;
    return kept.current;
  });
  return {
    stepCurrent, nanOrigin,
    ...(formulaNode !== undefined && formulaText !== undefined ? { formula: { nodeId: formulaNode, text: formulaText } } : {}),
    ...(badge ? { badge } : {}),
  };
}
