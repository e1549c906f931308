// The editor benchmark's generated graph (bench/big-graph.ts) is a valid document of exactly 300 nodes that
// loads like any file the app opens, and the bare React Flow page gets the same nodes, positions and edges.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDocument } from '../core/document/load.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { BIG_GRAPH_NODES, bareFlowGraph, bigGraphDocument } from '../bench/big-graph.ts';

test('the benchmark graph has 300 nodes, loads without errors or warnings, and the bare page gets the same graph', () => {
  const doc = bigGraphDocument();
  assert.equal(doc.nodes.length, BIG_GRAPH_NODES);
  assert.equal(doc.edges.length, BIG_GRAPH_NODES - 1);
  const loaded = loadDocument(serializeDocument(doc));
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  assert.deepEqual(loaded.warnings, []);
  assert.equal(loaded.doc.nodes.length, BIG_GRAPH_NODES);

  const positions = new Set(doc.nodes.map((n) => `${n.position.x},${n.position.y}`));
  assert.equal(positions.size, BIG_GRAPH_NODES, 'no two nodes share a grid cell');

  const bare = bareFlowGraph(doc);
  assert.deepEqual(bare.nodes.map((n) => [n.id, n.position]), doc.nodes.map((n) => [n.id, n.position]));
  assert.deepEqual(bare.edges.map((e) => [e.source, e.target]), doc.edges.map((e) => [e.from.node, e.to.node]));
  assert.equal(bare.nodes[1]!.data.label, 'WeightMultiply Dense dense1 · dense1_w');
  assert.equal(bare.edges[0]!.label, '(N, 2)');
  assert.ok(bare.edges.every((e) => !e.label.includes('?')), 'every edge has a shape');
});
