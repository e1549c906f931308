// The pinned edge's history over the run, drawn by hand in SVG (plotly belongs to the plots panel): the L2 norm
// on top, the mean inside its min–max band below, epochs along the bottom. Reads only this edge's slice of the
// telemetry store's edgeHistory.

import { formatNumber } from '../ui/format.ts';
import { useTelemetry } from '../ui/context.ts';
import { axisOf, bandPath, historyPoints, linePath, toPixels, type Box, type TensorSide } from './history-series.ts';

const BOX: Box = { width: 320, height: 64, pad: 3 };

export function HistoryChart({ edgeId, side }: { edgeId: string; side: TensorSide }) {
  const history = useTelemetry((s) => s.edgeHistory[edgeId]);
  const points = history ? historyPoints(history.items, side) : [];
  if (points.length === 0) {
    return <p className="muted" data-testid="viewer-history-empty">No history yet: it is recorded while the model trains.</p>;
  }
  const at = points.map((p) => p.at);
  const x = axisOf(at);
  const norms = points.map((p) => p.norm);
  const normAxis = axisOf(norms);
  const spread = axisOf([...points.map((p) => p.min), ...points.map((p) => p.max)]);
  const normLine = linePath(toPixels(at, norms, x, normAxis, BOX));
  const meanLine = linePath(toPixels(at, points.map((p) => p.mean), x, spread, BOX));
  const band = bandPath(toPixels(at, points.map((p) => p.max), x, spread, BOX), toPixels(at, points.map((p) => p.min), x, spread, BOX));
  const last = points.at(-1)!;
  return (
    <figure className="viewer-figure viewer-history" data-testid="viewer-history" data-points={points.length}>
      <div className="chart-label"><span>‖{side}‖ {formatNumber(normAxis.low)} – {formatNumber(normAxis.high)}</span><span>now {formatNumber(last.norm)}</span></div>
      <svg width={BOX.width} height={BOX.height} role="img" aria-label={`norm of the ${side} over ${points.length} moments of the run, from ${formatNumber(norms[0])} to ${formatNumber(last.norm)}`}>
        <rect className="chart-frame" x={0.5} y={0.5} width={BOX.width - 1} height={BOX.height - 1} />
        <path className="history-norm" data-series="norm" d={normLine} />
      </svg>
      <div className="chart-label"><span>mean in min–max {formatNumber(spread.low)} – {formatNumber(spread.high)}</span><span>now {formatNumber(last.mean)}</span></div>
      <svg width={BOX.width} height={BOX.height} role="img" aria-label={`mean of the ${side} within its minimum and maximum over the run`}>
        <rect className="chart-frame" x={0.5} y={0.5} width={BOX.width - 1} height={BOX.height - 1} />
        <path className="history-band" data-series="min-max" d={band} />
        <path className="history-mean" data-series="mean" d={meanLine} />
      </svg>
      <figcaption>epochs {formatNumber(x.low)} – {formatNumber(x.high)} · {points.length} moments</figcaption>
    </figure>
  );
}
