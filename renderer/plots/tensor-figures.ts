// Figures of full tensors: a matrix as a heatmap around zero, and a grid of pictures (weights per neuron,
// kernels, feature maps, misclassified inputs) as one heatmap with captions. Pure.

import type { Figure, PlotTrace } from './figure.ts';
import type { PlotTheme } from './plot-theme.ts';
import { absMax, type TileGrid } from './images.ts';

/** A parameter as a heatmap: blue negative, orange positive, the background at zero; row 0 on top. */
export function matrixFigure(rows: number[][], theme: PlotTheme, axes: { x: string; y: string } = { x: 'column', y: 'row' }): Figure {
  const limit = absMax(rows.flat());
  const height = Math.min(520, Math.max(160, 60 + rows.length * 14));
  return {
    data: [{ type: 'heatmap', z: rows, zmin: -limit, zmax: limit, colorscale: theme.diverging, zsmooth: false,
      colorbar: { thickness: 12 }, hovertemplate: `${axes.y} %{y}, ${axes.x} %{x}<br>%{z:.4g}<extra></extra>` }],
    layout: {
      height,
      xaxis: { title: { text: axes.x }, ...((rows[0]?.length ?? 0) <= 30 ? { dtick: 1 } : {}) },
      yaxis: { title: { text: axes.y }, autorange: 'reversed', ...(rows.length <= 30 ? { dtick: 1 } : {}) },
    },
  };
}

/**
 * Tiled pictures as one heatmap. `signed`: a diverging scale symmetric around zero (weights, kernels);
 * otherwise grey from the smallest to the largest value (images, activations).
 */
export function pictureGridFigure(grid: TileGrid, theme: PlotTheme, options: { signed: boolean; captions?: boolean; cellPixels?: number }): Figure {
  const values = grid.z.flat();
  const limit = absMax(values);
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const height = grid.z.length;
  const width = grid.z[0]?.length ?? 0;
  const trace: PlotTrace = {
    type: 'heatmap', z: grid.z, zsmooth: false, hoverongaps: false, xgap: 0, ygap: 0,
    ...(options.signed
      ? { zmin: -limit, zmax: limit, colorscale: theme.diverging }
      : { zmin: finite.length ? Math.min(...finite) : 0, zmax: finite.length ? Math.max(...finite) : 1, colorscale: theme.grey }),
    colorbar: { thickness: 12 }, hovertemplate: '%{z:.3g}<extra></extra>',
  };
  const cell = options.cellPixels ?? Math.max(2, Math.min(14, Math.floor(560 / Math.max(1, width))));
  const captionRoom = options.captions ? 14 : 0;
  return {
    data: [trace],
    maxWidth: width * cell + 110,
    layout: {
      height: Math.min(720, Math.max(180, height * cell + 70 + captionRoom * (grid.tiles.length / Math.max(1, grid.columns)))),
      xaxis: { visible: false, range: [-0.5, width - 0.5], constrain: 'domain' },
      yaxis: { visible: false, autorange: 'reversed', scaleanchor: 'x', scaleratio: 1, constrain: 'domain' },
      margin: { l: 10, r: 10, t: options.captions ? 24 : 10, b: 10 },
      annotations: options.captions
        ? grid.tiles.map((t) => ({ x: t.column - 0.5, y: t.row - 0.5, xref: 'x', yref: 'y', xanchor: 'left', yanchor: 'bottom', text: t.label ?? '', showarrow: false, font: { size: 10, color: theme.fg } }))
        : [],
    },
  };
}
