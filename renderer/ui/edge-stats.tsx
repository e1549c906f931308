// Every edge of the loaded graph with its latest forward and backward summary. This is a placeholder view
// for the canvas of the editor issue, but its data-* hooks are the stable end-to-end contract (DESIGN.md §8):
// data-act-mean, data-act-norm, data-grad-norm, data-shape, and data-values / data-grad-values when the
// engine sent every value. Each row subscribes to its own edge, so an update re-renders only changed rows.

import { useDeferredValue } from 'react';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import { attr, formatNumber, formatShape } from './format.ts';
import { useTelemetry } from './context.ts';

type EdgeDescription = GraphDescription['edges'][number];

const json = (values: number[] | undefined): string | undefined => (values === undefined ? undefined : JSON.stringify(values));

function EdgeRow({ edge, inferredShape }: { edge: EdgeDescription; inferredShape: (number | null)[] | null }) {
  const stats = useTelemetry((s) => s.edges[edge.id]);
  const value = stats?.value;
  const gradient = stats?.gradient;
  return (
    <tr data-testid={`edge-stat-${edge.id}`} data-shape={JSON.stringify(value?.shape ?? inferredShape)}
      data-act-mean={attr(value?.mean)} data-act-norm={attr(value?.norm)} data-grad-norm={attr(gradient?.norm)}
      data-values={json(value?.values)} data-grad-values={json(gradient?.values)}>
      <th scope="row">{edge.from} → {edge.to}.{edge.port}</th>
      <td>{formatShape(value?.shape ?? inferredShape)}</td>
      <td>{formatNumber(value?.mean)}</td>
      <td>{formatNumber(value?.norm)}</td>
      <td>{edge.carriesGradient ? formatNumber(gradient?.norm) : 'no gradient'}</td>
      <td className="values">{value?.values && value.values.length <= 8 ? value.values.map(formatNumber).join(', ') : ''}</td>
    </tr>
  );
}

export function EdgeStats() {
  // After the canvas: the table can wait a frame, the graph the user just opened should not.
  const graph = useDeferredValue(useTelemetry((s) => s.loaded?.graph));
  if (!graph) return null;
  const shapes = new Map(graph.nodes.map((n) => [n.id, n.shape]));
  return (
    <section className="edge-stats" aria-label="Edges">
      <h2>Edges</h2>
      <table data-testid="edge-stats">
        <thead><tr><th>edge</th><th>shape</th><th>mean</th><th>‖value‖</th><th>‖gradient‖</th><th>values</th></tr></thead>
        <tbody>
          {graph.edges.map((edge) => <EdgeRow key={edge.id} edge={edge} inferredShape={shapes.get(edge.from) ?? null} />)}
        </tbody>
      </table>
    </section>
  );
}
