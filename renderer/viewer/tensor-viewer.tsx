// The tensor viewer (issue 6 §1, DESIGN.md §7: "click pins a tensor viewer — heatmap / image / values, over
// time"): a docked panel for the edge a click pinned (ui store `pinnedEdge`), with the full value or gradient
// tensor fetched from the engine (use-edge-tensor.ts) drawn as a heatmap, as images when image-shaped, as raw
// numbers when small, and the edge's history over the run. Closed by its button or Escape.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { formatNumber, formatShape } from '../ui/format.ts';
import { useServices, useTelemetry, useUi } from '../ui/context.ts';
import { finiteRange, heatmapScale } from './heatmap-scale.ts';
import { HistoryChart } from './history-chart.tsx';
import type { TensorSide } from './history-series.ts';
import { heatmapLayout, imageLayout, MAX_RAW_VALUES, valueRows } from './tensor-layout.ts';
import { Heatmap, ImageGrid, ScaleLegend, ValuesTable } from './tensor-pictures.tsx';
import { useEdgeTensor, type FetchedTensor } from './use-edge-tensor.ts';

export function TensorViewer() {
  const { ui, editor } = useServices();
  const edgeId = useUi((s) => s.pinnedEdge);
  // Another document opened: the pinned edge belonged to the last one (an edit keeps it pinned).
  const opened = useStore(editor.store, (s) => s.opened);
  const openedWhenPinned = useRef(opened);
  useEffect(() => {
    if (opened !== openedWhenPinned.current) ui.setState({ pinnedEdge: null });
    openedWhenPinned.current = opened;
  }, [ui, opened]);
  useEffect(() => {
    if (!edgeId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // A text field's Escape undoes its draft; a dialog closes itself.
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, dialog, [contenteditable="true"]')) return;
      ui.setState({ pinnedEdge: null });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui, edgeId]);
  if (!edgeId) return null;
  // Keyed by the edge: a new edge starts with no tensor rather than the old edge's.
  return <ViewerPanel key={edgeId} edgeId={edgeId} onClose={() => ui.setState({ pinnedEdge: null })} />;
}

function ViewerPanel({ edgeId, onClose }: { edgeId: string; onClose: () => void }) {
  const edge = useTelemetry((s) => s.loaded?.graph.edges.find((e) => e.id === edgeId));
  const [chosen, setChosen] = useState<TensorSide>('value');
  const side: TensorSide = edge?.carriesGradient ? chosen : 'value';
  const fetched = useEdgeTensor(edgeId, side);
  // Just after switching tabs the last tensor is the other side's: it is not shown under this tab.
  const tensor = fetched.tensor?.side === side ? fetched.tensor : null;
  const { error } = fetched;
  const title = edge ? `${edge.from} → ${edge.to}.${edge.port}` : edgeId;
  return (
    <section className="dock-panel tensor-viewer" data-testid="tensor-viewer" data-edge-id={edgeId} data-side={side} aria-label={`Tensor viewer: ${title}`}>
      <header>
        <h2>Tensor <span className="viewer-edge">{title}</span></h2>
        <button type="button" data-testid="tensor-viewer-close" aria-label="Close the tensor viewer" title="Close (Esc)" onClick={onClose}>×</button>
      </header>
      <div className="viewer-tabs" role="tablist" aria-label="Which tensor">
        {(['value', 'gradient'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={side === s} data-testid={`viewer-tab-${s}`} onClick={() => setChosen(s)}
            disabled={s === 'gradient' && !edge?.carriesGradient} title={s === 'gradient' && !edge?.carriesGradient ? 'No gradient flows along a data edge' : undefined}>
            {s}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tensor ? <TensorBody tensor={tensor} /> : error ? null : <p className="muted">Fetching the {side}…</p>}
        {error ? <p className="viewer-note" data-testid="viewer-error" role="status">{tensor ? `Showing the last ${side} fetched; the engine says: ${error}` : error}</p> : null}
        <h3>Over the run</h3>
        <HistoryChart edgeId={edgeId} side={side} />
      </div>
    </section>
  );
}

function TensorBody({ tensor }: { tensor: FetchedTensor }) {
  const { shape, data } = tensor;
  const view = useMemo(() => {
    const [min, max] = finiteRange(data);
    let mean = 0;
    let finite = 0;
    for (const v of data) if (Number.isFinite(v)) { mean += v; finite++; }
    return {
      min, max, mean: finite > 0 ? mean / finite : NaN, broken: data.length - finite,
      scale: heatmapScale(min, max), images: imageLayout(shape), heatmap: heatmapLayout(shape),
      rows: data.length <= MAX_RAW_VALUES ? valueRows(shape, data) : null,
    };
  }, [shape, data]);
  return (
    <div className="viewer-body" data-testid="viewer-tensor" data-shape={JSON.stringify(shape)} data-generation={tensor.generation}>
      <p className="viewer-facts">
        {formatShape(shape)} · {data.length} values · min {formatNumber(view.min)} · mean {formatNumber(view.mean)} · max {formatNumber(view.max)}
        {view.broken > 0 ? <span className="viewer-broken"> · {view.broken} NaN/Inf (red)</span> : null}
      </p>
      {view.rows ? <ValuesTable rows={view.rows} /> : null}
      {view.images ? <ImageGrid data={data} layout={view.images} scale={view.scale} /> : null}
      <Heatmap data={data} layout={view.heatmap} scale={view.scale} />
      <ScaleLegend scale={view.scale} />
    </div>
  );
}
