// The executable graph: the document's nodes and edges resolved against the op registry, in topological
// order, with every output shape inferred. Built once per structural change; the executor runs it.

import type { OpDefinition, ResolvedAttributes, SymbolicShape } from '../ops/types.ts';
import type { GroupKind } from '../document/types.ts';

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  /** The destination port's name and its index in the destination op's `inputs`. */
  port: string;
  portIndex: number;
  /** False for edges from data (Input, Target) and into a loss's target port: no gradient is ever computed. */
  carriesGradient: boolean;
}

export interface GraphNode {
  id: string;
  op: OpDefinition;
  attrs: ResolvedAttributes;
  /** The edge feeding each input port, in port order. */
  inputEdges: GraphEdge[];
  outputEdges: GraphEdge[];
  /** The inferred output shape (null entries = batch dimension); null while an input is unconnected. */
  shape: SymbolicShape | null;
  /** Shapes of the parameters the node owns, in the op's `params` order. */
  paramShapes: number[][];
}

export interface GraphGroup {
  id: string;
  kind: GroupKind;
  name: string;
  members: string[];
}

export interface Graph {
  /** Every node, in a topological order (inputs before the nodes that use them; ties in document order). */
  nodes: GraphNode[];
  edges: GraphEdge[];
  byId: ReadonlyMap<string, GraphNode>;
  groups: GraphGroup[];
  inputs: GraphNode[];
  targets: GraphNode[];
  losses: GraphNode[];
}

export type GraphProblemKind =
  | 'unknown-op' | 'attribute' | 'dangling-edge' | 'duplicate-port' | 'unknown-port' | 'unconnected-port'
  | 'cycle' | 'shape';

/** One reason a graph cannot be built, naming the node, edge and port involved, with a fix where one is obvious. */
export interface GraphProblem {
  kind: GraphProblemKind;
  message: string;
  nodeId?: string;
  edgeId?: string;
  port?: string;
  attribute?: string;
  suggestion?: string;
}

export type BuildResult =
  | { ok: true; graph: Graph }
  /** `shapes`: every output shape that could still be inferred (the editor labels edges with them). */
  | { ok: false; problems: GraphProblem[]; shapes: ReadonlyMap<string, SymbolicShape>; paramShapes?: ReadonlyMap<string, number[][]> };

/** Parameters keyed `<nodeId>.<paramName>`, e.g. "dense1_w.W". */
export type ParameterStore = Map<string, import('../tensor/tensor.ts').Tensor>;

export const parameterKey = (nodeId: string, paramName: string): string => `${nodeId}.${paramName}`;
