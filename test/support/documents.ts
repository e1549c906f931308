// Compact builders for test documents: nodes as [id, op, attributes], edges as "from -> to.port".

import type { Attributes, DocEdge, DocGroup, DocNode, GradflowDocument } from '../../core/document/types.ts';
import type { PartialRunConfig } from '../../core/train/config.ts';

export type NodeSpec = [id: string, op: string, attributes?: Attributes];

export function nodes(...specs: NodeSpec[]): DocNode[] {
  return specs.map(([id, op, attributes = {}], i) => ({ id, op, attributes, position: { x: i * 150, y: 0 } }));
}

/** "a -> b.X" becomes an edge from a's output to b's port X. */
export function edges(...specs: string[]): DocEdge[] {
  return specs.map((spec) => {
    const match = /^\s*(\S+)\s*->\s*([^.\s]+)\.(\S+)\s*$/.exec(spec);
    if (!match) throw new Error(`bad edge spec "${spec}"`);
    const [, from, to, port] = match;
    return { id: `${from}->${to}.${port}`, from: { node: from!, port: 'out' }, to: { node: to!, port: port! } };
  });
}

export function documentOf(
  nodeList: DocNode[], edgeList: DocEdge[], training: PartialRunConfig = {}, groups: DocGroup[] = [],
): GradflowDocument {
  return { format: 'gradflow', version: 1, nodes: nodeList, edges: edgeList, groups, training };
}
