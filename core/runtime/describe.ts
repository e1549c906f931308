// What the engine reports about a graph and its state: the graph's shape for the window, and per-edge and
// per-parameter summaries from an executor's last pass.

import type { Executor } from '../graph/executor.ts';
import type { Graph, GraphEdge, ParameterStore } from '../graph/types.ts';
import { parameterKey } from '../graph/types.ts';
import type { EdgeTelemetry, GraphDescription, ParameterTelemetry } from '../protocol/telemetry.ts';
import type { TensorData } from '../tensor/tensor.ts';
import { countParameterValues } from '../train/parameters.ts';
import { summarize } from './summaries.ts';

export function describeGraph(graph: Graph): GraphDescription {
  return {
    nodes: graph.nodes.map((node) => ({
      id: node.id, op: node.op.type, shape: node.shape ? [...node.shape] : null,
      params: node.op.params.map((p, i) => ({ key: parameterKey(node.id, p.name), shape: node.paramShapes[i]! })),
    })),
    edges: graph.edges.map((e) => ({ id: e.id, from: e.from, to: e.to, port: e.port, carriesGradient: e.carriesGradient })),
    order: graph.nodes.map((n) => n.id),
    parameterCount: countParameterValues(graph),
  };
}

/** Value and gradient summaries of the given edges (all of them by default) from the executor's last pass. */
export function edgeTelemetry(executor: Executor, edges: readonly GraphEdge[] = executor.graph.edges): EdgeTelemetry[] {
  return edges.map((edge) => {
    const value = executor.values.get(edge.from);
    const gradient = executor.edgeGrads.get(edge.id);
    return { edgeId: edge.id, ...(value ? { value: summarize(value) } : {}), ...(gradient ? { gradient: summarize(gradient) } : {}) };
  });
}

/** A copy of every parameter's values, to measure the next update against. */
export function snapshotParameters(params: ParameterStore): Map<string, TensorData> {
  return new Map([...params].map(([key, t]) => [key, t.data.slice()]));
}

/** Parameter summaries; with a snapshot from before the last update, also ‖Δp‖ / ‖p‖. */
export function parameterTelemetry(params: ParameterStore, executor: Executor, before?: Map<string, TensorData>): ParameterTelemetry[] {
  return [...params].map(([key, tensor]) => {
    const grad = executor.paramGrads.get(key);
    const old = before?.get(key);
    let updateRatio: number | undefined;
    if (old) {
      let delta = 0;
      let norm = 0;
      for (let i = 0; i < tensor.size; i++) {
        delta += (tensor.data[i]! - old[i]!) ** 2;
        norm += tensor.data[i]! ** 2;
      }
      updateRatio = norm > 0 ? Math.sqrt(delta / norm) : 0;
    }
    return { key, value: summarize(tensor), ...(grad ? { gradient: summarize(grad) } : {}), ...(updateRatio !== undefined ? { updateRatio } : {}) };
  });
}
