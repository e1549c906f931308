// The document → React Flow's nodes and edges. Pure: the document (core/document) is the source of truth and
// React Flow only ever sees what this function makes of it, plus the view's own state (selection, measured
// sizes). Telemetry never goes in here (STYLE.md, xyflow row): edges' live numbers are read by their own
// components from the telemetry store.

import type { Edge, Node } from '@xyflow/react';
import type { AttributeValue, DocGroup, DocNode, GradflowDocument } from '../../core/document/types.ts';
import { buildGraph } from '../../core/graph/build.ts';
import type { GraphProblem } from '../../core/graph/types.ts';
import { resolveAttributes } from '../../core/ops/attributes.ts';
import { findOp } from '../../core/ops/registry.ts';
import type { SymbolicShape } from '../../core/ops/types.ts';
import { formatShape } from '../ui/format.ts';

export interface PortView {
  /** The handle id: the op's port name, or `<member>:<port>` on a collapsed layer. */
  name: string;
  /** What the canvas writes beside the handle (the port's name). */
  label: string;
  description: string;
  isTarget: boolean;
}

/** A source handle: "out" on an Operation, the member's id on a collapsed layer. */
export interface OutputView {
  name: string;
  label: string;
}

/** What a collapsed layer node stands for. */
export interface LayerView {
  groupId: string;
  members: number;
}

export interface OpNodeData extends Record<string, unknown> {
  op: string;
  /** The node's label, or its id. */
  title: string;
  /** "neurons 32", "shape [13]": the attributes worth reading on the canvas. */
  summary: string[];
  /** A ParamOperation's parameters with their shapes: "W (2, 16)". */
  params?: string[];
  inputs: PortView[];
  /** The inferred output shape, "(N, 32)", or "?" while an input is unconnected. */
  shape: string;
  role: string;
  family: string;
  /** Source handles; absent = the one "out". */
  outputs?: OutputView[];
  /** The layer this node belongs to, if any: its name and id (for the collapse button). */
  group?: string;
  groupId?: string;
  /** Set when this node is a collapsed layer standing for its members. */
  layer?: LayerView;
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
  /** Each node's parameter shapes, in the op's parameter order (where its inputs are known). */
  paramShapes?: ReadonlyMap<string, number[][]>;
  problems: readonly GraphProblem[];
}

/** Every node's inferred output shape (null while its inputs are not all connected) and the graph's problems. */
export function inferView(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>): GraphView {
  const built = buildGraph(doc, { requireConnected: false });
  if (built.ok) {
    const nodes = [...built.graph.byId];
    return { shapes: new Map(nodes.map(([id, node]) => [id, node.shape])), paramShapes: new Map(nodes.map(([id, node]) => [id, node.paramShapes])), problems: [] };
  }
  // Even a graph that cannot run labels every edge whose shape could still be inferred.
  return { shapes: built.shapes, problems: built.problems, ...(built.paramShapes ? { paramShapes: built.paramShapes } : {}) };
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

/** The collapsed groups each member belongs to: those members are drawn as one layer node. */
export function collapsedMembers(doc: Pick<GradflowDocument, 'groups'>): Map<string, DocGroup> {
  const of = new Map<string, DocGroup>();
  for (const group of doc.groups) if (group.collapsed && group.members.length > 0) for (const m of group.members) of.set(m, group);
  return of;
}

/**
 * A connection React Flow reports (node ids and handle ids of the canvas) → the document's edge ends. On a
 * collapsed layer the source handle is the member's id and a target handle is `<member>:<port>`.
 */
export function resolveConnection(doc: Pick<GradflowDocument, 'groups'>, c: { source: string; sourceHandle?: string | null; target: string; targetHandle?: string | null }): { source: string; target: string; port: string } | null {
  if (!c.targetHandle) return null;
  const collapsed = new Map(doc.groups.filter((g) => g.collapsed).map((g) => [g.id, g]));
  const sourceGroup = collapsed.get(c.source);
  const source = sourceGroup ? (c.sourceHandle && sourceGroup.members.includes(c.sourceHandle) ? c.sourceHandle : sourceGroup.members.at(-1)) : c.source;
  let target = c.target;
  let port = c.targetHandle;
  if (collapsed.has(c.target)) {
    const split = c.targetHandle.lastIndexOf(':');
    if (split <= 0) return null;
    target = c.targetHandle.slice(0, split);
    port = c.targetHandle.slice(split + 1);
  }
  return source ? { source, target, port } : null;
}

function opNodeData(node: DocNode, graph: GraphView, problem: string | undefined, group: DocGroup | undefined): OpNodeData {
  const op = findOp(node.op);
  const shapes = graph.paramShapes?.get(node.id);
  // The init is among the attributes the node already lists; here, what the parameter is shaped like.
  const params = op?.params.map((p, i) => `${p.name} ${shapes?.[i] ? `(${shapes[i].join(', ')})` : '?'}`) ?? [];
  return {
    ...(params.length > 0 ? { params } : {}),
    op: node.op,
    title: node.label ?? node.id,
    summary: attributeSummary(node),
    inputs: (op?.inputs ?? []).map((p) => ({ name: p.name, label: p.name, description: p.description, isTarget: p.isTarget === true })),
    shape: formatShape(graph.shapes.get(node.id)),
    role: op?.role ?? 'compute',
    family: op?.family ?? 'unknown',
    ...(group ? { group: group.name, groupId: group.id } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** One node for a collapsed layer: the inputs its members take from outside, the outputs they give outside. */
function layerNodeData(doc: Pick<GradflowDocument, 'nodes' | 'edges'>, group: DocGroup, graph: GraphView, problems: ReadonlyMap<string, string>): OpNodeData {
  const members = new Set(group.members);
  const fedInside = new Set(doc.edges.filter((e) => members.has(e.from.node) && members.has(e.to.node)).map((e) => `${e.to.node}:${e.to.port}`));
  const inputs: PortView[] = [];
  for (const id of group.members) {
    const node = doc.nodes.find((n) => n.id === id);
    const op = node ? findOp(node.op) : undefined;
    for (const port of op?.inputs ?? []) {
      const name = `${id}:${port.name}`;
      if (!fedInside.has(name)) inputs.push({ name, label: port.name, description: `${port.description} (${node!.op} ${id})`, isTarget: port.isTarget === true });
    }
  }
  // Two members with a port of the same name: say whose.
  for (const p of inputs) if (inputs.filter((q) => q.label === p.label).length > 1) p.label = `${p.name.split(':')[0]}.${p.label}`;
  const last = group.members.at(-1)!;
  const outgoing = new Set(doc.edges.filter((e) => members.has(e.from.node) && !members.has(e.to.node)).map((e) => e.from.node));
  const outputIds = group.members.filter((m) => m === last || outgoing.has(m));
  const outputs = outputIds.map((m) => ({ name: m, label: outputIds.length > 1 ? m : 'out' }));
  const problem = group.members.map((m) => problems.get(m)).find((p) => p !== undefined);
  const summary = Object.entries(group.attributes).slice(0, 3).map(([k, v]) => `${k} ${formatValue(v)}`);
  return {
    op: group.kind,
    title: group.name,
    summary: summary.length > 0 ? summary : [`${group.members.length} operations`],
    inputs,
    outputs,
    shape: formatShape(graph.shapes.get(last)),
    role: 'layer',
    family: 'layer',
    layer: { groupId: group.id, members: group.members.length },
    ...(problem ? { problem } : {}),
  };
}

/** React Flow's nodes and edges for a document; a collapsed layer is one node in place of its members. */
export function toFlow(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, graph: GraphView, view: ViewState = {}): { nodes: OpFlowNode[]; edges: ShapeFlowEdge[] } {
  const groupOf = new Map<string, DocGroup>();
  for (const group of doc.groups) for (const member of group.members) groupOf.set(member, group);
  const collapsed = collapsedMembers(doc);
  const problemOf = new Map<string, string>();
  for (const p of graph.problems) if (p.nodeId && !problemOf.has(p.nodeId)) problemOf.set(p.nodeId, p.suggestion ? `${p.message} — ${p.suggestion}` : p.message);

  const flowNode = (id: string, position: { x: number; y: number }, data: OpNodeData): OpFlowNode => {
    const measured = view.measured?.get(id);
    return {
      id, type: 'op', position: { x: position.x, y: position.y }, selected: view.selectedNodes?.has(id) ?? false,
      ...(measured ? { measured: { ...measured } } : {}), data,
    };
  };

  const nodes: OpFlowNode[] = [];
  for (const node of doc.nodes) {
    const layer = collapsed.get(node.id);
    if (layer) {
      // The layer is drawn once, where its first member is.
      if (layer.members[0] === node.id) nodes.push(flowNode(layer.id, node.position, layerNodeData(doc, layer, graph, problemOf)));
      continue;
    }
    const problem = problemOf.get(node.id) ?? (findOp(node.op) ? undefined : `unknown operation "${node.op}"`);
    nodes.push(flowNode(node.id, node.position, opNodeData(node, graph, problem, groupOf.get(node.id))));
  }

  const edges: ShapeFlowEdge[] = [];
  for (const edge of doc.edges) {
    const from = collapsed.get(edge.from.node);
    const to = collapsed.get(edge.to.node);
    if (from && from === to) continue; // inside a collapsed layer
    edges.push({
      id: edge.id,
      type: 'shape',
      source: from ? from.id : edge.from.node,
      sourceHandle: from ? edge.from.node : edge.from.port,
      target: to ? to.id : edge.to.node,
      targetHandle: to ? `${edge.to.node}:${edge.to.port}` : edge.to.port,
      selected: view.selectedEdges?.has(edge.id) ?? false,
      data: { label: formatShape(graph.shapes.get(edge.from.node)), port: edge.to.port },
    });
  }
  return { nodes, edges };
}

/** What the canvas drew last, so the next frame can reuse it (see updateFlow). */
export interface FlowFrame {
  doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>;
  graph: GraphView;
  view: ViewState;
  nodes: OpFlowNode[];
  edges: ShapeFlowEdge[];
}

/**
 * The next frame of React Flow's nodes and edges. When only positions moved since `previous` (a drag: same
 * inferred graph, edges, groups and view state), the previous objects are kept and only moved nodes get new
 * ones — and the edge array itself is kept, so React Flow does not rebuild its edge lookup on every pointer
 * move. Anything else is drawn afresh, keeping the objects that came out equal (memoized nodes skip rendering).
 */
export function updateFlow(previous: FlowFrame | null, doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, graph: GraphView, view: ViewState): FlowFrame {
  const p = previous;
  if (p && p.graph === graph && p.doc.edges === doc.edges && p.doc.groups === doc.groups && p.view.selectedNodes === view.selectedNodes
    && p.view.selectedEdges === view.selectedEdges && p.view.measured === view.measured && p.doc.nodes.length === doc.nodes.length) {
    const positions = new Map(doc.nodes.map((n) => [n.id, n.position]));
    const collapsed = collapsedMembers(doc);
    const nodes = p.nodes.map((n) => {
      const layer = n.data.layer ? doc.groups.find((g) => g.id === n.id) : undefined;
      const at = positions.get(layer ? layer.members[0]! : n.id);
      if (!at || (layer === undefined && collapsed.has(n.id))) return n;
      return at.x === n.position.x && at.y === n.position.y ? n : { ...n, position: { x: at.x, y: at.y } };
    });
    return { doc, graph, view, nodes, edges: p.edges };
  }
  const next = toFlow(doc, graph, view);
  return {
    doc, graph, view,
    nodes: p ? reuseUnchanged(p.nodes, next.nodes) : next.nodes,
    edges: p && p.doc.edges === doc.edges && p.graph === graph && p.doc.groups === doc.groups && p.view.selectedEdges === view.selectedEdges ? p.edges : p ? reuseUnchanged(p.edges, next.edges) : next.edges,
  };
}

/** Keep the previous object wherever nothing changed, so memoized node components skip re-rendering. */
export function reuseUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = before.get(item.id);
    return old && JSON.stringify(old) === JSON.stringify(item) ? old : item;
  });
}
