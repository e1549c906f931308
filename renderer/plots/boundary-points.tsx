// The data points under the decision boundary. The window has no copy of the training rows (the engine owns
// the data), so while a run goes on the batches flowing through the graph are sampled: every second the input
// edge's value and the target's (one batch each, asked together) add their rows to the points known for this
// data. Kept per data source across tab switches, so the boundary opened after a run still has its points.

import { useEffect } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useDocument, useServices, useTelemetry } from '../ui/context.ts';
import { mergePoints, type LabelledPoint } from './boundary.ts';
import { latestWins } from './latest-wins.ts';
import { usePlots } from './plot-context.ts';

const gathered = new Map<string, LabelledPoint[]>();

/** The points known for a data source (see `useBoundaryPointsKey`). */
export const boundaryPoints = (key: string): LabelledPoint[] => gathered.get(key) ?? [];

/** Points belong to the data they came from: the document's data source and the input edge. */
export function useBoundaryPointsKey(): string {
  const data = useDocument((s) => s.doc?.data);
  const { graph, facts } = usePlots();
  const inputEdge = graph.edges.find((e) => e.from === facts.inputs[0]?.id)?.id ?? '';
  return `${JSON.stringify(data ?? null)}|${inputEdge}`;
}

export const SAMPLE_EVERY_MS = 1000;

/** Mounted by the dock for a graph with 2-D input: samples the batches while a run goes on. Renders nothing. */
export function BoundaryPointCollector() {
  const { host } = useServices();
  const { graph, facts } = usePlots();
  const key = useBoundaryPointsKey();
  const running = useTelemetry((s) => s.status === 'running');
  const inputEdge = graph.edges.find((e) => e.from === facts.inputs[0]?.id)?.id;
  const targetNode = graph.nodes.find((n) => n.op === 'Target');
  const targetEdge = graph.edges.find((e) => e.from === targetNode?.id)?.id;
  const targetWidth = (targetNode?.shape ?? []).slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  const task = facts.task;

  useEffect(() => {
    if (!running || !inputEdge || !targetEdge) return;
    const sample = latestWins(async () => {
      const [inputs, targets] = await Promise.all([
        askEngine(host, { type: 'request-tensor', tensor: { kind: 'edge-value', edgeId: inputEdge } }),
        askEngine(host, { type: 'request-tensor', tensor: { kind: 'edge-value', edgeId: targetEdge } }),
      ]);
      // Both from the same pass: as many rows, two features each.
      if (inputs.shape.at(-1) !== 2 || inputs.shape[0] !== targets.shape[0]) return;
      gathered.set(key, mergePoints(boundaryPoints(key), inputs.data, targets.data, targetWidth, task));
    }, { onError: () => { /* no batch has run yet: try again at the next tick */ } });
    sample.offer(undefined);
    const timer = setInterval(() => sample.offer(undefined), SAMPLE_EVERY_MS);
    return () => {
      clearInterval(timer);
      sample.stop();
    };
  }, [running, host, key, inputEdge, targetEdge, targetWidth, task]);
  return null;
}
