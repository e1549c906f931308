// Questions about a built graph that the trainer and hosts ask.

import type { Graph, GraphNode } from './types.ts';

/** The node and everything it depends on: what a forward pass must run to compute it. */
export function ancestorsOf(graph: Graph, nodeId: string): Set<string> {
  const seen = new Set<string>();
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const edge of graph.byId.get(id)?.inputEdges ?? []) if (edge) stack.push(edge.from);
  }
  return seen;
}

/** The node whose output feeds the loss's `prediction` port. */
export function predictionNodeOf(graph: Graph, loss: GraphNode): GraphNode {
  const edge = loss.inputEdges.find((e) => e.port === 'prediction')!;
  return graph.byId.get(edge.from)!;
}

/** Input ports with no edge (an editor may save a half-wired graph; it cannot run). */
export function unconnectedPorts(graph: Graph): { node: GraphNode; port: string }[] {
  return graph.nodes.flatMap((node) =>
    node.op.inputs.flatMap((port, i) => (node.inputEdges[i] ? [] : [{ node, port: port.name }])));
}
