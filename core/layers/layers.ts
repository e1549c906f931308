// Layers as groups (DESIGN.md §4): pure functions from document to document.
//
// A layer is a group record {kind, attributes, members, collapsed}; its parameters live on its member ops.
// Collapsed, the canvas shows one node; expanded, the members. When the members stop matching the
// template of the layer's kind (the user edited inside it), the group becomes a plain named "Group" and
// says why.

import type { Attributes, DocEdge, DocGroup, DocNode, GradflowDocument, Position } from '../document/types.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import { findOp } from '../ops/registry.ts';
import type { ResolvedAttributes } from '../ops/types.ts';
import { LAYER_TEMPLATES, findLayerTemplate, type LayerTemplate } from './templates.ts';

const MEMBER_SPACING = 180;

export interface ExpandedLayer {
  nodes: DocNode[];
  /** The edges chaining the members, first to last. */
  edges: DocEdge[];
  group: DocGroup;
}

function resolveLayerAttributes(template: LayerTemplate, given: Attributes): ResolvedAttributes {
  const { attrs, problems } = resolveAttributes({ type: template.kind, attributes: template.attributes }, given);
  if (problems.length > 0) {
    throw new RangeError(`${template.kind} layer: ${problems.map((p) => `${p.attribute} ${p.message}`).join('; ')}`);
  }
  return attrs;
}

/** Create a layer's member nodes (ids `<id>_<role>`), the edges between them and its group record. */
export function expandLayer(kind: string, id: string, attributes: Attributes, position: Position = { x: 0, y: 0 }): ExpandedLayer {
  const template = findLayerTemplate(kind);
  if (!template) throw new RangeError(`unknown layer kind "${kind}"`);
  const attrs = resolveLayerAttributes(template, attributes);
  const nodes: DocNode[] = template.members(attrs).map((m, i) => ({
    id: `${id}_${m.role}`,
    op: m.op,
    attributes: m.attributes,
    position: { x: position.x + i * MEMBER_SPACING, y: position.y },
  }));
  const edges: DocEdge[] = nodes.slice(1).map((node, i) => ({
    id: `${nodes[i]!.id}->${node.id}`,
    from: { node: nodes[i]!.id, port: 'out' },
    to: { node: node.id, port: 'X' },
  }));
  const group: DocGroup = {
    id, kind: template.kind, name: `${template.kind} ${id}`, attributes: { ...attributes },
    members: nodes.map((n) => n.id), collapsed: true,
  };
  return { nodes, edges, group };
}

/** Why the group's members no longer match its kind's template, or null when they do. */
export function layerMismatch(doc: Pick<GradflowDocument, 'nodes' | 'edges'>, group: DocGroup): string | null {
  const template = findLayerTemplate(group.kind);
  if (!template) return null;
  let attrs: ResolvedAttributes;
  try {
    attrs = resolveLayerAttributes(template, group.attributes);
  } catch (error) {
    return (error as Error).message;
  }
  const expected = template.members(attrs);
  if (group.members.length !== expected.length) {
    return `a ${group.kind} layer with these settings has ${expected.length} operations, this one has ${group.members.length}`;
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const links = new Set(doc.edges.map((e) => `${e.from.node}\u0000${e.to.node}`));
  for (let i = 0; i < expected.length; i++) {
    const member = byId.get(group.members[i]!);
    const want = expected[i]!;
    if (!member) return `member "${group.members[i]}" is missing`;
    if (member.op !== want.op) return `operation ${i + 1} is ${member.op}, a ${group.kind} layer needs ${want.op} there`;
    // A missing attribute means the op's default, which must match the layer's setting too.
    const op = findOp(member.op);
    const actual = op ? resolveAttributes(op, member.attributes).attrs : member.attributes;
    for (const [name, value] of Object.entries(want.attributes)) {
      if (JSON.stringify(actual[name]) !== JSON.stringify(value)) {
        return `${member.op} "${member.id}" has ${name} = ${JSON.stringify(actual[name])}, the layer says ${JSON.stringify(value)}`;
      }
    }
    if (i > 0) {
      if (!links.has(`${group.members[i - 1]}\u0000${member.id}`)) return `"${group.members[i - 1]}" no longer feeds "${member.id}"`;
    }
  }
  return null;
}

/** Keep a layer a layer while it matches its template; otherwise turn it into a plain named group. */
export function reconcileGroup(doc: Pick<GradflowDocument, 'nodes' | 'edges'>, group: DocGroup): { group: DocGroup; note?: string } {
  const mismatch = group.kind === 'Group' ? null : layerMismatch(doc, group);
  if (!mismatch) return { group };
  return {
    group: { ...group, kind: 'Group', attributes: {} },
    note: `"${group.name}" is no longer a ${group.kind} layer (${mismatch}); it is kept as a plain group`,
  };
}

/** Add a new layer to a document, its members laid out left to right from `position`. */
export function addLayer(doc: GradflowDocument, kind: string, id: string, attributes: Attributes, position?: Position): GradflowDocument {
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)]);
  const layer = expandLayer(kind, id, attributes, position);
  const clash = [layer.group.id, ...layer.nodes.map((n) => n.id)].find((x) => taken.has(x));
  if (clash) throw new RangeError(`id "${clash}" is already used in this document`);
  return { ...doc, nodes: [...doc.nodes, ...layer.nodes], edges: [...doc.edges, ...layer.edges], groups: [...doc.groups, layer.group] };
}

/**
 * Change a layer's settings: regenerate its members from the template, keep every edge that came into the
 * first member or left the last one (re-attached to the new first and last), and drop the old members.
 */
export function setLayerAttributes(doc: GradflowDocument, groupId: string, attributes: Attributes): GradflowDocument {
  const group = doc.groups.find((g) => g.id === groupId);
  if (!group) throw new RangeError(`no group "${groupId}"`);
  const oldMembers = new Set(group.members);
  const first = group.members[0];
  const last = group.members[group.members.length - 1];
  const origin = doc.nodes.find((n) => n.id === first)?.position;
  const layer = expandLayer(group.kind, group.id, { ...group.attributes, ...attributes }, origin);
  const newFirst = layer.nodes[0]!.id;
  const newLast = layer.nodes[layer.nodes.length - 1]!.id;
  // Edges from outside into the first member, or out of the last, are re-attached; edges that touched a
  // middle member from outside cannot survive a regeneration and are dropped with it.
  const outside = doc.edges
    .filter((e) => !(oldMembers.has(e.from.node) && oldMembers.has(e.to.node)))
    .filter((e) => (!oldMembers.has(e.from.node) || e.from.node === last) && (!oldMembers.has(e.to.node) || e.to.node === first))
    .map((e) => ({
      ...e,
      from: e.from.node === last ? { ...e.from, node: newLast } : e.from,
      to: e.to.node === first ? { ...e.to, node: newFirst } : e.to,
    }));
  return {
    ...doc,
    nodes: [...doc.nodes.filter((n) => !oldMembers.has(n.id)), ...layer.nodes],
    edges: [...outside, ...layer.edges],
    groups: doc.groups.map((g) => (g.id === groupId ? { ...layer.group, name: g.name, collapsed: g.collapsed } : g)),
    parameters: withoutParametersOf(doc.parameters, oldMembers),
  };
}

/** Saved parameters minus those of removed nodes (regenerated members are initialised afresh). */
function withoutParametersOf(parameters: GradflowDocument['parameters'], removed: ReadonlySet<string>): GradflowDocument['parameters'] {
  if (!parameters) return parameters;
  return Object.fromEntries(Object.entries(parameters).filter(([key]) => !removed.has(key.slice(0, key.lastIndexOf('.')))));
}

/**
 * Collapse a layer to one node on the canvas, or expand it into its operations — in place: expanding pushes
 * the nodes to the right of the layer aside by the room its members need, collapsing pulls them back, so the
 * graph neither overlaps nor leaves a gap (as a frame in a node editor opens and closes).
 */
export function setCollapsed(doc: GradflowDocument, groupId: string, collapsed: boolean): GradflowDocument {
  const group = doc.groups.find((g) => g.id === groupId);
  const groups = doc.groups.map((g) => (g.id === groupId ? { ...g, collapsed } : g));
  if (!group || group.collapsed === collapsed) return { ...doc, groups };
  const members = new Set(group.members);
  const positions = doc.nodes.filter((n) => members.has(n.id)).map((n) => n.position.x);
  const first = doc.nodes.find((n) => n.id === group.members[0])?.position.x;
  if (first === undefined || positions.length === 0) return { ...doc, groups };
  const last = Math.max(...positions);
  // The room the members take beyond the one box the collapsed layer is.
  const room = last - first;
  if (room <= 0) return { ...doc, groups };
  const shifted = (x: number): boolean => (collapsed ? x > last : x >= first + MEMBER_SPACING);
  const nodes = doc.nodes.map((n) => (!members.has(n.id) && shifted(n.position.x)
    ? { ...n, position: { x: n.position.x + (collapsed ? -room : room), y: n.position.y } } : n));
  return { ...doc, nodes, groups };
}

/** Group selected nodes under a name; if they match a layer template in order they become that layer. */
export function groupNodes(doc: GradflowDocument, id: string, name: string, memberIds: string[]): GradflowDocument {
  const members = memberIds.map((m) => doc.nodes.find((n) => n.id === m)).filter((n) => n !== undefined);
  let group: DocGroup = { id, kind: 'Group', name, attributes: {}, members: memberIds, collapsed: false };
  for (const template of LAYER_TEMPLATES) {
    const settings = template.settingsFrom(members);
    const asLayer: DocGroup = { ...group, kind: template.kind, attributes: settings ?? {} };
    if (settings && layerMismatch(doc, asLayer) === null) {
      group = asLayer;
      break;
    }
  }
  return { ...doc, groups: [...doc.groups, group] };
}

/** Remove a group record; its member operations stay where they are. */
export function ungroup(doc: GradflowDocument, groupId: string): GradflowDocument {
  return { ...doc, groups: doc.groups.filter((g) => g.id !== groupId) };
}
