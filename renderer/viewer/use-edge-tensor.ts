// The full tensor behind the pinned edge, fetched from the engine on request (DESIGN.md §6: full tensors travel
// only when asked for). While training it is fetched again twice a second, each request only after the last
// one answered; in step-through after every step; otherwise once when the edge, the side or the run's state
// changes. A failed refresh keeps the last tensor beside the engine's message (after a run ends the engine
// has no batch in hand until the next one).

import { useEffect, useRef, useState } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices, useTelemetry } from '../ui/context.ts';
import type { TensorSide } from './history-series.ts';

/** While training: one request at most every this many ms (2 Hz). */
export const REFRESH_MS = 500;

export interface FetchedTensor {
  shape: number[];
  data: Float32Array;
  /** Which edge and side it is (a tensor of the previous edge is never shown under a new one). */
  edgeId: string;
  side: TensorSide;
  /** How many times it has been fetched for this edge and side (tests wait for a fresh one). */
  generation: number;
}

export interface EdgeTensorState {
  tensor: FetchedTensor | null;
  /** The engine's message when the last request failed. */
  error: string | null;
}

export function useEdgeTensor(edgeId: string, side: TensorSide): EdgeTensorState {
  const { host } = useServices();
  const status = useTelemetry((s) => s.status);
  const stepKey = useTelemetry((s) => (s.step ? `${s.step.direction}:${s.step.index}` : ''));
  const graph = useTelemetry((s) => s.loaded?.graph);
  const [state, setState] = useState<EdgeTensorState>({ tensor: null, error: null });
  // The request on its way, shared across effect runs so two never overlap.
  const inFlight = useRef<Promise<void> | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchOnce = async () => {
      try {
        const answer = await askEngine(host, { type: 'request-tensor', tensor: { kind: side === 'value' ? 'edge-value' : 'edge-gradient', edgeId } }, 15_000);
        if (cancelled) return;
        generation.current += 1;
        setState({ tensor: { shape: answer.shape, data: answer.data, edgeId, side, generation: generation.current }, error: null });
      } catch (error) {
        if (cancelled) return;
        setState((old) => ({
          tensor: old.tensor && old.tensor.edgeId === edgeId && old.tensor.side === side ? old.tensor : null,
          error: (error as Error).message,
        }));
      }
    };
    const tick = async () => {
      // Wait for a request from an earlier effect run to answer first: never two at once.
      while (inFlight.current) await inFlight.current;
      if (cancelled) return;
      const request = fetchOnce();
      inFlight.current = request;
      await request;
      inFlight.current = null;
      if (!cancelled && status === 'running') timer = setTimeout(() => void tick(), REFRESH_MS);
    };
    if (graph) void tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [host, edgeId, side, status, stepKey, graph]);

  return state;
}
