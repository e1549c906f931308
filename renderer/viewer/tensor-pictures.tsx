// The tensor viewer's pictures: a heatmap of the whole tensor, a grid of images when it is image-shaped (one
// colour scale for all of them, so tiles compare), the legend that says what the colours mean, and the raw
// values of a small tensor.

import { useEffect, useRef } from 'react';
import { formatNumber } from '../ui/format.ts';
import { paintPixels, type HeatmapScale } from './heatmap-scale.ts';
import type { HeatmapLayout, ImageLayout } from './tensor-layout.ts';

/** Cells drawn on a canvas one pixel each and scaled up by CSS without smoothing. */
function CellCanvas({ data, offset, rows, cols, scale, label, testId, cssWidth, cssHeight }: {
  data: Float32Array; offset: number; rows: number; cols: number; scale: HeatmapScale; label: string; testId?: string; cssWidth: number; cssHeight: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || rows === 0 || cols === 0) return;
    const image = context.createImageData(cols, rows);
    image.data.set(paintPixels(data, offset, rows, cols, scale));
    context.putImageData(image, 0, 0);
  }, [data, offset, rows, cols, scale]);
  return <canvas ref={ref} width={cols} height={rows} role="img" aria-label={label} data-testid={testId} className="cells" style={{ width: cssWidth, height: cssHeight }} />;
}

/** The width the pictures may take in the panel, in CSS pixels. */
const PANEL_WIDTH = 340;

export function Heatmap({ data, layout, scale }: { data: Float32Array; layout: HeatmapLayout; scale: HeatmapScale }) {
  // Square cells where they fit; a wide tensor (a batch of 784 pixels) is squeezed to the panel's width, and
  // rows keep at least 2 px so a batch stays readable.
  const cell = Math.min(24, PANEL_WIDTH / layout.cols);
  const width = Math.max(1, Math.round(cell * layout.cols));
  const height = Math.round(Math.min(360, Math.max(layout.shownRows * cell, Math.min(layout.shownRows * 2, 160))));
  return (
    <figure className="viewer-figure">
      <CellCanvas data={data} offset={0} rows={layout.shownRows} cols={layout.cols} scale={scale} testId="viewer-heatmap"
        label={`heatmap of ${layout.caption}, from ${formatNumber(scale.low)} to ${formatNumber(scale.high)}`} cssWidth={width} cssHeight={height} />
      <figcaption>heatmap {layout.caption}{layout.shownRows < layout.rows ? `, first ${layout.shownRows} of ${layout.rows} rows` : ''}</figcaption>
    </figure>
  );
}

export function ImageGrid({ data, layout, scale }: { data: Float32Array; layout: ImageLayout; scale: HeatmapScale }) {
  const side = 76;
  const tall = Math.round((side * layout.height) / layout.width);
  return (
    <figure className="viewer-figure">
      <div className="image-grid" data-testid="viewer-images" data-tiles={layout.tiles.length}>
        {layout.tiles.map((tile) => (
          <CellCanvas key={tile.offset} data={data} offset={tile.offset} rows={layout.height} cols={layout.width} scale={scale}
            label={tile.label} cssWidth={side} cssHeight={tall} />
        ))}
      </div>
      <figcaption>{layout.height}×{layout.width} images: {layout.tiles.length === layout.total ? `all ${layout.total}` : `the first ${layout.tiles.length} of ${layout.total}`}</figcaption>
    </figure>
  );
}

export function ScaleLegend({ scale }: { scale: HeatmapScale }) {
  return (
    <div className="viewer-legend" data-testid="viewer-legend" data-low={scale.low} data-high={scale.high} data-kind={scale.kind}>
      <div className="bar" style={{ background: `linear-gradient(to right, ${scale.legendStops})` }} />
      <div className="ticks">
        <span>{formatNumber(scale.low)}</span>
        {scale.kind === 'diverging' ? <span>0</span> : null}
        <span>{formatNumber(scale.high)}</span>
      </div>
      <div className="muted">{scale.kind === 'diverging' ? 'blue negative · white 0 · orange positive' : 'viridis, min to max'}</div>
    </div>
  );
}

export function ValuesTable({ rows }: { rows: number[][] }) {
  return (
    <table className="viewer-values" data-testid="viewer-values" data-values={JSON.stringify(rows.flat())}>
      <caption>values</caption>
      <tbody>
        {rows.map((row, r) => (
          <tr key={r}>{row.map((v, c) => <td key={c} data-value={v}>{formatNumber(v)}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}
