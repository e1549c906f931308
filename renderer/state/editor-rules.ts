// The editor's rules that need no state: which changes a run must not see, how a collapsed layer moves, where a
// new node goes, what a save may change without being a new document. Pure; EditorController applies them.

import type { DocumentChange } from '../../core/document/changes.ts';
import type { GradflowDocument, Position } from '../../core/document/types.ts';

/** A collapsed layer is drawn at its first member: moving it moves every member by the same amount. */
export function moveLayer(doc: GradflowDocument, members: readonly string[], to: Position): Record<string, Position> {
  const first = doc.nodes.find((n) => n.id === members[0]);
  if (!first) return {};
  const dx = to.x - first.position.x;
  const dy = to.y - first.position.y;
  const moved: Record<string, Position> = {};
  for (const node of doc.nodes) if (members.includes(node.id)) moved[node.id] = { x: node.position.x + dx, y: node.position.y + dy };
  return moved;
}

export const LOCKED = 'the graph is locked while a run is going on: Stop it to change what it computes (moving nodes is fine)';

/**
 * Whether a change alters what the graph computes or trains on — the engine must reload it. Layout, names,
 * labels, grouping and collapsing do not.
 */
export function changesComputation(change: DocumentChange): boolean {
  switch (change.kind) {
    case 'move-nodes': case 'set-view': case 'set-collapsed': case 'set-label': case 'set-name': case 'set-description':
    case 'rename-group': case 'group-nodes': case 'ungroup':
      return false;
    default:
      return true;
  }
}

/** Whether two documents differ only in what training produced (saving adds those): same graph, settings, view. */
export function onlyResultsDiffer(a: GradflowDocument, b: GradflowDocument): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof GradflowDocument)[]);
  for (const key of keys) if (key !== 'parameters' && key !== 'runSummary' && a[key] !== b[key]) return false;
  return true;
}

export function keep(set: ReadonlySet<string>, present: ReadonlySet<string>): ReadonlySet<string> {
  return [...set].every((id) => present.has(id)) ? set : new Set([...set].filter((id) => present.has(id)));
}

/** Right of the rightmost node, for items added without a drop point. */
export function nextPosition(doc: GradflowDocument): Position {
  if (doc.nodes.length === 0) return { x: 0, y: 0 };
  const right = doc.nodes.reduce((a, n) => (n.position.x > a.position.x ? n : a));
  return { x: right.position.x + 220, y: right.position.y };
}
