// What one edge shows in step-through mode: whether the current step lit it up (forward: the stepped node's
// output; backward: the gradients of its inputs), and, while stepping, the exact values and gradient it
// carries when the engine sent them all (at most 64). Read from the telemetry store like the overlay.

import { useStore } from 'zustand';
import type { EdgeStats } from '../state/telemetry-store.ts';
import { useServices } from '../ui/context.ts';
import { edgeEnds, edgeStepRole, type EdgeStepRole } from './step-view.ts';

export interface EdgeStep {
  role: EdgeStepRole;
  values?: number[];
  gradValues?: number[];
}

export function useEdgeStep(id: string): EdgeStep {
  const { telemetry } = useServices();
  const role = useStore(telemetry.store, (s) => (s.loaded && s.step ? edgeStepRole(s.step, edgeEnds(s.loaded.graph).get(id)) : null));
  // The edge's stats object keeps its identity until this edge gets new numbers.
  const stats: EdgeStats | undefined = useStore(telemetry.store, (s) => (s.step ? s.edges[id] : undefined));
  return {
    role,
    ...(stats?.value?.values ? { values: stats.value.values } : {}),
    ...(stats?.gradient?.values ? { gradValues: stats.gradient.values } : {}),
  };
}
