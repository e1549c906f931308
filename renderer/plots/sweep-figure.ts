// Chapter 1's picture (issue 6 §6): a chain of scalar functions as f(x) over a range, below it f′(x) twice —
// by backpropagation and as the product of each node's local derivative (the chain rule; the two coincide),
// and at the bottom each node's local derivative. From the engine's `sweep` answer. Pure.

import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { Figure, PlotTrace } from './figure.ts';
import type { PlotTheme } from './plot-theme.ts';

export type SweepAnswer = Extract<Telemetry, { type: 'sweep' }>;

/** The largest difference between f′ by backpropagation and the chain product, relative to f′'s size. */
export function chainRuleGap(sweep: Pick<SweepAnswer, 'derivative' | 'chainProduct'>): number {
  let gap = 0;
  let scale = 0;
  sweep.derivative.forEach((d, i) => {
    gap = Math.max(gap, Math.abs(d - sweep.chainProduct[i]!));
    scale = Math.max(scale, Math.abs(d));
  });
  return scale > 0 ? gap / scale : gap;
}

/**
 * The range of x to sweep: the data's (the smallest and largest x the input edge carried), rounded out to
 * halves; −2…2 when nothing is known yet.
 */
export function sweepRange(min: number | undefined, max: number | undefined): [number, number] {
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) return [-2, 2];
  return [Math.floor(min * 2) / 2, Math.ceil(max * 2) / 2];
}

export function sweepFigure(sweep: SweepAnswer, theme: PlotTheme): Figure {
  const x = sweep.x;
  const data: PlotTrace[] = [
    { type: 'scatter', mode: 'lines', name: 'f(x)', x, y: sweep.output, xaxis: 'x', yaxis: 'y', line: { color: theme.series[0], width: 2.5 } },
    { type: 'scatter', mode: 'lines', name: 'f′(x) by backprop', x, y: sweep.derivative, xaxis: 'x', yaxis: 'y2', line: { color: theme.series[1], width: 3 } },
    { type: 'scatter', mode: 'markers', name: 'product of local derivatives', x, y: sweep.chainProduct, xaxis: 'x', yaxis: 'y2',
      marker: { color: theme.fg, size: 4, symbol: 'circle-open' } },
    ...sweep.nodes.map((node, i): PlotTrace => ({
      type: 'scatter', mode: 'lines', name: `∂${node.nodeId} (${node.op})`, x, y: node.localDerivative, xaxis: 'x', yaxis: 'y3',
      line: { color: theme.series[(i + 2) % theme.series.length], width: 1.5 },
    })),
  ];
  return {
    data,
    layout: {
      height: 560,
      xaxis: { title: { text: 'x' }, anchor: 'y3' },
      yaxis: { title: { text: 'f(x)' }, domain: [0.7, 1] },
      yaxis2: { title: { text: 'f′(x)' }, domain: [0.36, 0.64] },
      yaxis3: { title: { text: 'local derivatives' }, domain: [0, 0.3] },
      legend: { orientation: 'v', x: 1.02, y: 1, xanchor: 'left', yanchor: 'top' },
      margin: { l: 56, r: 16, t: 16, b: 44 },
    },
  };
}
