// Which canvas node stands for an engine node. The engine names Operations (the document's node ids); the
// canvas draws a collapsed layer as one node in place of its members, so a step, a health finding or a NaN in
// a member shows on (and focuses) the layer node. Pure.

import type { DocGroup, GradflowDocument } from '../../core/document/types.ts';

export type CanvasIdOf = (nodeId: string) => string;

const indexCache = new WeakMap<readonly DocGroup[], CanvasIdOf>();

/**
 * The canvas node id for a node id: a member of a collapsed layer → the layer; a collapsed layer's own id →
 * itself; an expanded group's id (a finding about a whole layer) → its last member, where its output leaves;
 * anything else → itself. Memoized per groups array (the document keeps it while only positions change).
 */
export function canvasIdOf(groups: readonly DocGroup[]): CanvasIdOf {
  let index = indexCache.get(groups);
  if (index) return index;
  const map = new Map<string, string>();
  for (const group of groups) {
    if (group.members.length === 0) continue;
    if (group.collapsed) {
      for (const member of group.members) map.set(member, group.id);
    } else if (!map.has(group.id)) {
      map.set(group.id, group.members.at(-1)!);
    }
  }
  index = (nodeId) => map.get(nodeId) ?? nodeId;
  indexCache.set(groups, index);
  return index;
}

/**
 * How a message names a node for a person: its label (or id), its op, and the layer it is in, e.g.
 * `"S = σ(N)" (Sigmoid S)` or `dense2_act (Sigmoid, in layer dense2)`.
 */
export function describeNode(doc: Pick<GradflowDocument, 'nodes' | 'groups'> | undefined, nodeId: string): string {
  const node = doc?.nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  const group = doc!.groups.find((g) => g.members.includes(nodeId));
  const name = node.label && node.label !== node.id ? `“${node.label}” (${node.op} ${node.id}` : `${node.id} (${node.op}`;
  return `${name}${group ? `, in ${group.kind === 'Group' ? 'group' : 'layer'} ${group.name}` : ''})`;
}
