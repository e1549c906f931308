// Figures from the engine's predictions over a split: the confusion matrix, and predicted against actual for a
// regression. Pure.

import type { Figure } from './figure.ts';
import type { PlotTheme } from './plot-theme.ts';
import { accuracyOf } from './confusion.ts';

export function confusionFigure(matrix: number[][], theme: PlotTheme, split: string): Figure {
  const classes = matrix.map((_, i) => String(i));
  const accuracy = accuracyOf(matrix);
  return {
    maxWidth: Math.min(720, 220 + matrix.length * 48),
    data: [{
      type: 'heatmap', x: classes, y: classes, z: matrix, colorscale: 'Viridis', zmin: 0,
      texttemplate: '%{z}', textfont: { size: matrix.length > 12 ? 8 : 11 }, colorbar: { title: { text: 'rows' }, thickness: 12 },
      hovertemplate: 'actual %{y}, predicted %{x}: %{z} rows<extra></extra>',
    }],
    layout: {
      height: Math.min(560, 140 + matrix.length * 34),
      title: { text: `${split}: ${Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(1)}% right` : 'no rows'}`, font: { size: 13, color: theme.fg }, x: 0, xanchor: 'left' },
      margin: { l: 56, r: 16, t: 36, b: 44 },
      xaxis: { title: { text: 'predicted class' }, type: 'category', side: 'bottom' },
      yaxis: { title: { text: 'actual class' }, type: 'category', autorange: 'reversed', scaleanchor: 'x' },
    },
  };
}

export function scatterFigure(predicted: readonly number[], actual: readonly number[], theme: PlotTheme, split: string): Figure {
  const finite = [...predicted, ...actual].filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const pad = (hi - lo) * 0.05 || 1;
  const range = [lo - pad, hi + pad];
  return {
    maxWidth: 560,
    data: [
      { type: 'scatter', mode: 'lines', name: 'perfect', x: [lo, hi], y: [lo, hi], line: { color: theme.muted, dash: 'dot', width: 1 }, hoverinfo: 'skip' },
      { type: 'scatter', mode: 'markers', name: `${split} rows`, x: [...actual], y: [...predicted],
        marker: { color: theme.series[0], size: 6, opacity: 0.75 }, hovertemplate: 'actual %{x:.4g}<br>predicted %{y:.4g}<extra></extra>' },
    ],
    layout: {
      height: 380,
      xaxis: { title: { text: 'actual' }, range },
      yaxis: { title: { text: 'predicted' }, range },
    },
  };
}
