// Loss and metric curves of a run, and two runs overlaid (issue 6 §6–§7), as plotly figures. x counts epochs
// throughout: a batch point at 2.5 is halfway through the third epoch, and epoch 3's points sit at x = 3.

import type { RunRecord } from '../state/run-history.ts';
import type { Figure, PlotTrace } from './figure.ts';
import type { PlotTheme } from './plot-theme.ts';

const defined = <T>(pairs: [number, T | undefined][]): { x: number[]; y: T[] } => {
  const kept = pairs.filter((p): p is [number, T] => p[1] !== undefined && (typeof p[1] !== 'number' || Number.isFinite(p[1])));
  return { x: kept.map((p) => p[0]), y: kept.map((p) => p[1]) };
};

/** The epoch curves of a run: training loss per epoch and validation loss where it was measured. */
export function epochSeries(run: RunRecord): { train: { x: number[]; y: number[] }; validation: { x: number[]; y: number[] } } {
  return {
    train: defined(run.epochs.map((e) => [e.epoch, e.trainLoss])),
    validation: defined(run.epochs.map((e) => [e.epoch, e.validationLoss])),
  };
}

export function lossFigure(run: RunRecord, theme: PlotTheme, options: { logY?: boolean } = {}): Figure {
  const batches = run.batches.items;
  const { train, validation } = epochSeries(run);
  const data: PlotTrace[] = [
    { type: 'scatter', mode: 'lines', name: 'batch', x: batches.map((b) => b.at), y: batches.map((b) => b.batchLoss),
      line: { color: theme.series[0], width: 1 }, opacity: 0.35, hovertemplate: 'epoch %{x:.2f}<br>batch loss %{y:.4g}<extra></extra>' },
    { type: 'scatter', mode: 'lines+markers', name: 'train (epoch mean so far)', x: train.x, y: train.y,
      line: { color: theme.series[0], width: 2 }, marker: { size: 5 }, hovertemplate: 'epoch %{x}<br>train loss %{y:.4g}<extra></extra>' },
  ];
  if (validation.x.length > 0) {
    data.push({ type: 'scatter', mode: 'lines+markers', name: 'validation', x: validation.x, y: validation.y,
      line: { color: theme.series[1], width: 2, dash: 'dash' }, marker: { size: 6, symbol: 'diamond' }, hovertemplate: 'epoch %{x}<br>validation loss %{y:.4g}<extra></extra>' });
  }
  return {
    data,
    layout: {
      xaxis: { title: { text: 'epoch' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'loss' }, type: options.logY ? 'log' : 'linear' },
      height: 320,
      showlegend: true,
    },
  };
}

/** The metric names a run recorded (validation evaluations), sorted. */
export const metricNames = (run: RunRecord): string[] => [...new Set(run.epochs.flatMap((e) => Object.keys(e.metrics)))].sort();

export function metricsFigure(run: RunRecord, theme: PlotTheme): Figure {
  const data: PlotTrace[] = metricNames(run).map((name, i) => {
    const series = defined(run.epochs.map((e) => [e.epoch, e.metrics[name]]));
    return { type: 'scatter', mode: 'lines+markers', name: `validation ${name}`, x: series.x, y: series.y,
      line: { color: theme.series[(i + 1) % theme.series.length], width: 2 }, marker: { size: 6 } };
  });
  return { data, layout: { xaxis: { title: { text: 'epoch' }, rangemode: 'tozero' }, yaxis: { title: { text: 'metric' } }, height: 300, showlegend: true } };
}

/** Two runs' loss curves on one plot: per run its training loss per epoch (solid) and validation (dashed). */
export function compareFigure(a: RunRecord, b: RunRecord, theme: PlotTheme, options: { logY?: boolean } = {}): Figure {
  const data: PlotTrace[] = [];
  [a, b].forEach((run, i) => {
    const color = theme.series[i]!;
    const { train, validation } = epochSeries(run);
    data.push({ type: 'scatter', mode: 'lines+markers', name: `run ${run.id} · train`, x: train.x, y: train.y,
      line: { color, width: 2 }, marker: { size: 4 }, legendgroup: `run${run.id}` });
    if (validation.x.length > 0) {
      data.push({ type: 'scatter', mode: 'lines+markers', name: `run ${run.id} · validation`, x: validation.x, y: validation.y,
        line: { color, width: 2, dash: 'dash' }, marker: { size: 6, symbol: 'diamond' }, legendgroup: `run${run.id}` });
    }
  });
  return {
    data,
    layout: {
      xaxis: { title: { text: 'epoch' }, rangemode: 'tozero' },
      yaxis: { title: { text: 'loss' }, type: options.logY ? 'log' : 'linear' },
      height: 320,
      showlegend: true,
    },
  };
}
