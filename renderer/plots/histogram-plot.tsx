// Activation and gradient histograms over time for one edge (the pinned edge, or one the user picks).

import { useMemo, useState } from 'react';
import { useTelemetry, useUi } from '../ui/context.ts';
import { histogramFigure } from './histograms.ts';
import { PlotView } from './plot-view.tsx';
import { usePlots } from './plot-context.ts';

export function HistogramPlot() {
  const { graph, fileStem } = usePlots();
  const pinned = useUi((s) => s.pinnedEdge);
  const firstGradientEdge = graph.edges.find((e) => e.carriesGradient)?.id ?? graph.edges[0]?.id ?? '';
  const [picked, setPicked] = useState<string | null>(null);
  const edgeId = [picked, pinned, firstGradientEdge].find((id) => id && graph.edges.some((e) => e.id === id)) ?? '';
  const moments = useTelemetry((s) => s.edgeHistory[edgeId]);
  const figure = useMemo(() => (moments ? histogramFigure(moments.items) : null), [moments]);
  return (
    <>
      <div className="plot-controls">
        <label>Edge{' '}
          <select data-testid="plot-histograms-edge" value={edgeId} onChange={(e) => setPicked(e.target.value)}>
            {graph.edges.map((e) => <option key={e.id} value={e.id}>{e.from} → {e.to}.{e.port}{e.carriesGradient ? '' : ' (data)'}</option>)}
          </select>
        </label>
      </div>
      <PlotView kind="histograms" figure={figure} label={`Histograms over time of the values and gradients on edge ${edgeId}`}
        empty="Train to collect this edge's histograms over the run." fileName={`${fileStem}-histograms-${edgeId.replace(/[^\w.-]+/g, '_')}`} />
    </>
  );
}
