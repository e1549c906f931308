// Histograms over time (issue 6 §6): each telemetry moment of an edge carries a 16-bin histogram between that
// moment's own min and max, so consecutive histograms do not share bins. They are re-binned here onto one
// common grid spanning the run's whole range (each bin's count spread over the rows it overlaps), and each
// column normalized to shares, so a column reads as "where the numbers were" at that moment. Pure.

import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import type { EdgeMoment } from '../state/run-history.ts';
import type { Figure, PlotTrace } from './figure.ts';

export interface HistogramGrid {
  /** The moments' times (epochs). */
  x: number[];
  /**
   * Column edges (one more than columns): each moment's column covers the time since the moment before it (a
   * frame summarizes the latest batch), the first as long as the second. Frames come unevenly, so the columns do.
   */
  xEdges: number[];
  /** Row centres on the common value axis. */
  y: number[];
  /** z[row][column]: the share of the moment's numbers in that row (null where the moment has no histogram). */
  z: (number | null)[][];
  min: number;
  max: number;
}

const usable = (s: TensorSummary | undefined): s is TensorSummary =>
  !!s && Number.isFinite(s.min) && Number.isFinite(s.max) && s.histogram.length > 0 && s.histogram.some((c) => c > 0);

export function histogramsOverTime(moments: readonly EdgeMoment[], which: 'value' | 'gradient', rows = 40): HistogramGrid | null {
  const columns = moments.filter((m) => usable(m[which]));
  if (columns.length === 0) return null;
  let min = Math.min(...columns.map((m) => m[which]!.min));
  let max = Math.max(...columns.map((m) => m[which]!.max));
  if (!(max > min)) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 0.5;
    [min, max] = [min - pad, max + pad];
  }
  const rowHeight = (max - min) / rows;
  const y = Array.from({ length: rows }, (_, r) => min + (r + 0.5) * rowHeight);
  const z: (number | null)[][] = Array.from({ length: rows }, () => new Array<number | null>(columns.length).fill(0));
  const rowOf = (v: number) => Math.min(rows - 1, Math.max(0, Math.floor((v - min) / rowHeight)));

  columns.forEach((moment, col) => {
    const s = moment[which]!;
    const total = s.histogram.reduce((a, b) => a + b, 0);
    const bins = s.histogram.length;
    const width = (s.max - s.min) / bins;
    s.histogram.forEach((count, b) => {
      if (count === 0) return;
      const share = count / total;
      if (!(width > 0)) {
        z[rowOf(s.min)]![col]! += share;
        return;
      }
      const lo = s.min + b * width;
      const hi = lo + width;
      // Spread the bin over every common row it overlaps, in proportion to the overlap.
      for (let r = rowOf(lo); r <= rowOf(hi - width * 1e-9); r++) {
        const rowLo = min + r * rowHeight;
        const overlap = Math.min(hi, rowLo + rowHeight) - Math.max(lo, rowLo);
        if (overlap > 0) z[r]![col]! += share * (overlap / width);
      }
    });
  });
  const x = columns.map((m) => m.at);
  const firstWidth = x.length > 1 ? x[1]! - x[0]! : 1;
  const xEdges = [Math.max(0, x[0]! - (firstWidth > 0 ? firstWidth : 1)), ...x];
  if (!(xEdges[1]! > xEdges[0]!)) xEdges[0] = xEdges[1]! - 1;
  return { x, xEdges, y, z, min, max };
}

/** Values on top, gradients below (when the edge carries one), sharing the time axis. */
export function histogramFigure(moments: readonly EdgeMoment[]): Figure {
  const value = histogramsOverTime(moments, 'value');
  const gradient = histogramsOverTime(moments, 'gradient');
  const data: PlotTrace[] = [];
  const heat = (grid: HistogramGrid, yaxis: string, name: string, colorbarY: number, colorbarLen: number): PlotTrace => ({
    type: 'heatmap', name, x: grid.xEdges, y: grid.y, z: grid.z, xaxis: 'x', yaxis, colorscale: 'Viridis', zmin: 0, zsmooth: false,
    colorbar: { title: { text: 'share' }, y: colorbarY, len: colorbarLen, thickness: 12 },
    hovertemplate: `epoch %{x:.2f}<br>${name} ≈ %{y:.3g}<br>share %{z:.3f}<extra></extra>`,
  });
  const both = value && gradient;
  if (value) data.push(heat(value, 'y', 'value', both ? 0.78 : 0.5, both ? 0.45 : 1));
  if (gradient) data.push(heat(gradient, both ? 'y2' : 'y', 'gradient', both ? 0.22 : 0.5, both ? 0.45 : 1));
  return {
    data,
    layout: {
      height: both ? 420 : 280,
      xaxis: { title: { text: 'epoch' }, anchor: both ? 'y2' : 'y' },
      yaxis: { title: { text: value ? 'value' : 'gradient' }, ...(both ? { domain: [0.56, 1] } : {}) },
      ...(both ? { yaxis2: { title: { text: 'gradient' }, domain: [0, 0.44] } } : {}),
      showlegend: false,
    },
  };
}
