// What every change handler shares: checking the records a change brings in (with the file's own schema
// and the op registry, so an edit is refused for the same reasons a file would be), and the repairs that
// keep a document consistent after an edit (layers re-checked against their templates, trained parameters
// that no longer fit dropped).

import type { z } from 'zod';
import { buildGraph } from '../graph/build.ts';
import { suggestName } from '../graph/suggest.ts';
import { topologicalOrder } from '../graph/toposort.ts';
import { reconcileGroup } from '../layers/layers.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import { findOp, opTypes } from '../ops/registry.ts';
import { formatShape, shapesEqual } from '../tensor/tensor.ts';
import type { ChangeResult } from './changes.ts';
import { describeIssue, documentSchema } from './schema.ts';
import type { DocEdge, DocGroup, DocNode, GradflowDocument } from './types.ts';

export const ok = (doc: GradflowDocument, notes: string[] = []): ChangeResult => ({ ok: true, doc, notes });
export const refuse = (error: string): ChangeResult => ({ ok: false, error });

const schema = documentSchema.shape;
export const NODE_SCHEMA = schema.nodes.element;
export const EDGE_SCHEMA = schema.edges.element;
export const GROUP_SCHEMA = schema.groups.element;
export const TRAINING_SCHEMA = schema.training;
export const VIEW_SCHEMA = schema.view;
export const NAME_SCHEMA = schema.name;
export const DESCRIPTION_SCHEMA = schema.description;

/** The first problem the schema finds in `value`, as "<what> <path> <message>", or null. */
export function schemaProblem(check: z.ZodType, value: unknown, what: string): string | null {
  const result = check.safeParse(value, { reportInput: true });
  if (result.success) return null;
  const { path, message } = describeIssue(result.error.issues[0]!);
  return path ? `${what}: ${path} ${message}` : `${what} ${message}`;
}

/** Equal as JSON values (key order ignored): tells a change that changes nothing. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Why a node cannot be in a document (its form, its op, its attribute values), or null. */
export function nodeProblem(node: DocNode): string | null {
  const form = schemaProblem(NODE_SCHEMA, node, `node ${JSON.stringify(node.id)}`);
  if (form) return form;
  const op = findOp(node.op);
  if (!op) {
    const guess = suggestName(node.op, opTypes());
    return `node "${node.id}" has unknown operation "${node.op}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
  }
  const problem = resolveAttributes(op, node.attributes).problems[0];
  return problem ? `node "${node.id}" (${op.type}): ${problem.attribute} ${problem.message}` : null;
}

/** Why an edge cannot join these nodes (missing node, bad port, a node fed by itself), or null. */
export function edgeProblem(edge: DocEdge, nodesById: ReadonlyMap<string, DocNode>): string | null {
  const form = schemaProblem(EDGE_SCHEMA, edge, `edge ${JSON.stringify(edge.id)}`);
  if (form) return form;
  const from = nodesById.get(edge.from.node);
  const to = nodesById.get(edge.to.node);
  if (!from) return `cannot connect from "${edge.from.node}": there is no such node`;
  if (!to) return `cannot connect to "${edge.to.node}": there is no such node`;
  if (from.id === to.id) return `cannot connect "${from.id}" to itself; values must flow one way`;
  if (edge.from.port !== 'out') return `${from.op} "${from.id}" has one output, "out", not "${edge.from.port}"`;
  const op = findOp(to.op);
  if (!op) return `node "${to.id}" has unknown operation "${to.op}"`;
  if (!op.inputs.some((p) => p.name === edge.to.port)) {
    const ports = op.inputs.map((p) => p.name);
    return `${op.type} "${to.id}" has no input port "${edge.to.port}"${ports.length ? ` (ports: ${ports.join(', ')})` : ' (it takes no inputs)'}`;
  }
  return null;
}

/** A cycle through the document's edges, as a message, or null. */
export function cycleProblem(doc: Pick<GradflowDocument, 'nodes' | 'edges'>): string | null {
  const dependencies = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) dependencies.get(e.to.node)?.push(e.from.node);
  const sorted = topologicalOrder({ ids: doc.nodes.map((n) => n.id), dependencies });
  return sorted.ok ? null : `that connection would make a cycle: ${sorted.cycle.join(' → ')}; values must flow one way`;
}

/** Place each new edge: replace the edge already on its target port (one per port), else append. */
export function placeEdges(edges: readonly DocEdge[], added: readonly DocEdge[]): { edges: DocEdge[]; replaced: DocEdge[] } {
  const portOf = (e: DocEdge) => `${e.to.node}\u0000${e.to.port}`;
  const incoming = new Map(added.map((e) => [portOf(e), e]));
  const replaced: DocEdge[] = [];
  const kept = edges.map((e) => {
    const by = incoming.get(portOf(e));
    if (!by) return e;
    incoming.delete(portOf(e));
    replaced.push(e);
    return by;
  });
  return { edges: [...kept, ...incoming.values()], replaced };
}

/**
 * Why these groups cannot join the document: a bad form, an id already used by a node or group, members
 * that are missing, listed twice, or already in another group (a node sits in at most one group). Or null.
 */
export function groupsProblem(doc: GradflowDocument, added: readonly DocGroup[]): string | null {
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const taken = new Set([...nodeIds, ...doc.groups.map((g) => g.id)]);
  const owner = new Map(doc.groups.flatMap((g) => g.members.map((m) => [m, g.id] as const)));
  for (const group of added) {
    const form = schemaProblem(GROUP_SCHEMA, group, `group ${JSON.stringify(group.id)}`);
    if (form) return form;
    if (taken.has(group.id)) return `id "${group.id}" is already used in this document`;
    if (group.name.trim() === '') return `group "${group.id}" needs a name`;
    if (group.members.length === 0) return `group "${group.id}" has no members`;
    taken.add(group.id);
    for (const member of group.members) {
      if (!nodeIds.has(member)) return `group "${group.id}" lists "${member}", but there is no node with that id`;
      const other = owner.get(member);
      if (other !== undefined) {
        return other === group.id ? `group "${group.id}" lists "${member}" twice` : `"${member}" is already in group "${other}"`;
      }
      owner.set(member, group.id);
    }
  }
  return null;
}

/** Re-check the chosen groups against their layer templates; a layer edited inside becomes a plain group. */
export function reconcileGroups(doc: GradflowDocument, shouldCheck: (group: DocGroup) => boolean, notes: string[]): GradflowDocument {
  let changed = false;
  const groups = doc.groups.map((group) => {
    if (!shouldCheck(group)) return group;
    const { group: reconciled, note } = reconcileGroup(doc, group);
    if (note) notes.push(note);
    if (reconciled !== group) changed = true;
    return reconciled;
  });
  return changed ? { ...doc, groups } : doc;
}

/** Groups with a member among `ids`. */
export const touching = (ids: ReadonlySet<string>) => (group: DocGroup): boolean => group.members.some((m) => ids.has(m));

/** The document without saved parameters for these nodes (no `parameters` field when none are left). */
export function withoutParametersOf(doc: GradflowDocument, nodeIds: ReadonlySet<string>): GradflowDocument {
  return withoutParameterKeys(doc, (key) => nodeIds.has(key.slice(0, key.lastIndexOf('.'))));
}

function withoutParameterKeys(doc: GradflowDocument, drop: (key: string) => boolean): GradflowDocument {
  if (!doc.parameters) return doc;
  const entries = Object.entries(doc.parameters);
  const kept = entries.filter(([key]) => !drop(key));
  if (kept.length === entries.length) return doc;
  const { parameters: _dropped, ...rest } = doc;
  return kept.length > 0 ? { ...rest, parameters: Object.fromEntries(kept) } : rest;
}

/**
 * Drop trained parameters whose node now needs a different shape (a wider input, more neurons), with a
 * note. A parameter whose shape cannot be inferred yet (a half-wired graph) is kept: reconnecting restores it.
 */
export function pruneStaleParameters(doc: GradflowDocument, notes: string[]): GradflowDocument {
  if (!doc.parameters || Object.keys(doc.parameters).length === 0) return doc;
  const built = buildGraph(doc, { requireConnected: false });
  if (!built.ok) return doc;
  const stale = new Set<string>();
  for (const [key, saved] of Object.entries(doc.parameters)) {
    const dot = key.lastIndexOf('.');
    const node = built.graph.byId.get(key.slice(0, dot));
    const index = node ? node.op.params.findIndex((p) => p.name === key.slice(dot + 1)) : -1;
    const needed = index >= 0 ? node!.paramShapes[index] : undefined;
    if (!node || index < 0) stale.add(key);
    else if (needed && !shapesEqual(needed, saved.shape)) {
      stale.add(key);
      notes.push(`the trained ${key} (${formatShape(saved.shape)}) no longer fits ${node.op.type} "${node.id}", which now needs ${formatShape(needed)}; it was dropped`);
    }
  }
  return withoutParameterKeys(doc, (key) => stale.has(key));
}

/** The document's nodes by id. */
export const nodesById = (doc: GradflowDocument): Map<string, DocNode> => new Map(doc.nodes.map((n) => [n.id, n]));

/** The first of `ids` the index lacks, as a refusal message, or null. */
export function missingProblem(ids: Iterable<string>, index: { has(id: string): boolean }, what: string): string | null {
  for (const id of ids) if (!index.has(id)) return `there is no ${what} "${id}"`;
  return null;
}
