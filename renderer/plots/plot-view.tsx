// One plot on the page: our own thin wrapper around plotly (not react-plotly.js). plotly is imported on first
// use (load-plotly.ts); each new figure is drawn with Plotly.react (it diffs against what is drawn), latest wins
// and at most every `minIntervalMs`, so 30 telemetry frames a second cost a few redraws; the plot is purged
// when it leaves the page. It follows the theme, and PNG / SVG buttons save it as a file.
// Test hooks: data-testid="plot-<kind>", data-rendered="true" once plotly has drawn traces with points,
// data-traces = how many traces were drawn.

import { useEffect, useRef, useState } from 'react';
import { hasPoints, type Figure } from './figure.ts';
import { latestWins, type LatestWins } from './latest-wins.ts';
import { loadPlotly } from './load-plotly.ts';
import { themedLayout, type PlotTheme } from './plot-theme.ts';
import { usePlotTheme } from './use-plot-theme.ts';
import { dataUrlToBlob, downloadBlob } from './download.ts';

type Plotly = Awaited<ReturnType<typeof loadPlotly>>;

// Our own buttons export; plotly's mode bar would put unlabeled controls inside the labelled picture.
const CONFIG = { displayModeBar: false, displaylogo: false, responsive: true, scrollZoom: false };

export interface PlotViewProps {
  /** The test id is `plot-<kind>`. */
  kind: string;
  figure: Figure | null;
  /** What the plot shows, in words, for screen readers. */
  label: string;
  /** Said instead of the plot while there is nothing to draw. */
  empty?: string;
  /** Exported files are `<fileName>.png` / `.svg`. */
  fileName: string;
  minIntervalMs?: number;
}

export function PlotView({ kind, figure, label, empty, fileName, minIntervalMs = 250 }: PlotViewProps) {
  const theme = usePlotTheme();
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<Plotly | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [drawn, setDrawn] = useState({ rendered: false, traces: 0 });
  const drawer = useRef<LatestWins<{ figure: Figure | null; theme: PlotTheme }> | null>(null);

  useEffect(() => {
    let alive = true;
    loadPlotly().then((p) => { if (alive) setPlotly(() => p); }, (error: unknown) => { if (alive) setProblem(`the plotting library did not load: ${String(error)}`); });
    return () => { alive = false; };
  }, []);

  useEffect(() => {
    const div = ref.current;
    if (!plotly || !div) return;
    const scheduler = latestWins(async ({ figure: next, theme: colours }: { figure: Figure | null; theme: PlotTheme }) => {
      if (!next || !hasPoints(next)) {
        plotly.purge(div);
        setDrawn({ rendered: false, traces: 0 });
        return;
      }
      await plotly.react(div, next.data, themedLayout(next.layout, colours), CONFIG);
      if (drawer.current !== scheduler) return;
      setProblem(null);
      setDrawn({ rendered: true, traces: next.data.length });
    }, { minIntervalMs, onError: (error) => setProblem(`the plot could not be drawn: ${error instanceof Error ? error.message : String(error)}`) });
    drawer.current = scheduler;
    return () => {
      scheduler.stop();
      drawer.current = null;
      plotly.purge(div);
    };
  }, [plotly, minIntervalMs]);

  useEffect(() => { drawer.current?.offer({ figure, theme }); }, [figure, theme, plotly]);

  const save = async (format: 'png' | 'svg') => {
    const div = ref.current;
    if (!plotly || !figure || !div) return;
    const width = Math.max(480, Math.round(div.clientWidth || 800));
    const height = typeof figure.layout.height === 'number' ? figure.layout.height : Math.max(320, Math.round(div.clientHeight || 400));
    // A file gets the panel colour behind it (a transparent PNG on a slide would lose its axes).
    const layout = { ...themedLayout(figure.layout, theme, { solidBackground: true }), width, height };
    try {
      const url = await plotly.toImage({ data: figure.data, layout, config: { staticPlot: true } }, { format, width, height, scale: format === 'png' ? 2 : 1 });
      downloadBlob(dataUrlToBlob(url), `${fileName}.${format}`);
    } catch (error) {
      setProblem(`the ${format.toUpperCase()} could not be made: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const showing = drawn.rendered && hasPoints(figure);
  return (
    <figure className="plot">
      <div ref={ref} className="plot-area" role="img" aria-label={label} data-testid={`plot-${kind}`} style={figure?.maxWidth ? { maxWidth: figure.maxWidth } : undefined}
        data-rendered={showing ? 'true' : 'false'} data-traces={showing ? drawn.traces : 0} hidden={!hasPoints(figure)} />
      {!hasPoints(figure) ? <p className="plot-empty" data-testid={`plot-${kind}-empty`}>{empty ?? 'Nothing to draw yet.'}</p> : null}
      {plotly === null && hasPoints(figure) && !problem ? <p className="plot-empty">Loading the plotting library…</p> : null}
      {problem ? <p className="plot-problem" role="alert">{problem}</p> : null}
      <figcaption className="plot-export">
        <button type="button" data-testid={`plot-${kind}-png`} disabled={!showing} onClick={() => void save('png')} aria-label={`Save ${label} as PNG`}>PNG</button>
        <button type="button" data-testid={`plot-${kind}-svg`} disabled={!showing} onClick={() => void save('svg')} aria-label={`Save ${label} as SVG`}>SVG</button>
      </figcaption>
    </figure>
  );
}
