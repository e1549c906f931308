// The decision boundary, live (like TensorFlow Playground): every second while a run goes on (and once when
// it ends) the engine predicts a 60×60 grid over the data's range, drawn under the data points sampled from the
// batches so far (boundary-points.tsx).

import { useMemo } from 'react';
import { askEngine } from '../state/engine-requests.ts';
import { useDocument, useServices, useTelemetry } from '../ui/context.ts';
import { boundaryFigure, gridPoints, paddedRange, surface, type Range } from './boundary.ts';
import { boundaryPoints, useBoundaryPointsKey } from './boundary-points.tsx';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { useEngineQuery } from './use-engine-query.ts';

export const GRID_SIZE = 60;

export function BoundaryPlot() {
  const { host } = useServices();
  const { graph, facts, fileStem } = usePlots();
  const theme = usePlotTheme();
  const pointsKey = useBoundaryPointsKey();
  // Axes named like the data's columns; the grid is in the model's own units (after the file's scaling).
  const featureNames = useTelemetry((s) => s.loaded?.featureNames);
  const scaled = useDocument((s) => { const data = s.doc?.data as { scale?: { method?: string } } | undefined; return !!data?.scale?.method && data.scale.method !== 'none'; });
  const names = useMemo((): [string, string] => {
    const [a, b] = featureNames?.length === 2 ? featureNames : ['x₁', 'x₂'];
    return scaled ? [`${a} (scaled)`, `${b} (scaled)`] : [a!, b!];
  }, [featureNames, scaled]);
  const inputEdge = graph.edges.find((e) => e.from === facts.inputs[0]?.id)?.id;
  // The edge's summaries over the run give the range before any point is known.
  const seenRange = useTelemetry((s) => {
    const items = inputEdge ? s.edgeHistory[inputEdge]?.items : undefined;
    const values = (items ?? []).map((m) => m.value).filter((v) => v !== undefined);
    return values.length ? `${Math.min(...values.map((v) => v.min))},${Math.max(...values.map((v) => v.max))}` : '';
  });

  const ask = async () => {
    const known = boundaryPoints(pointsKey);
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
  const query = useEngineQuery(ask, pointsKey, { liveMs: 1000 });
  const figure = useMemo(() => {
    if (!query.data) return null;
    const { grid, answer, points: shown } = query.data;
    const z = surface(answer.outputs, grid, answer.task);
    return boundaryFigure(grid, z.z, z.kind, z.classes, shown, theme, names);
  }, [query.data, theme, names]);
  return (
    <>
      <div className="plot-controls">
        <span data-testid="plot-boundary-points">{query.data ? `${query.data.points.length} data points seen so far (sampled from the batches while training)` : ''}</span>
        <button type="button" onClick={query.refresh} disabled={query.pending}>Refresh</button>
      </div>
      <PlotView kind="boundary" figure={figure} label="The model's prediction over the plane of its two inputs, with the data points" minIntervalMs={500}
        empty={query.error ?? 'Asking the engine for its predictions…'} fileName={`${fileStem}-decision-boundary`} />
    </>
  );
}
