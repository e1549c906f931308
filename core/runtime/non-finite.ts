// Finding where NaN or Inf came from: the first node, in the order the pass ran, whose output (forward) or
// whose gradients (backward) hold a non-finite number — naming its parameter when that is what overflowed.
// Training pauses there and names it.

import type { Executor } from '../graph/executor.ts';
import { parameterKey } from '../graph/types.ts';
import { allFinite } from './summaries.ts';

export interface NonFiniteOrigin {
  nodeId: string;
  phase: 'forward' | 'backward';
  message: string;
}

/** Where the first non-finite value or gradient of the executor's last pass appeared, if anywhere. */
export function findNonFinite(executor: Executor): NonFiniteOrigin | null {
  const { graph } = executor;
  for (const node of graph.nodes) {
    const value = executor.values.get(node.id);
    if (!value || allFinite(value)) continue;
    // The pass ran on the parameters of the previous update; if the node's own parameter is not finite, an
    // update overflowed it (the checks after that batch saw finite values and gradients) — name the parameter.
    const badParam = node.op.params.find((p) => {
      const param = executor.params.get(parameterKey(node.id, p.name));
      return param !== undefined && !allFinite(param);
    });
    // A loss is the first to overflow when the predictions grow huge but stay finite (squared, they do not).
    const hint = node.op.role === 'loss' ? ' from finite inputs that grew too large (is the learning rate too high?)' : '';
    const message = badParam
      ? `the parameter ${badParam.name} of ${node.op.type} "${node.id}" became NaN or Inf in an update (is the learning rate too high?)`
      : `${node.op.type} "${node.id}" produced NaN or Inf in its output${hint}`;
    return { nodeId: node.id, phase: 'forward', message };
  }
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    const edgeBad = node.inputEdges.some((e) => {
      const g = executor.edgeGrads.get(e.id);
      return g !== undefined && !allFinite(g);
    });
    const paramBad = node.op.params.some((p) => {
      const g = executor.paramGrads.get(parameterKey(node.id, p.name));
      return g !== undefined && !allFinite(g);
    });
    if (edgeBad || paramBad) {
      return { nodeId: node.id, phase: 'backward', message: `${node.op.type} "${node.id}" produced NaN or Inf in its gradient` };
    }
  }
  return null;
}
