// The pure figure builders of the autoencoder plots (autoencoder-plots.tsx): the codes' PCA scatter coloured
// by class, and the pictures of inputs above their reconstructions.

import type { Figure } from './figure.ts';
import type { Picture } from './images.ts';
import { pca2 } from './pca.ts';
import type { PlotTheme } from './plot-theme.ts';

/** Ten distinguishable colours (one per digit): matplotlib's tab10. */
const CLASS_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** The codes' first two principal components, one trace per class (the legend), or one trace without labels. */
export function codesFigure(values: readonly number[][], labels: readonly number[] | undefined, classes: readonly string[] | undefined, theme: PlotTheme, nodeId: string): Figure {
  const p = pca2(values);
  const groups = new Map<number, number[]>();
  values.forEach((_, i) => {
    const label = labels?.[i] ?? -1;
    if (!groups.has(label)) groups.set(label, []);
    groups.get(label)!.push(i);
  });
  const data = [...groups.entries()].sort(([a], [b]) => a - b).map(([label, rows]) => ({
    type: 'scatter', mode: 'markers', name: label < 0 ? 'rows' : classes?.[label] ?? String(label),
    x: rows.map((i) => p.x[i]!), y: rows.map((i) => p.y[i]!),
    marker: { size: 5, opacity: 0.75, color: label < 0 ? theme.series[0] : CLASS_COLOURS[label % CLASS_COLOURS.length] },
    hovertemplate: `${label < 0 ? '' : `digit ${classes?.[label] ?? label}<br>`}PC1 %{x:.3g}<br>PC2 %{y:.3g}<extra></extra>`,
  }));
  return {
    maxWidth: 640,
    data,
    layout: {
      height: 440,
      title: { text: `${nodeId}: ${values[0]?.length ?? 0} numbers per row → 2-D (PCA, ${(p.explained * 100).toFixed(0)}% of the variance)`, font: { size: 13, color: theme.fg }, x: 0, xanchor: 'left' },
      margin: { l: 50, r: 16, t: 36, b: 44 },
      xaxis: { title: { text: 'first principal component' }, zeroline: false },
      yaxis: { title: { text: 'second principal component' }, zeroline: false },
      legend: { title: { text: labels ? 'digit' : '' } },
    },
  };
}

/** The inputs in the top row, their reconstructions below (each drawn on the same grey scale). */
export function reconstructionPictures(inputs: readonly number[][], outputs: readonly number[][], image: { height: number; width: number }): Picture[] {
  const picture = (pixels: number[], label: string): Picture => ({ pixels, height: image.height, width: image.width, label });
  return [...inputs.map((row, i) => picture(row, `input ${i + 1}`)), ...outputs.map((row, i) => picture(row, `rebuilt ${i + 1}`))];
}

