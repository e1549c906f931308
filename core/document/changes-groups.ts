// Change handlers for layers and groups. The layer logic itself is core/layers/layers.ts (pure functions that
// throw RangeError on bad settings); these check what those leave to the caller — unknown groups, ids
// already taken, a node in two groups — and turn the rest into refusals.

import { addLayer, groupNodes, setCollapsed, setLayerAttributes, ungroup } from '../layers/layers.ts';
import { findLayerTemplate } from '../layers/templates.ts';
import { resolveAttributes } from '../ops/attributes.ts';
import type { ChangeOf, ChangeResult } from './changes.ts';
import { groupsProblem, nodeProblem, ok, pruneStaleParameters, refuse, sameValue, schemaProblem, NAME_SCHEMA } from './changes-checks.ts';
import type { DocGroup, GradflowDocument } from './types.ts';

const noGroup = (id: string): ChangeResult => refuse(`there is no group "${id}"`);

export function addLayerChange(doc: GradflowDocument, change: ChangeOf<'add-layer'>): ChangeResult {
  if (change.id.trim() === '') return refuse('a layer needs an id');
  const at = change.position;
  if (at && (!Number.isFinite(at.x) || !Number.isFinite(at.y))) return refuse(`cannot place a layer at (${at.x}, ${at.y}): a position needs two finite numbers`);
  const next = addLayer(doc, change.layer, change.id, change.attributes, at);
  // The members' ids are derived from the layer's; a too-long id shows up here.
  for (const node of next.nodes.slice(doc.nodes.length)) {
    const problem = nodeProblem(node);
    if (problem) return refuse(problem);
  }
  return ok(next);
}

export function setLayerAttributesChange(doc: GradflowDocument, change: ChangeOf<'set-layer-attributes'>): ChangeResult {
  const group = doc.groups.find((g) => g.id === change.group);
  if (!group) return noGroup(change.group);
  const template = findLayerTemplate(group.kind);
  if (!template) return refuse(`"${group.name}" is a plain group, not a layer; it has no layer settings`);
  const owner = { type: template.kind, attributes: template.attributes };
  const before = resolveAttributes(owner, group.attributes).attrs;
  const after = resolveAttributes(owner, { ...group.attributes, ...change.attributes });
  const problem = after.problems[0];
  if (problem) return refuse(`${template.kind} layer: ${problem.attribute} ${problem.message}`);
  // Regenerating the members would drop their trained parameters for nothing.
  if (sameValue(before, after.attrs)) return ok(doc);

  const oldMembers = new Set(group.members);
  const regenerated = setLayerAttributes(doc, group.id, change.attributes);
  const { parameters, ...rest } = regenerated;
  let next: GradflowDocument = parameters === undefined ? rest : regenerated;
  const taken = new Set([...doc.nodes.filter((n) => !oldMembers.has(n.id)).map((n) => n.id), ...doc.groups.map((g) => g.id)]);
  const clash = next.groups.find((g) => g.id === group.id)!.members.find((id) => taken.has(id));
  if (clash) return refuse(`these settings need a node "${clash}", but that id is already used in this document`);

  const notes: string[] = [];
  const lostParameters = Object.keys(doc.parameters ?? {}).length - Object.keys(next.parameters ?? {}).length;
  if (lostParameters > 0) notes.push(`"${group.name}" was rebuilt with new settings; its trained parameters were dropped`);
  const first = group.members[0];
  const last = group.members[group.members.length - 1];
  const cut = doc.edges.filter((e) => oldMembers.has(e.from.node) !== oldMembers.has(e.to.node))
    .filter((e) => (oldMembers.has(e.to.node) && e.to.node !== first) || (oldMembers.has(e.from.node) && e.from.node !== last));
  if (cut.length > 0) {
    notes.push(`${cut.length === 1 ? 'a connection' : `${cut.length} connections`} to the inside of "${group.name}" ${cut.length === 1 ? 'was' : 'were'} removed: ${cut.map((e) => `"${e.id}"`).join(', ')}`);
  }
  next = pruneStaleParameters(next, notes);
  return ok(next, notes);
}

export function setCollapsedChange(doc: GradflowDocument, change: ChangeOf<'set-collapsed'>): ChangeResult {
  const group = doc.groups.find((g) => g.id === change.group);
  if (!group) return noGroup(change.group);
  return ok(group.collapsed === change.collapsed ? doc : setCollapsed(doc, group.id, change.collapsed));
}

export function groupNodesChange(doc: GradflowDocument, change: ChangeOf<'group-nodes'>): ChangeResult {
  const members = [...change.members];
  const candidate: DocGroup = { id: change.id, kind: 'Group', name: change.name, attributes: {}, members, collapsed: false };
  const problem = groupsProblem(doc, [candidate]);
  if (problem) return refuse(problem);
  return ok(groupNodes(doc, change.id, change.name, members));
}

export function ungroupChange(doc: GradflowDocument, change: ChangeOf<'ungroup'>): ChangeResult {
  if (!doc.groups.some((g) => g.id === change.group)) return noGroup(change.group);
  return ok(ungroup(doc, change.group));
}

export function renameGroup(doc: GradflowDocument, change: ChangeOf<'rename-group'>): ChangeResult {
  const group = doc.groups.find((g) => g.id === change.group);
  if (!group) return noGroup(change.group);
  if (change.name.trim() === '') return refuse(`group "${group.id}" needs a name`);
  const problem = schemaProblem(NAME_SCHEMA, change.name, `the name of "${group.id}"`);
  if (problem) return refuse(problem);
  if (change.name === group.name) return ok(doc);
  return ok({ ...doc, groups: doc.groups.map((g) => (g === group ? { ...g, name: change.name } : g)) });
}
