// Change handlers for nodes and edges: add (paste, drop), remove, move, attributes, labels, connect,
// disconnect. Pure; see changes.ts for the contract.

import type { ChangeOf, ChangeResult } from './changes.ts';
import {
  cycleProblem, edgeProblem, groupsProblem, missingProblem, nodeProblem, nodesById, ok, placeEdges, pruneStaleParameters,
  reconcileGroups, refuse, sameValue, schemaProblem, touching, withoutParametersOf, NAME_SCHEMA,
} from './changes-checks.ts';
import type { AttributeValue, DocEdge, DocGroup, GradflowDocument } from './types.ts';

/** The first id that occurs twice, if any. */
function firstDuplicate(ids: Iterable<string>): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

/** Both ends of each edge: the nodes whose layer a change of these edges may break. */
const edgeEnds = (edges: readonly DocEdge[]): string[] => edges.flatMap((e) => [e.from.node, e.to.node]);

export function addNodes(doc: GradflowDocument, change: ChangeOf<'add-nodes'>): ChangeResult {
  const addedEdges = change.edges ?? [];
  const addedGroups = change.groups ?? [];
  if (change.nodes.length === 0 && addedEdges.length === 0 && addedGroups.length === 0) return ok(doc);
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)]);
  for (const node of change.nodes) {
    if (taken.has(node.id)) return refuse(`id "${node.id}" is already used in this document`);
    const problem = nodeProblem(node);
    if (problem) return refuse(problem);
    taken.add(node.id);
  }
  const nodes = change.nodes.length > 0 ? [...doc.nodes, ...change.nodes] : doc.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const edge of addedEdges) {
    const problem = edgeProblem(edge, byId);
    if (problem) return refuse(problem);
  }
  const doubled = firstDuplicate(addedEdges.map((e) => `${e.to.node}\u0000${e.to.port}`));
  if (doubled) {
    const [node, port] = doubled.split('\u0000');
    return refuse(`port ${port} of "${node}" would be fed by two of the added edges; a port takes one`);
  }
  const { edges, replaced } = addedEdges.length > 0 ? placeEdges(doc.edges, addedEdges) : { edges: doc.edges, replaced: [] };
  const duplicateEdge = firstDuplicate(edges.map((e) => e.id));
  if (duplicateEdge) return refuse(`edge id "${duplicateEdge}" is already used in this document`);
  let next: GradflowDocument = { ...doc, nodes, edges };
  const cycle = addedEdges.length > 0 ? cycleProblem(next) : null;
  if (cycle) return refuse(cycle);
  const groupProblem = groupsProblem(next, addedGroups);
  if (groupProblem) return refuse(groupProblem);
  if (addedGroups.length > 0) next = { ...next, groups: [...doc.groups, ...addedGroups] };

  const notes: string[] = [];
  const newGroups = new Set(addedGroups.map((g: DocGroup) => g.id));
  const touched = touching(new Set(edgeEnds([...addedEdges, ...replaced])));
  next = reconcileGroups(next, (g) => newGroups.has(g.id) || touched(g), notes);
  next = pruneStaleParameters(next, notes);
  return ok(next, notes);
}

export function removeNodes(doc: GradflowDocument, change: ChangeOf<'remove-nodes'>): ChangeResult {
  const edgeIds = new Set(change.edges ?? []);
  const missing = missingProblem(change.ids, nodesById(doc), 'node') ?? missingProblem(edgeIds, new Set(doc.edges.map((e) => e.id)), 'edge');
  if (missing) return refuse(missing);
  if (change.ids.length === 0 && edgeIds.size === 0) return ok(doc);
  const ids = new Set(change.ids);
  const cut = doc.edges.filter((e) => edgeIds.has(e.id) && !ids.has(e.from.node) && !ids.has(e.to.node));
  const edges = doc.edges.filter((e) => !edgeIds.has(e.id) && !ids.has(e.from.node) && !ids.has(e.to.node));
  const trimmed = new Set<string>();
  const groups = doc.groups.flatMap((group) => {
    if (!group.members.some((m) => ids.has(m))) return [group];
    trimmed.add(group.id);
    const members = group.members.filter((m) => !ids.has(m));
    return members.length > 0 ? [{ ...group, members }] : [];
  });
  let next: GradflowDocument = {
    ...doc,
    nodes: ids.size > 0 ? doc.nodes.filter((n) => !ids.has(n.id)) : doc.nodes,
    edges: edges.length === doc.edges.length ? doc.edges : edges,
    groups: trimmed.size > 0 ? groups : doc.groups,
  };
  next = withoutParametersOf(next, ids);
  const notes: string[] = [];
  const severed = touching(new Set(edgeEnds(cut)));
  next = reconcileGroups(next, (g) => trimmed.has(g.id) || severed(g), notes);
  return ok(next, notes);
}

export function moveNodes(doc: GradflowDocument, change: ChangeOf<'move-nodes'>): ChangeResult {
  const moves = new Map(Object.entries(change.positions));
  const missing = missingProblem(moves.keys(), nodesById(doc), 'node');
  if (missing) return refuse(missing);
  for (const [id, { x, y }] of moves) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return refuse(`cannot move "${id}" to (${x}, ${y}): a position needs two finite numbers`);
  }
  let changed = false;
  const nodes = doc.nodes.map((node) => {
    const to = moves.get(node.id);
    if (!to || (to.x === node.position.x && to.y === node.position.y)) return node;
    changed = true;
    return { ...node, position: { x: to.x, y: to.y } };
  });
  return ok(changed ? { ...doc, nodes } : doc);
}

export function setAttributes(doc: GradflowDocument, change: ChangeOf<'set-attributes'>): ChangeResult {
  const node = doc.nodes.find((n) => n.id === change.node);
  if (!node) return refuse(`there is no node "${change.node}"`);
  // A Map, then fromEntries: own properties only, whatever the keys are called ("__proto__" included).
  const merged = new Map<string, AttributeValue>(Object.entries(node.attributes));
  for (const [name, value] of Object.entries(change.attributes)) {
    if (value === null || value === undefined) merged.delete(name);
    else merged.set(name, value);
  }
  const attributes = Object.fromEntries(merged);
  if (sameValue(attributes, node.attributes)) return ok(doc);
  const updated = { ...node, attributes };
  const problem = nodeProblem(updated);
  if (problem) return refuse(problem);
  const notes: string[] = [];
  let next: GradflowDocument = { ...doc, nodes: doc.nodes.map((n) => (n === node ? updated : n)) };
  next = reconcileGroups(next, touching(new Set([node.id])), notes);
  next = pruneStaleParameters(next, notes);
  return ok(next, notes);
}

export function setLabel(doc: GradflowDocument, change: ChangeOf<'set-label'>): ChangeResult {
  const node = doc.nodes.find((n) => n.id === change.node);
  if (!node) return refuse(`there is no node "${change.node}"`);
  const label = change.label === '' ? undefined : change.label;
  if (label === node.label) return ok(doc);
  if (label !== undefined) {
    const problem = schemaProblem(NAME_SCHEMA, label, `the label of "${node.id}"`);
    if (problem) return refuse(problem);
  }
  const { label: _old, ...rest } = node;
  const updated = label === undefined ? rest : { ...rest, label };
  return ok({ ...doc, nodes: doc.nodes.map((n) => (n === node ? updated : n)) });
}

export function addEdge(doc: GradflowDocument, change: ChangeOf<'add-edge'>): ChangeResult {
  const edge = change.edge;
  const problem = edgeProblem(edge, nodesById(doc));
  if (problem) return refuse(problem);
  const existing = doc.edges.find((e) => e.to.node === edge.to.node && e.to.port === edge.to.port);
  if (existing && sameValue(existing, edge)) return ok(doc);
  if (doc.edges.some((e) => e.id === edge.id && e !== existing)) return refuse(`edge id "${edge.id}" is already used in this document`);
  const { edges, replaced } = placeEdges(doc.edges, [edge]);
  let next: GradflowDocument = { ...doc, edges };
  const cycle = cycleProblem(next);
  if (cycle) return refuse(cycle);
  const notes: string[] = [];
  next = reconcileGroups(next, touching(new Set(edgeEnds([edge, ...replaced]))), notes);
  next = pruneStaleParameters(next, notes);
  return ok(next, notes);
}

export function removeEdges(doc: GradflowDocument, change: ChangeOf<'remove-edges'>): ChangeResult {
  const missing = missingProblem(change.ids, new Set(doc.edges.map((e) => e.id)), 'edge');
  if (missing) return refuse(missing);
  if (change.ids.length === 0) return ok(doc);
  const ids = new Set(change.ids);
  const removed = doc.edges.filter((e) => ids.has(e.id));
  const notes: string[] = [];
  const next = reconcileGroups({ ...doc, edges: doc.edges.filter((e) => !ids.has(e.id)) }, touching(new Set(edgeEnds(removed))), notes);
  return ok(next, notes);
}
