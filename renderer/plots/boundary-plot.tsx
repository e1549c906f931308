// The decision boundary, live (like TensorFlow Playground): every second while a run goes on (and once when
// it ends) the engine predicts a 60×60 grid over the data's range; the points come from the batches the input
// edge carried (its full value and the target's, asked alongside), gathered as the run goes.

import { useMemo, useRef } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useServices, useTelemetry } from '../ui/context.ts';
import { boundaryFigure, gridPoints, mergePoints, paddedRange, surface, type LabelledPoint, type Range } from './boundary.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

export const GRID_SIZE = 60;

export function BoundaryPlot() {
  const { host } = useServices();
  const { graph, facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const inputId = facts.inputs[0]?.id ?? '';
  const inputEdge = graph.edges.find((e) => e.from === inputId)?.id;
  const targetNode = graph.nodes.find((n) => n.op === 'Target');
  const targetEdge = graph.edges.find((e) => e.from === targetNode?.id)?.id;
  const targetWidth = (targetNode?.shape ?? []).slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  // The edge's summaries over the run give the range before any point is known.
  const seenRange = useTelemetry((s) => {
    const items = inputEdge ? s.edgeHistory[inputEdge]?.items : undefined;
    const values = (items ?? []).map((m) => m.value).filter((v) => v !== undefined);
    return values.length ? `${Math.min(...values.map((v) => v.min))},${Math.max(...values.map((v) => v.max))}` : '';
  });
  const points = useRef<LabelledPoint[]>([]);
  const pointsOf = useRef(inputEdge);
  if (pointsOf.current !== inputEdge) {
    points.current = [];
    pointsOf.current = inputEdge;
  }

  const ask = async () => {
    // Points first (a batch's inputs and targets; not there before the first batch, which is fine).
    if (inputEdge && targetEdge) {
      try {
        const [inputs, targets] = await Promise.all([
          askEngine(host, { type: 'request-tensor', tensor: { kind: 'edge-value', edgeId: inputEdge } }),
          askEngine(host, { type: 'request-tensor', tensor: { kind: 'edge-value', edgeId: targetEdge } }),
        ]);
        if (inputs.shape.at(-1) === 2 && inputs.shape[0] === targets.shape[0]) {
          points.current = mergePoints(points.current, inputs.data, targets.data, targetWidth, facts.task);
        }
      } catch { /* no batch has run yet: the boundary alone */ }
    }
    const known = points.current;
    let x: Range;
    let y: Range;
    if (known.length > 0) {
      x = paddedRange(Math.min(...known.map((p) => p.x)), Math.max(...known.map((p) => p.x)));
      y = paddedRange(Math.min(...known.map((p) => p.y)), Math.max(...known.map((p) => p.y)));
    } else {
      const [lo, hi] = seenRange ? seenRange.split(',').map(Number) as [number, number] : [-1, 1];
      x = paddedRange(lo, hi);
      y = x;
    }
    const grid = gridPoints(x, y, GRID_SIZE);
    const answer = await askEngine(host, { type: 'predict', inputs: grid.rows });
    return { grid, answer, points: known };
  };
  const query = useEngineQuery(ask, inputId, { liveMs: 1000 });
  const figure = useMemo(() => {
    if (!query.data) return null;
    const { grid, answer, points: shown } = query.data;
    const z = surface(answer.outputs, grid, answer.task);
    return boundaryFigure(grid, z.z, z.kind, z.classes, shown, theme);
  }, [query.data, theme]);
  return (
    <>
      <div className="plot-controls">
        <span data-testid="plot-boundary-points">{query.data ? `${query.data.points.length} data points seen so far` : ''}</span>
        <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
      </div>
      <PlotView kind="boundary" figure={figure} label="The model's prediction over the plane of its two inputs, with the data points" minIntervalMs={500}
        empty={query.error ?? 'Asking the engine for its predictions…'} fileName={`${fileStem}-decision-boundary`} />
    </>
  );
}
