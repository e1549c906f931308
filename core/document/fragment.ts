// Copy, cut, paste and duplicate as data: a selection becomes a small `.gradflow` document (so it travels on
// the system clipboard between windows and apps as plain JSON), and pasting one gives the nodes, edges and
// groups to add — renamed where their ids are taken, and moved so they do not land on the originals. Pure.

import { CURRENT_VERSION, FORMAT_NAME, type DocEdge, type DocGroup, type DocNode, type GradflowDocument, type Position } from './types.ts';

/**
 * The selected nodes, the edges between them, and the groups whose members are all selected. A collapsed
 * group's id in `ids` stands for all its members. Trained parameters stay behind: pasted nodes start fresh.
 */
export function extractFragment(doc: GradflowDocument, ids: Iterable<string>): GradflowDocument {
  const wanted = new Set<string>();
  for (const id of ids) {
    const group = doc.groups.find((g) => g.id === id);
    if (group) for (const m of group.members) wanted.add(m);
    else wanted.add(id);
  }
  const nodes = doc.nodes.filter((n) => wanted.has(n.id));
  const kept = new Set(nodes.map((n) => n.id));
  return {
    format: FORMAT_NAME,
    version: CURRENT_VERSION,
    name: doc.name ? `${doc.name} (selection)` : 'selection',
    nodes,
    edges: doc.edges.filter((e) => kept.has(e.from.node) && kept.has(e.to.node)),
    groups: doc.groups.filter((g) => g.members.length > 0 && g.members.every((m) => kept.has(m))),
    training: {},
  };
}

export interface PlacedFragment {
  nodes: DocNode[];
  edges: DocEdge[];
  groups: DocGroup[];
  /** Old id → new id, for every node and group of the fragment (to select what was pasted). */
  renamed: Map<string, string>;
}

/** "x->w.X", or "x->w.X~2", "~3"… when that id is taken: how every new edge is named. */
export function freshEdgeId(taken: ReadonlySet<string>, source: string, target: string, port: string): string {
  const stem = `${source}->${target}.${port}`;
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}~${i}`)) return `${stem}~${i}`;
}

/** `stem` plus the first counter that makes it free: "weightmultiply" → "weightmultiply3". */
function freeId(taken: Set<string>, stem: string): string {
  const base = stem.replace(/\d+$/, '') || 'node';
  for (let i = 1; ; i++) {
    const id = `${base}${i}`;
    if (!taken.has(id) && ![...taken].some((t) => t.startsWith(`${id}_`))) return id;
  }
}

/**
 * The fragment's contents, ready for an `add-nodes` change: ids taken in `doc` are renamed (a layer's members
 * keep their `<layer>_<role>` pattern under the layer's new id), edge ids follow, positions move by `offset`.
 */
export function placeFragment(doc: GradflowDocument, fragment: GradflowDocument, offset: Position): PlacedFragment {
  const taken = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id), ...doc.edges.map((e) => e.id)]);
  const renamed = new Map<string, string>();
  const claim = (oldId: string, id: string): string => {
    renamed.set(oldId, id);
    taken.add(id);
    return id;
  };
  // Groups first, so their members can follow their new names.
  for (const group of fragment.groups) claim(group.id, taken.has(group.id) ? freeId(taken, group.id) : group.id);
  for (const node of fragment.nodes) {
    if (!taken.has(node.id)) { claim(node.id, node.id); continue; }
    const group = fragment.groups.find((g) => g.members.includes(node.id));
    const newGroup = group ? renamed.get(group.id) : undefined;
    const memberId = group && newGroup && node.id.startsWith(`${group.id}_`) ? `${newGroup}${node.id.slice(group.id.length)}` : undefined;
    claim(node.id, memberId && !taken.has(memberId) ? memberId : freeId(taken, node.op.toLowerCase().replace(/[^a-z0-9]+/g, '')));
  }
  const to = (id: string): string => renamed.get(id) ?? id;
  const nodes = fragment.nodes.map((n): DocNode => ({ ...n, id: to(n.id), position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }));
  const edges = fragment.edges.map((e): DocEdge => {
    const from = { node: to(e.from.node), port: e.from.port };
    const dest = { node: to(e.to.node), port: e.to.port };
    const id = freshEdgeId(taken, from.node, dest.node, dest.port);
    taken.add(id);
    return { id, from, to: dest };
  });
  const groups = fragment.groups.map((g): DocGroup => ({ ...g, id: to(g.id), members: g.members.map(to) }));
  return { nodes, edges, groups, renamed };
}

/** Where a pasted fragment goes: its top-left corner at `at`, or `step` right of and below where it was. */
export function pasteOffset(fragment: Pick<GradflowDocument, 'nodes'>, at?: Position, step = 40): Position {
  if (fragment.nodes.length === 0) return { x: 0, y: 0 };
  if (!at) return { x: step, y: step };
  const left = Math.min(...fragment.nodes.map((n) => n.position.x));
  const top = Math.min(...fragment.nodes.map((n) => n.position.y));
  return { x: at.x - left, y: at.y - top };
}
