// The plots dock (issue 6 §6–§7): a row of tabs, one per plot that applies to the loaded graph, and the chosen
// plot below with a sentence saying what it shows. Nothing is plotted (and plotly is not even loaded) until a
// tab is chosen. Tabs follow the WAI-ARIA pattern: arrow keys, Home and End move between them.

import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { resolveRunConfig } from '../../core/train/config.ts';
import { useDocument, useTelemetry } from '../ui/context.ts';
import { applicablePlots, graphFacts, predictionSplit, type PlotKind } from './applicable-plots.ts';
import { fileNamePart } from './download.ts';
import { PlotsContext, type PlotsContextValue } from './plot-context.ts';
import { LossPlot, MetricsPlot } from './curve-plots.tsx';
import { RunsPanel } from './runs-panel.tsx';
import { HistogramPlot } from './histogram-plot.tsx';
import { WeightsPlot } from './weights-plot.tsx';
import { FeatureMapsPlot, FiltersPlot } from './conv-plots.tsx';
import { ConfusionPlot, MistakesPlot, ScatterPlot } from './prediction-plots.tsx';
import { BoundaryPlot } from './boundary-plot.tsx';
import { BoundaryPointCollector } from './boundary-points.tsx';
import { SweepPlot } from './sweep-plot.tsx';
import { CodesPlot, ReconstructionsPlot } from './autoencoder-plots.tsx';

const PANELS: Record<PlotKind, () => ReactNode> = {
  loss: () => <LossPlot />,
  metrics: () => <MetricsPlot />,
  runs: () => <RunsPanel />,
  histograms: () => <HistogramPlot />,
  weights: () => <WeightsPlot />,
  filters: () => <FiltersPlot />,
  'feature-maps': () => <FeatureMapsPlot />,
  confusion: () => <ConfusionPlot />,
  mistakes: () => <MistakesPlot />,
  scatter: () => <ScatterPlot />,
  boundary: () => <BoundaryPlot />,
  sweep: () => <SweepPlot />,
  codes: () => <CodesPlot />,
  reconstructions: () => <ReconstructionsPlot />,
};

export function PlotsDock() {
  const loaded = useTelemetry((s) => s.loaded);
  const training = useDocument((s) => s.doc?.training);
  const docName = useDocument((s) => s.name);
  const metrics = useMemo(() => (training ? resolveRunConfig(training).metrics : []), [training]);
  const graph = loaded?.graph;
  const rows = loaded?.rows;
  const plots = useMemo(() => (graph && rows ? applicablePlots(graph, metrics, rows) : []), [graph, rows, metrics]);
  const context = useMemo<PlotsContextValue | null>(() => (graph && rows ? {
    graph, facts: graphFacts(graph, metrics), split: predictionSplit(rows), fileStem: fileNamePart(docName ?? loaded.name),
  } : null), [graph, rows, metrics, docName, loaded?.name]);
  const [open, setOpen] = useState<PlotKind | null>(null);
  const [focused, setFocused] = useState<PlotKind | null>(null);
  const tabs = useRef(new Map<PlotKind, HTMLButtonElement>());

  if (!context || plots.length === 0) return null;
  const current = plots.find((p) => p.kind === open);
  const tabStop = current?.kind ?? plots.find((p) => p.kind === focused)?.kind ?? plots[0]!.kind;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = (event.target as HTMLElement).id.replace(/^plot-tab-/, '');
    const index = Math.max(0, plots.findIndex((p) => p.kind === from));
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: plots.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = plots[(next + plots.length) % plots.length]!.kind;
    // Moving between tabs shows the plot (automatic activation) once one is open; until then it only moves focus.
    if (current) setOpen(target);
    else setFocused(target);
    tabs.current.get(target)?.focus();
  };

  return (
    <section className="plots-dock" aria-labelledby="plots-heading" data-testid="plots-dock">
      <div className="plots-header">
        <h2 id="plots-heading">Plots</h2>
        <div role="tablist" aria-labelledby="plots-heading" className="plot-tabs" onKeyDown={onKeyDown}>
          {plots.map((p) => (
            <button key={p.kind} type="button" role="tab" id={`plot-tab-${p.kind}`} data-testid={`plot-tab-${p.kind}`}
              ref={(el) => { if (el) tabs.current.set(p.kind, el); else tabs.current.delete(p.kind); }}
              aria-selected={p.kind === open} aria-controls={p.kind === open ? 'plot-panel' : undefined} tabIndex={p.kind === tabStop ? 0 : -1}
              title={p.description} onClick={() => setOpen(p.kind)}>
              {p.title}
            </button>
          ))}
        </div>
        {current ? <button type="button" className="plots-hide" data-testid="plots-hide" onClick={() => setOpen(null)}>Hide plot</button> : null}
      </div>
      {plots.some((p) => p.kind === 'boundary') ? <PlotsContext.Provider value={context}><BoundaryPointCollector /></PlotsContext.Provider> : null}
      {current ? (
        <div role="tabpanel" id="plot-panel" aria-labelledby={`plot-tab-${current.kind}`} className="plot-panel" data-testid={`plot-panel-${current.kind}`}>
          <p className="plot-description">{current.description}</p>
          <PlotsContext.Provider value={context}>
            {/* A new document starts its plots afresh (points gathered, choices made). */}
            <div key={`${loaded!.name}:${current.kind}`}>{PANELS[current.kind]()}</div>
          </PlotsContext.Provider>
        </div>
      ) : null}
    </section>
  );
}
