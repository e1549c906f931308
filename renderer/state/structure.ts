// The graph's structure without its layout: what shape inference, the model summary and the inspector depend
// on. A drag moves nodes — a new document every pointer move — but changes no shape, so anything computed
// from the structure is kept across the whole gesture instead of being redone 60 times a second.

import { useRef } from 'react';
import type { DocNode, GradflowDocument } from '../../core/document/types.ts';

/** Whether two node lists differ at most in positions (the change functions keep untouched objects shared). */
export function sameExceptPositions(a: readonly DocNode[], b: readonly DocNode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.id !== y.id || x.op !== y.op || x.attributes !== y.attributes || x.label !== y.label)) return false;
  }
  return true;
}

export type GraphStructure = Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>;

/**
 * The document's nodes, edges and groups as one object that keeps its identity while only positions change
 * (a memo keyed on it survives a drag). Its `nodes` are the ones it was first made from: positions in it may
 * be stale, which nothing computed from the structure reads.
 */
export function useGraphStructure(doc: GraphStructure | undefined): GraphStructure | undefined {
  const last = useRef<GraphStructure | undefined>(undefined);
  const before = last.current;
  if (!doc) return (last.current = undefined);
  if (before && before.edges === doc.edges && before.groups === doc.groups && sameExceptPositions(before.nodes, doc.nodes)) return before;
  return (last.current = { nodes: doc.nodes, edges: doc.edges, groups: doc.groups });
}
