// What one edge of the canvas shows from telemetry: its ink (colour, width) and the direction its dash runs.
// Read straight from the telemetry store (published once per animation frame), never through React Flow's
// edge data, so a 30 Hz stream re-renders the edges whose numbers changed and nothing else.

import { useStore } from 'zustand';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import type { EdgeStats } from '../state/telemetry-store.ts';
import { useServices } from '../ui/context.ts';
import { edgeInk, type EdgeInk } from './overlay-scale.ts';

export type FlowPhase = 'forward' | 'backward' | null;

// The gradient-carrying edges of a loaded graph, worked out once per graph (not once per edge per frame).
const carrying = new WeakMap<GraphDescription, ReadonlySet<string>>();
function gradientEdges(graph: GraphDescription): ReadonlySet<string> {
  let set = carrying.get(graph);
  if (!set) carrying.set(graph, (set = new Set(graph.edges.filter((e) => e.carriesGradient).map((e) => e.id))));
  return set;
}

const NO_STATS: EdgeStats = {};

export interface EdgeOverlay {
  ink: EdgeInk | null;
  phase: FlowPhase;
  carriesGradient: boolean;
}

export function useEdgeOverlay(id: string): EdgeOverlay {
  const { telemetry, ui } = useServices();
  const shown = useStore(ui, (s) => s.overlay);
  const stats = useStore(telemetry.store, (s) => (shown ? s.edges[id] ?? NO_STATS : NO_STATS));
  const carriesGradient = useStore(telemetry.store, (s) => (s.loaded ? gradientEdges(s.loaded.graph).has(id) : false));
  // Training: gradients run back along the edges that carry them, values forward along the rest. Stepping:
  // the direction of the last step.
  const phase = useStore(telemetry.store, (s): FlowPhase => {
    if (!shown) return null;
    if (s.status === 'running') return carriesGradient ? 'backward' : 'forward';
    if (s.status === 'stepping' && s.step) return s.step.direction;
    return null;
  });
  const ink = shown && (stats.value || stats.gradient) ? edgeInk(stats.value, stats.gradient, carriesGradient) : null;
  return { ink, phase, carriesGradient };
}
