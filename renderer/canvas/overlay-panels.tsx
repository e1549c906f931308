// Beside the live overlay: its legend (what colour and width mean) and the tooltip of the edge under the
// pointer (both tensors' numbers and histograms). Both read the telemetry store directly.

import { useStore } from 'zustand';
import type { TensorSummary } from '../../core/protocol/telemetry.ts';
import { formatNumber, formatShape } from '../ui/format.ts';
import { useServices, useTelemetry, useUi } from '../ui/context.ts';
import { GRADIENT_DECADES, rms, viridis } from './overlay-scale.ts';

const STOPS = Array.from({ length: 11 }, (_, i) => `${viridis(i / 10)} ${i * 10}%`).join(', ');

export function OverlayLegend() {
  const shown = useUi((s) => s.overlay);
  const hasNumbers = useTelemetry((s) => Object.keys(s.edges).length > 0);
  if (!shown || !hasNumbers) return null;
  return (
    <div className="overlay-legend" data-testid="overlay-legend" aria-label="Overlay legend">
      <div>edge colour: gradient RMS (log)</div>
      <div className="bar" style={{ background: `linear-gradient(to right, ${STOPS})` }} />
      <div className="ticks"><span>1e{GRADIENT_DECADES.min}</span><span>1e-3</span><span>1e{GRADIENT_DECADES.max}</span></div>
      <div>width: activation RMS · dash: → forward, ← backward · red: NaN/Inf</div>
    </div>
  );
}

function Histogram({ summary, color }: { summary: TensorSummary; color: string }) {
  const bins = summary.histogram;
  const top = Math.max(1, ...bins);
  const width = 120;
  const height = 28;
  const bar = bins.length > 0 ? width / bins.length : width;
  return (
    <svg width={width} height={height} role="img" aria-label={`histogram from ${formatNumber(summary.min)} to ${formatNumber(summary.max)}`}>
      {bins.map((count, i) => <rect key={i} x={i * bar} y={height - (count / top) * height} width={Math.max(1, bar - 1)} height={(count / top) * height} fill={color} />)}
    </svg>
  );
}

function Numbers({ label, summary, color }: { label: string; summary: TensorSummary | undefined; color: string }) {
  if (!summary) return null;
  return (
    <section>
      <strong>{label}</strong> <span>{formatShape(summary.shape)}</span>
      <Histogram summary={summary} color={color} />
      <table>
        <tbody>
          <tr><th>mean</th><td>{formatNumber(summary.mean)}</td><th>std</th><td>{formatNumber(summary.std)}</td></tr>
          <tr><th>min</th><td>{formatNumber(summary.min)}</td><th>max</th><td>{formatNumber(summary.max)}</td></tr>
          <tr><th>RMS</th><td>{formatNumber(rms(summary))}</td><th>zeros</th><td>{formatNumber(summary.zeroFraction * 100)}%</td></tr>
          {summary.nanCount + summary.infCount > 0 ? <tr><th>NaN/Inf</th><td>{summary.nanCount}/{summary.infCount}</td></tr> : null}
        </tbody>
      </table>
    </section>
  );
}

export function EdgeTooltip() {
  const { telemetry } = useServices();
  const hovered = useUi((s) => s.hoveredEdge);
  const stats = useStore(telemetry.store, (s) => (hovered ? s.edges[hovered.id] : undefined));
  if (!hovered || !stats || (!stats.value && !stats.gradient)) return null;
  return (
    <div className="edge-tooltip" data-testid="edge-tooltip" role="tooltip" style={{ left: hovered.x + 14, top: hovered.y + 14 }}>
      <Numbers label="value" summary={stats.value} color="var(--accent)" />
      <Numbers label="gradient" summary={stats.gradient} color={viridis(0.6)} />
    </div>
  );
}
