// Build an executable graph from a document's nodes, edges and groups: resolve op types and attributes,
// wire edges to ports, order the nodes, and infer every shape. Problems come back as data naming node ids,
// ports and both shapes — never as exceptions — so the loader, the canvas and the CLI can all show them.

import type { DocEdge, DocGroup, DocNode } from '../document/types.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import { findOp, opTypes } from '../ops/registry.ts';
import { ShapeError, type OpDefinition, type SymbolicShape } from '../ops/types.ts';
import { formatShape } from '../tensor/tensor.ts';
import { topologicalOrder } from './toposort.ts';
import type { BuildResult, Graph, GraphEdge, GraphNode, GraphProblem } from './types.ts';
import { suggestName } from './suggest.ts';

export interface GraphSource {
  nodes: readonly DocNode[];
  edges: readonly DocEdge[];
  groups?: readonly DocGroup[];
}

export interface BuildOptions {
  /** Require every input port to be connected (needed to run; an editor may hold half-wired graphs). */
  requireConnected?: boolean;
}

export function buildGraph(source: GraphSource, options: BuildOptions = {}): BuildResult {
  const problems: GraphProblem[] = [];
  const nodes = new Map<string, GraphNode>();

  for (const docNode of source.nodes) {
    const op = findOp(docNode.op);
    if (!op) {
      const guess = suggestName(docNode.op, opTypes());
      problems.push({
        kind: 'unknown-op',
        nodeId: docNode.id,
        message: `node "${docNode.id}" has unknown operation "${docNode.op}"`,
        ...(guess ? { suggestion: `did you mean "${guess}"?` } : {}),
      });
      continue;
    }
    const { attrs, problems: attributeProblems } = resolveAttributes(op, docNode.attributes);
    for (const p of attributeProblems) {
      problems.push({ kind: 'attribute', nodeId: docNode.id, attribute: p.attribute, message: `node "${docNode.id}" (${op.type}): ${p.attribute} ${p.message}` });
    }
    nodes.set(docNode.id, {
      id: docNode.id, op, attrs,
      inputEdges: new Array<GraphEdge>(op.inputs.length),
      outputEdges: [], shape: null, paramShapes: [],
    });
  }

  const edges = wireEdges(source.edges, nodes, problems);
  if (options.requireConnected !== false) reportUnconnectedPorts(nodes, problems);

  const ids = source.nodes.map((n) => n.id).filter((id) => nodes.has(id));
  const dependencies = new Map(ids.map((id) => [id, nodes.get(id)!.inputEdges.filter(Boolean).map((e) => e.from)]));
  const sorted = topologicalOrder({ ids, dependencies });
  if (!sorted.ok) {
    return {
      ok: false,
      problems: [...problems.filter((p) => p.kind !== 'unconnected-port'), {
        kind: 'cycle', nodeId: sorted.cycle[0],
        message: `the graph has a cycle: ${sorted.cycle.join(' → ')}; values must flow one way`,
        suggestion: 'remove one of the edges on that loop',
      }],
      shapes: new Map(),
    };
  }

  const ordered = sorted.order.map((id) => nodes.get(id)!);
  if (problems.some((p) => p.kind !== 'unconnected-port')) {
    // The graph cannot run, but the editor still labels every edge it can: infer around the broken nodes.
    const broken = new Set(problems.filter((p) => p.kind === 'attribute').map((p) => p.nodeId));
    inferShapes(ordered.filter((n) => !broken.has(n.id)), problems);
    return { ok: false, problems, shapes: shapesOf(ordered), paramShapes: paramShapesOf(ordered) };
  }
  inferShapes(ordered, problems);
  if (problems.length > 0) return { ok: false, problems, shapes: shapesOf(ordered), paramShapes: paramShapesOf(ordered) };

  const graph: Graph = {
    nodes: ordered,
    edges,
    byId: nodes,
    groups: (source.groups ?? []).map((g) => ({ id: g.id, kind: g.kind, name: g.name, members: [...g.members] })),
    inputs: ordered.filter((n) => n.op.role === 'input'),
    targets: ordered.filter((n) => n.op.role === 'target'),
    losses: ordered.filter((n) => n.op.role === 'loss'),
  };
  return { ok: true, graph };
}

/** The parameter shapes of every node whose inputs could be inferred (for the canvas's labels). */
function paramShapesOf(nodes: readonly GraphNode[]): Map<string, number[][]> {
  return new Map(nodes.flatMap((n) => (n.paramShapes.length > 0 ? [[n.id, n.paramShapes] as const] : [])));
}

function shapesOf(nodes: readonly GraphNode[]): Map<string, SymbolicShape> {
  return new Map(nodes.flatMap((n) => (n.shape ? [[n.id, n.shape] as const] : [])));
}

function wireEdges(docEdges: readonly DocEdge[], nodes: Map<string, GraphNode>, problems: GraphProblem[]): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const e of docEdges) {
    const from = nodes.get(e.from.node);
    const to = nodes.get(e.to.node);
    if (!from || !to) {
      // Edges touching an unknown-op node were already explained by that node's problem.
      const missing = !from ? e.from.node : e.to.node;
      if (!problemAbout(problems, missing)) {
        problems.push({ kind: 'dangling-edge', edgeId: e.id, message: `edge "${e.id}" refers to node "${missing}", which does not exist` });
      }
      continue;
    }
    if (e.from.port !== 'out') {
      problems.push({ kind: 'unknown-port', edgeId: e.id, nodeId: from.id, port: e.from.port, message: `edge "${e.id}": ${from.op.type} "${from.id}" has one output, "out", not "${e.from.port}"` });
      continue;
    }
    const portIndex = to.op.inputs.findIndex((p) => p.name === e.to.port);
    if (portIndex < 0) {
      const ports = to.op.inputs.map((p) => p.name);
      problems.push({
        kind: 'unknown-port', edgeId: e.id, nodeId: to.id, port: e.to.port,
        message: `edge "${e.id}": ${to.op.type} "${to.id}" has no input port "${e.to.port}"${ports.length ? ` (ports: ${ports.join(', ')})` : ' (it takes no inputs)'}`,
      });
      continue;
    }
    if (to.inputEdges[portIndex]) {
      problems.push({
        kind: 'duplicate-port', edgeId: e.id, nodeId: to.id, port: e.to.port,
        message: `port ${e.to.port} of "${to.id}" is fed by two edges ("${to.inputEdges[portIndex]!.id}" and "${e.id}"); a port takes one`,
        suggestion: 'add the two values with an Add node first',
      });
      continue;
    }
    const port = to.op.inputs[portIndex]!;
    const edge: GraphEdge = {
      id: e.id, from: from.id, to: to.id, port: port.name, portIndex,
      carriesGradient: from.op.role !== 'input' && from.op.role !== 'target' && !port.isTarget,
    };
    to.inputEdges[portIndex] = edge;
    from.outputEdges.push(edge);
    edges.push(edge);
  }
  return edges;
}

function problemAbout(problems: GraphProblem[], nodeId: string): boolean {
  return problems.some((p) => p.nodeId === nodeId && p.kind === 'unknown-op');
}

function reportUnconnectedPorts(nodes: Map<string, GraphNode>, problems: GraphProblem[]): void {
  for (const node of nodes.values()) {
    node.op.inputs.forEach((port, i) => {
      if (!node.inputEdges[i]) {
        problems.push({ kind: 'unconnected-port', nodeId: node.id, port: port.name, message: unconnectedMessage(node, port.name) });
      }
    });
  }
}

export const unconnectedMessage = (node: GraphNode, port: string): string =>
  `input ${port} of ${node.op.type} "${node.id}" is not connected`;

/** Walk in topological order; a node with an unconnected input gets no shape, and neither does what follows it. */
function inferShapes(ordered: GraphNode[], problems: GraphProblem[]): void {
  const shapes = new Map<string, SymbolicShape>();
  for (const node of ordered) {
    const edges = node.op.inputs.map((_, i) => node.inputEdges[i]);
    if (edges.some((e) => !e || !shapes.has(e.from))) continue;
    const inputShapes = edges.map((e) => shapes.get(e!.from)!);
    try {
      node.shape = node.op.inferShape(inputShapes, node.attrs);
      node.paramShapes = node.op.params.map((p) => p.shape(inputShapes, node.attrs));
      shapes.set(node.id, node.shape);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      problems.push(shapeProblem(node, edges as GraphEdge[], inputShapes, error));
    }
  }
}

function shapeProblem(node: GraphNode, edges: GraphEdge[], inputShapes: SymbolicShape[], error: ShapeError): GraphProblem {
  const portIndex = error.port ? node.op.inputs.findIndex((p) => p.name === error.port) : -1;
  const edge = portIndex >= 0 ? edges[portIndex] : undefined;
  const feeding = edges.map((e, i) => `${e.port} ← "${e.from}" ${formatShape(inputShapes[i]!)}`).join(', ');
  return {
    kind: 'shape',
    nodeId: node.id,
    ...(edge ? { edgeId: edge.id } : {}),
    ...(error.port ? { port: error.port } : {}),
    message: `${describe(node.op)} "${node.id}": ${error.message}${feeding ? ` (inputs: ${feeding})` : ''}`,
    ...(error.suggestion ? { suggestion: error.suggestion } : {}),
  };
}

const describe = (op: OpDefinition): string => op.type;
