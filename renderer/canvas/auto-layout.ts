// Auto-layout (Edit ▸ Auto-Layout): ELK's layered algorithm, left to right, over what the canvas draws — a
// collapsed layer is one box — so data flows from the inputs on the left to the loss on the right, as in the
// book's diagrams. Returns new top-left positions by canvas node id; the editor turns them into one move.

import type ELKType from 'elkjs/lib/elk.bundled.js';
import type { Position } from '../../core/document/types.ts';

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

// One engine for the page: elk.bundled runs in the calling thread (no worker file, no eval — the CSP holds).
// Loaded on first use: it is over a megabyte, and the editor should start without it.
let elk: InstanceType<typeof ELKType> | undefined;

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '36',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.separateConnectedComponents': 'true',
};

/** Positions for every box, laid out left to right along the edges; boxes keep their sizes. */
export async function layoutLeftToRight(boxes: readonly LayoutBox[], edges: readonly LayoutEdge[]): Promise<Map<string, Position>> {
  if (!elk) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    elk = new ELK();
  }
  const ids = new Set(boxes.map((b) => b.id));
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: OPTIONS,
    children: boxes.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    // Several edges between the same two boxes (a loss fed twice by one layer) are one for the layout.
    edges: [...new Map(edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e) => [`${e.source}\u0000${e.target}`, { id: e.id, sources: [e.source], targets: [e.target] }])).values()],
  });
  return new Map((graph.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
