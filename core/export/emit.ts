// Walking the graph for an exporter: the node order of the generated forward (what the prediction needs
// first, so prediction can stop before the Target and the loss) and the EmitNode view of each node, with the
// Python names the NumPy script uses (`fi[...]`, `g[...]`, `P[...]`).

import { parameterKey, type GraphNode } from '../graph/types.ts';
import type { ExportModel } from './model.ts';
import type { RunConfig } from '../train/config.ts';
import { ExportError, pyString, type EmitNode } from './types.ts';

/** Forward order: the prediction's ancestors in topological order, then the rest (Target, loss). */
export function forwardOrder(model: ExportModel): { prediction: GraphNode[]; rest: GraphNode[] } {
  const prediction = model.graph.nodes.filter((n) => model.predictionNodes.has(n.id));
  const rest = model.graph.nodes.filter((n) => !model.predictionNodes.has(n.id));
  return { prediction, rest };
}

/** The NumPy script's view of a node. */
export function numpyNode(model: ExportModel, node: GraphNode): EmitNode {
  const key = (id: string) => `fi[${pyString(id)}]`;
  return {
    node,
    attrs: node.attrs,
    compat: model.config.compat,
    input(i) {
      const edge = node.inputEdges[i];
      if (!edge) throw new ExportError(`${node.op.type} "${node.id}" has no input on port ${node.op.inputs[i]?.name ?? i}`, node.id);
      return key(edge.from);
    },
    inputShape: (i) => model.graph.byId.get(node.inputEdges[i]!.from)!.shape ?? [],
    output: key(node.id),
    saved: (name) => `fi[${pyString(`${node.id}:${name}`)}]`,
    grad: `g[${pyString(node.id)}]`,
    param: (i) => `P[${pyString(parameterKey(node.id, node.op.params[i]!.name))}]`,
  };
}

/** The error for an op that has no emitter for this target (yet). */
export function missingEmitter(node: GraphNode, target: string, table: string): ExportError {
  return new ExportError(
    `${node.op.type} "${node.id}" cannot be exported to ${target} yet: no emitter for ${node.op.type} in ${table} ` +
    '(core/export/README.md says how to add one)',
    node.id,
  );
}

/** The training loop's settings as Python constants, the same lines at the top of both exported scripts. */
export function loopSettings(c: RunConfig): string[] {
  return [
    `SEED = ${c.seed}`,
    `EPOCHS = ${c.epochs}`,
    `BATCH_SIZE = ${c.batchSize}`,
    `EVAL_EVERY = ${c.evalEvery}`,
    `SHUFFLE = ${c.shuffle ? 'True' : 'False'}`,
    `EARLY_STOPPING = ${c.earlyStopping.enabled ? 'True' : 'False'}`,
    `PATIENCE = ${c.earlyStopping.patience}`,
  ];
}
