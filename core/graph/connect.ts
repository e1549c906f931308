// May this edge be drawn? The editor asks while the user drags a connection, so an illegal one is refused
// before it exists — with the reason (both nodes, both shapes) and a fix where one is obvious (DESIGN.md §7).

import type { DocEdge, GradflowDocument } from '../document/types.ts';
import { findOp } from '../ops/registry.ts';
import type { SymbolicShape } from '../ops/types.ts';
import { formatShape } from '../tensor/tensor.ts';
import { buildGraph } from './build.ts';

export type ConnectionCheck =
  | { ok: true; shape: SymbolicShape | null; replaces?: string }
  | { ok: false; reason: string; suggestion?: string };

const nameOf = (doc: Pick<GradflowDocument, 'nodes'>, id: string): string => {
  const node = doc.nodes.find((n) => n.id === id);
  return node?.label ? `"${node.label}"` : `"${id}"`;
};

/** Whether `target` can reach `source` by following edges forward (then source → target would close a loop). */
function reaches(edges: readonly DocEdge[], start: string, goal: string): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from.node);
    if (list) list.push(e.to.node);
    else next.set(e.from.node, [e.to.node]);
  }
  const cameFrom = new Map<string, string>([[start, start]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    if (id === goal) {
      const path = [goal];
      while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
      return path;
    }
    for (const n of next.get(id) ?? []) {
      if (!cameFrom.has(n)) {
        cameFrom.set(n, id);
        queue.push(n);
      }
    }
  }
  return null;
}

/** Check a connection from `sourceId`'s output to `targetId`'s input `port`, as the editor would draw it. */
export function checkConnection(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, sourceId: string, targetId: string, port: string): ConnectionCheck {
  const source = doc.nodes.find((n) => n.id === sourceId);
  const target = doc.nodes.find((n) => n.id === targetId);
  if (!source || !target) return { ok: false, reason: `there is no node ${!source ? `"${sourceId}"` : `"${targetId}"`}` };
  if (sourceId === targetId) return { ok: false, reason: `${nameOf(doc, sourceId)} cannot feed itself` };
  const targetOp = findOp(target.op);
  if (!targetOp) return { ok: false, reason: `${nameOf(doc, targetId)} has an unknown operation "${target.op}"` };
  const portSpec = targetOp.inputs.find((p) => p.name === port);
  if (!portSpec) {
    const ports = targetOp.inputs.map((p) => p.name).join(', ');
    return { ok: false, reason: `${target.op} ${nameOf(doc, targetId)} has no input "${port}"${ports ? ` (it has ${ports})` : ' (it takes no inputs)'}` };
  }

  const loop = reaches(doc.edges, targetId, sourceId);
  if (loop) {
    const names = [...loop, targetId].map((id) => nameOf(doc, id)).join(' → ');
    return {
      ok: false,
      reason: `connecting ${nameOf(doc, sourceId)} to ${nameOf(doc, targetId)} would make a cycle (${names}); values must flow one way`,
    };
  }

  const existing = doc.edges.find((e) => e.to.node === targetId && e.to.port === port);
  const tentative: DocEdge = { id: '\u0000tentative', from: { node: sourceId, port: 'out' }, to: { node: targetId, port } };
  const edges = [...doc.edges.filter((e) => e !== existing), tentative];
  const built = buildGraph({ nodes: doc.nodes, edges, groups: doc.groups }, { requireConnected: false });
  if (!built.ok) {
    // Problems the graph already had are not this edge's fault; only ones at the target node are.
    const problem = built.problems.find((p) => p.kind === 'shape' && p.nodeId === targetId);
    if (problem) return { ok: false, reason: problem.message, ...(problem.suggestion ? { suggestion: problem.suggestion } : {}) };
    return { ok: true, shape: null, ...(existing ? { replaces: existing.id } : {}) };
  }
  const shape = built.graph.byId.get(sourceId)?.shape ?? null;
  return { ok: true, shape, ...(existing ? { replaces: existing.id } : {}) };
}

/** "(N, 784)" for a connection's shape label, or "?" while the source's inputs are not connected. */
export const connectionLabel = (check: ConnectionCheck): string => (check.ok && check.shape ? formatShape(check.shape) : '?');

/** `start` and every node reachable from it following edges downstream, or upstream against them. */
function closure(edges: readonly DocEdge[], start: string, direction: 'up' | 'down'): Set<string> {
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    const [from, to] = direction === 'down' ? [e.from.node, e.to.node] : [e.to.node, e.from.node];
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  }
  const seen = new Set([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const n of neighbours.get(queue[head]!) ?? []) if (!seen.has(n)) { seen.add(n); queue.push(n); }
  }
  return seen;
}

/** Above this many nodes, highlighting checks cycles only (a full check per port would cost O(nodes²)). */
export const FULL_CHECK_LIMIT = 80;

/**
 * Every input port `sourceId`'s output may connect to, by node id: what the canvas highlights while a
 * connection is dragged. Nodes upstream of the source are out (a cycle); on graphs up to FULL_CHECK_LIMIT
 * nodes each remaining port is also shape-checked, so a highlighted port is one the drop will accept.
 */
export function connectablePorts(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, sourceId: string): Map<string, Set<string>> {
  // Ancestors of the source (and the source itself) would close a loop.
  const upstream = closure(doc.edges, sourceId, 'up');
  const full = doc.nodes.length <= FULL_CHECK_LIMIT;
  const result = new Map<string, Set<string>>();
  for (const node of doc.nodes) {
    if (upstream.has(node.id)) continue;
    const ports = (findOp(node.op)?.inputs ?? []).map((p) => p.name).filter((port) => !full || checkConnection(doc, sourceId, node.id, port).ok);
    if (ports.length > 0) result.set(node.id, new Set(ports));
  }
  return result;
}

/**
 * Every node whose output may feed `targetId`'s input `port`: the inspector's keyboard way to wire a port.
 * Nodes downstream of the target are out (a cycle); up to FULL_CHECK_LIMIT nodes each is also shape-checked.
 */
export function connectableSources(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, targetId: string, port: string): string[] {
  const downstream = closure(doc.edges, targetId, 'down');
  const full = doc.nodes.length <= FULL_CHECK_LIMIT;
  return doc.nodes.filter((n) => !downstream.has(n.id) && (!full || checkConnection(doc, n.id, targetId, port).ok)).map((n) => n.id);
}
