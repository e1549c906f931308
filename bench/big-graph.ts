// The 300-node graph of the editor benchmark (editor.bench.ts): a valid, trainable `.gradflow` document —
// Input → 99 Dense layers (WeightMultiply → BiasAdd → activation) → SoftmaxCrossEntropy ← Target on the
// spiral data — laid out on a grid the chain snakes through (left to right, then right to left, …), so every
// edge is short and the whole graph fits a screen. Also the same nodes and edges as a bare React Flow page
// draws them (default node type, the app's label text, the same positions, each edge labelled with its shape).

import type { Attributes, GradflowDocument } from '../core/document/types.ts';
import { buildGraph } from '../core/graph/build.ts';
import { sequentialDocument } from '../core/layers/sequential.ts';

export const BIG_GRAPH_NODES = 300;
/** Nodes per row of the grid, and the grid's spacing (an op node is ~150–190 px wide, 64–100 px tall). */
export const GRID_COLUMNS = 20;
export const GRID_DX = 240;
export const GRID_DY = 180;

/** Input + 3 nodes per Dense layer + loss + Target = 300. */
const LAYERS = (BIG_GRAPH_NODES - 3) / 3;

/** Where the i-th cell of the snake lies. */
function cell(i: number): { x: number; y: number } {
  const row = Math.floor(i / GRID_COLUMNS);
  const column = i % GRID_COLUMNS;
  return { x: (row % 2 === 0 ? column : GRID_COLUMNS - 1 - column) * GRID_DX, y: row * GRID_DY };
}

export function bigGraphDocument(): GradflowDocument {
  const doc = sequentialDocument({
    name: 'Benchmark · 300 nodes',
    inputShape: [2],
    targetShape: [2],
    layers: Array.from({ length: LAYERS }, (_, i): { kind: string; attributes: Attributes } => (i < LAYERS - 1
      ? { kind: 'Dense', attributes: { neurons: 16, activation: 'tanh', init: 'glorot' } }
      : { kind: 'Dense', attributes: { neurons: 2, init: 'glorot' } })),
    loss: 'SoftmaxCrossEntropy',
    training: { epochs: 1, batchSize: 32, optimizer: { kind: 'Adam', learningRate: 0.01 }, metrics: ['accuracy'] },
  });
  // sequentialDocument lists the chain first and Target, loss last; put the chain in order on the snake with
  // the loss at its end and Target in the cell after it.
  const target = doc.nodes.find((n) => n.id === 'target')!;
  const chain = doc.nodes.filter((n) => n !== target);
  const nodes = [...chain, target].map((node, i) => ({ ...node, position: cell(i) }));
  return {
    ...doc,
    description: 'A generated 300-node chain for the editor benchmark (bench/editor.bench.ts).',
    nodes,
    // Expanded, so the canvas shows every member node whatever it does with collapsed layers.
    groups: doc.groups.map((g) => ({ ...g, collapsed: false })),
    data: { kind: 'builtin', name: 'spiral', options: { count: 400, noise: 0.05, seed: 3 }, split: { method: 'random', seed: 4, validation: 0.2 } },
  };
}

export interface BareNode { id: string; position: { x: number; y: number }; data: { label: string } }
export interface BareEdge { id: string; source: string; target: string; label: string }
export interface BareGraph { nodes: BareNode[]; edges: BareEdge[] }

/** "(N, 16)", as the editor prints a shape on an edge. */
const shapeText = (shape: readonly (number | null)[] | null | undefined): string =>
  (shape ? `(${shape.map((d) => (d === null ? 'N' : String(d))).join(', ')})` : '?');

/** The document's nodes and edges as plain React Flow nodes and edges (what the bare page renders). */
export function bareFlowGraph(doc: GradflowDocument): BareGraph {
  const built = buildGraph(doc, { requireConnected: false });
  if (!built.ok) throw new Error(`the benchmark graph does not build: ${built.problems.map((p) => p.message).join('; ')}`);
  const groupOf = new Map(doc.groups.flatMap((g) => g.members.map((m) => [m, g.name] as const)));
  return {
    // The op node shows the op's name and "<layer> · <label or id>"; the default node gets that as one label.
    nodes: doc.nodes.map((n) => {
      const group = groupOf.get(n.id);
      return { id: n.id, position: { ...n.position }, data: { label: `${n.op} ${group ? `${group} · ` : ''}${n.label ?? n.id}` } };
    }),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.from.node, target: e.to.node, label: shapeText(built.graph.byId.get(e.from.node)?.shape) })),
  };
}
