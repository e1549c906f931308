// The document → React Flow's nodes and edges. Pure: the document (core/document) is the source of truth and
// React Flow only ever sees what this function makes of it, plus the view's own state (selection, measured
// sizes). Telemetry never goes in here (STYLE.md, xyflow row): edges' live numbers are read by their own
// components from the telemetry store.

import type { Edge, Node } from '@xyflow/react';
import type { AttributeValue, DocNode, GradflowDocument } from '../../core/document/types.ts';
import { buildGraph } from '../../core/graph/build.ts';
import type { GraphProblem } from '../../core/graph/types.ts';
import { resolveAttributes } from '../../core/ops/attributes.ts';
import { findOp } from '../../core/ops/registry.ts';
import type { SymbolicShape } from '../../core/ops/types.ts';
import { formatShape } from '../ui/format.ts';

export interface PortView {
  name: string;
  description: string;
  isTarget: boolean;
}

export interface OpNodeData extends Record<string, unknown> {
  op: string;
  /** The node's label, or its id. */
  title: string;
  /** "neurons 32", "shape [13]": the attributes worth reading on the canvas. */
  summary: string[];
  inputs: PortView[];
  /** The inferred output shape, "(N, 32)", or "?" while an input is unconnected. */
  shape: string;
  role: string;
  family: string;
  /** The layer this node belongs to, if any. */
  group?: string;
  /** What is wrong with the node, from building the graph (attributes, shapes). */
  problem?: string;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  /** "(N, 32)": the shape of the tensor on this edge, or "?". */
  label: string;
  port: string;
}

export type OpFlowNode = Node<OpNodeData, 'op'>;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export interface ViewState {
  selectedNodes?: ReadonlySet<string>;
  selectedEdges?: ReadonlySet<string>;
  /** Sizes React Flow measured; a controlled node without them would be measured again on every change. */
  measured?: ReadonlyMap<string, { width: number; height: number }>;
}

export interface GraphView {
  shapes: ReadonlyMap<string, SymbolicShape | null>;
  problems: readonly GraphProblem[];
}

/** Every node's inferred output shape (null while its inputs are not all connected) and the graph's problems. */
export function inferView(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>): GraphView {
  const built = buildGraph(doc, { requireConnected: false });
  if (built.ok) return { shapes: new Map([...built.graph.byId].map(([id, node]) => [id, node.shape])), problems: [] };
  // Even a graph that cannot run labels every edge whose shape could still be inferred.
  return { shapes: built.shapes, problems: built.problems };
}

const formatValue = (value: AttributeValue): string => (Array.isArray(value) ? `[${value.join(', ')}]` : String(value));

/** The attributes a node shows: every one that is set, and every one whose default is not a plain fallback. */
export function attributeSummary(node: Pick<DocNode, 'op' | 'attributes'>, max = 3): string[] {
  const op = findOp(node.op);
  if (!op) return Object.entries(node.attributes).slice(0, max).map(([k, v]) => `${k} ${formatValue(v)}`);
  const { attrs } = resolveAttributes(op, node.attributes);
  const names = Object.keys(op.attributes);
  // Set attributes first, then the defaults of the rest, in the schema's order.
  const ordered = [...names.filter((n) => Object.hasOwn(node.attributes, n)), ...names.filter((n) => !Object.hasOwn(node.attributes, n))];
  return ordered.slice(0, max).map((name) => `${name} ${formatValue(attrs[name]!)}`);
}

/** React Flow's nodes and edges for a document. */
export function toFlow(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, graph: GraphView, view: ViewState = {}): { nodes: OpFlowNode[]; edges: ShapeFlowEdge[] } {
  const groupOf = new Map<string, string>();
  for (const group of doc.groups) for (const member of group.members) groupOf.set(member, group.name);
  const problemOf = new Map<string, string>();
  for (const p of graph.problems) if (p.nodeId && !problemOf.has(p.nodeId)) problemOf.set(p.nodeId, p.suggestion ? `${p.message} — ${p.suggestion}` : p.message);

  const nodes = doc.nodes.map((node): OpFlowNode => {
    const op = findOp(node.op);
    const group = groupOf.get(node.id);
    const problem = problemOf.get(node.id) ?? (op ? undefined : `unknown operation "${node.op}"`);
    const measured = view.measured?.get(node.id);
    return {
      id: node.id,
      type: 'op',
      position: { x: node.position.x, y: node.position.y },
      selected: view.selectedNodes?.has(node.id) ?? false,
      ...(measured ? { measured: { ...measured } } : {}),
      data: {
        op: node.op,
        title: node.label ?? node.id,
        summary: attributeSummary(node),
        inputs: (op?.inputs ?? []).map((p) => ({ name: p.name, description: p.description, isTarget: p.isTarget === true })),
        shape: formatShape(graph.shapes.get(node.id)),
        role: op?.role ?? 'compute',
        family: op?.family ?? 'unknown',
        ...(group ? { group } : {}),
        ...(problem ? { problem } : {}),
      },
    };
  });

  const edges = doc.edges.map((edge): ShapeFlowEdge => ({
    id: edge.id,
    type: 'shape',
    source: edge.from.node,
    sourceHandle: edge.from.port,
    target: edge.to.node,
    targetHandle: edge.to.port,
    selected: view.selectedEdges?.has(edge.id) ?? false,
    data: { label: formatShape(graph.shapes.get(edge.from.node)), port: edge.to.port },
  }));
  return { nodes, edges };
}

/** Keep the previous object wherever nothing changed, so memoized node components skip re-rendering. */
export function reuseUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = before.get(item.id);
    return old && JSON.stringify(old) === JSON.stringify(item) ? old : item;
  });
}
