// toFlow: the document → React Flow's nodes and edges, with inferred shapes on the edges; and the palette's
// grouping, search and fresh ids.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from '../../core/document/load.ts';
import type { GradflowDocument } from '../../core/document/types.ts';
import { OPS } from '../../core/ops/registry.ts';
import { attributeSummary, inferView, resolveConnection, reuseUnchanged, toFlow } from './to-flow.ts';
import { PALETTE_ITEMS, freshId, paletteSections } from './palette-items.ts';

const examples = join(import.meta.dirname, '..', '..', 'assets', 'examples');
function example(name: string): GradflowDocument {
  const result = loadDocument(readFileSync(join(examples, `${name}.gradflow`), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.doc;
}

const empty = (): GradflowDocument => ({ format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {} });

const expanded = (doc: GradflowDocument): GradflowDocument => ({ ...doc, groups: doc.groups.map((g) => ({ ...g, collapsed: false })) });

test('toFlow gives one React Flow node per document node, with its op, ports and inferred shape', () => {
  const doc = expanded(example('ch2-linear-regression'));
  const { nodes, edges } = toFlow(doc, inferView(doc));
  assert.deepEqual(nodes.map((n) => n.id), doc.nodes.map((n) => n.id));
  for (const node of nodes) {
    const source = doc.nodes.find((n) => n.id === node.id)!;
    assert.equal(node.type, 'op');
    assert.equal(node.data.op, source.op);
    assert.deepEqual(node.position, source.position);
    assert.notEqual(node.position, source.position, 'a copy: React Flow must not hold the document’s objects');
    assert.deepEqual(node.data.inputs.map((p) => p.label), OPS.find((o) => o.type === source.op)!.inputs.map((p) => p.name));
    assert.match(node.data.shape, /^\((N(, \d+)*)?\)$/, `${node.id}: ${node.data.shape}`);
  }
  assert.equal(edges.length, doc.edges.length);
  for (const edge of edges) {
    const source = doc.edges.find((e) => e.id === edge.id)!;
    assert.equal(edge.source, source.from.node);
    assert.equal(edge.sourceHandle, 'out');
    assert.equal(edge.target, source.to.node);
    assert.equal(edge.targetHandle, source.to.port);
    assert.equal(edge.data?.label, nodes.find((n) => n.id === source.from.node)!.data.shape, 'an edge carries its source’s shape');
  }
});

test('an unconnected input leaves "?" downstream, and the selection and measured sizes come from the view state', () => {
  const doc: GradflowDocument = {
    ...empty(),
    nodes: [
      { id: 'x', op: 'Input', attributes: { shape: [13] }, position: { x: 0, y: 0 } },
      { id: 'w', op: 'WeightMultiply', attributes: { neurons: 4 }, position: { x: 200, y: 0 } },
      { id: 'b', op: 'BiasAdd', attributes: {}, position: { x: 400, y: 0 } },
      { id: 'm', op: 'MatMul', attributes: {}, position: { x: 400, y: 200 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'x', port: 'out' }, to: { node: 'w', port: 'X' } },
      { id: 'e2', from: { node: 'w', port: 'out' }, to: { node: 'b', port: 'X' } },
      { id: 'e3', from: { node: 'b', port: 'out' }, to: { node: 'm', port: 'X' } },
    ],
  };
  const { nodes, edges } = toFlow(doc, inferView(doc), { selectedNodes: new Set(['w']), selectedEdges: new Set(['e2']), measured: new Map([['x', { width: 120, height: 60 }]]) });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  assert.equal(byId.get('x')!.data.shape, '(N, 13)');
  assert.equal(byId.get('w')!.data.shape, '(N, 4)');
  assert.equal(byId.get('m')!.data.shape, '?', 'W of the MatMul is not connected');
  assert.deepEqual(edges.map((e) => e.data?.label), ['(N, 13)', '(N, 4)', '(N, 4)']);
  assert.equal(byId.get('w')!.selected, true);
  assert.equal(byId.get('x')!.selected, false);
  assert.deepEqual(byId.get('x')!.measured, { width: 120, height: 60 });
  assert.equal(byId.get('w')!.measured, undefined);
  assert.deepEqual(edges.map((e) => e.selected), [false, true, false]);
  assert.ok(byId.get('w')!.data.summary.includes('neurons 4'));
});

test('a node with a bad attribute carries the problem; layer members name their layer', () => {
  const doc: GradflowDocument = {
    ...empty(),
    nodes: [{ id: 'd', op: 'Dropout', attributes: { keepProbability: 3 }, position: { x: 0, y: 0 } }],
  };
  const [node] = toFlow(doc, inferView(doc)).nodes;
  assert.match(node!.data.problem ?? '', /keepProbability/);

  const mnist = expanded(example('ch4-mnist-best'));
  const flow = toFlow(mnist, inferView(mnist));
  const member = flow.nodes.find((n) => mnist.groups[0]!.members.includes(n.id))!;
  assert.equal(member.data.group, mnist.groups[0]!.name);
});

test('a collapsed layer is one node with the ports its members take from outside; connections map back to members', () => {
  const doc = example('spiral');
  const dense1 = doc.groups.find((g) => g.id === 'dense1')!;
  assert.equal(dense1.collapsed, true);
  const { nodes, edges } = toFlow(doc, inferView(doc));
  const hidden = new Set(doc.groups.filter((g) => g.collapsed).flatMap((g) => g.members));
  assert.deepEqual(nodes.map((n) => n.id), [...doc.nodes.filter((n) => !hidden.has(n.id) || doc.groups.some((g) => g.members[0] === n.id)).map((n) => doc.groups.find((g) => g.collapsed && g.members[0] === n.id)?.id ?? n.id)]);
  const layer = nodes.find((n) => n.id === 'dense1')!;
  assert.equal(layer.data.op, 'Dense');
  assert.equal(layer.data.layer?.members, dense1.members.length);
  assert.deepEqual(layer.data.inputs.map((p) => [p.name, p.label]), [['dense1_w:X', 'X']], 'only the input fed from outside');
  assert.deepEqual(layer.data.outputs, [{ name: 'dense1_act', label: 'out' }]);
  assert.equal(layer.data.shape, '(N, 16)');
  assert.deepEqual(layer.position, doc.nodes.find((n) => n.id === 'dense1_w')!.position);
  // Edges inside a collapsed layer are not drawn; those crossing it attach to the layer's handles.
  const into = edges.find((e) => e.target === 'dense1')!;
  assert.equal(into.targetHandle, 'dense1_w:X');
  const out = edges.find((e) => e.source === 'dense1')!;
  assert.equal(out.sourceHandle, 'dense1_act');
  assert.equal(out.target, 'dense2');
  assert.equal(edges.some((e) => e.id === 'dense1_w->dense1_b'), false);
  assert.deepEqual(resolveConnection(doc, { source: 'dense1', sourceHandle: 'dense1_act', target: 'dense2', targetHandle: 'dense2_w:X' }),
    { source: 'dense1_act', target: 'dense2_w', port: 'X' });
  assert.deepEqual(resolveConnection(doc, { source: 'x', sourceHandle: 'out', target: 'loss', targetHandle: 'target' }), { source: 'x', target: 'loss', port: 'target' });
  assert.equal(resolveConnection(doc, { source: 'x', target: 'dense1', targetHandle: 'nocolon' }), null);
});

test('attributeSummary shows the set attributes first, then defaults, at most three', () => {
  assert.deepEqual(attributeSummary({ op: 'Input', attributes: { shape: [1, 28, 28] } }), ['shape [1, 28, 28]']);
  assert.deepEqual(attributeSummary({ op: 'Add', attributes: {} }), []);
  assert.ok(attributeSummary({ op: 'Conv2D', attributes: { filters: 8 } })[0] === 'filters 8');
});

test('reuseUnchanged keeps the previous object where nothing changed', () => {
  const doc = example('ch1-chain');
  const a = toFlow(doc, inferView(doc)).nodes;
  const moved = { ...doc, nodes: doc.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: n.position.x + 5, y: n.position.y } } : n)) };
  const b = reuseUnchanged(a, toFlow(moved, inferView(moved)).nodes);
  assert.notEqual(b[0], a[0]);
  assert.ok(b.slice(1).every((n, i) => n === a[i + 1]));
});

test('the palette lists every op of the registry and the two layers, grouped by chapter, and searches', () => {
  const all = paletteSections().flatMap((s) => s.items);
  assert.deepEqual(all.filter((i) => i.kind === 'op').map((i) => i.type).sort(), OPS.map((o) => o.type).sort());
  assert.deepEqual(all.filter((i) => i.kind === 'layer').map((i) => i.type), ['Dense', 'Conv2D']);
  assert.equal(all.length, PALETTE_ITEMS.length);
  const titles = paletteSections().map((s) => s.title);
  assert.equal(titles[0], 'Chapter 1 · source');
  assert.equal(titles.at(-1), 'Layers');
  assert.ok(PALETTE_ITEMS.every((i) => i.description.length > 0 && i.formula.length > 0));

  const losses = paletteSections('loss').flatMap((s) => s.items.map((i) => i.type));
  assert.ok(losses.includes('MeanSquaredError') && losses.includes('SoftmaxCrossEntropy'), losses.join(', '));
  assert.ok(!losses.includes('Input'));
  assert.deepEqual(paletteSections('weightmult').flatMap((s) => s.items.map((i) => i.type)), ['WeightMultiply']);
  assert.deepEqual(paletteSections('no such thing'), []);
});

test('freshId takes the op name in lower case and the first free counter, keeping layer member ids free', () => {
  assert.equal(freshId([], 'WeightMultiply'), 'weightmultiply1');
  assert.equal(freshId(['input1', 'input2'], 'Input'), 'input3');
  assert.equal(freshId(['dense1_w', 'dense1_b'], 'Dense'), 'dense2');
});

test('one broken node does not blank the other labels: shapes upstream of it are still shown', () => {
  const doc: GradflowDocument = {
    ...empty(),
    nodes: [
      { id: 'x', op: 'Input', attributes: { shape: [3] }, position: { x: 0, y: 0 } },
      { id: 'w', op: 'WeightMultiply', attributes: { neurons: 2 }, position: { x: 0, y: 0 } },
      { id: 'bad', op: 'Dropout', attributes: { keepProbability: 3 }, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'x', port: 'out' }, to: { node: 'w', port: 'X' } },
      { id: 'e2', from: { node: 'w', port: 'out' }, to: { node: 'bad', port: 'X' } },
    ],
  };
  const flow = toFlow(doc, inferView(doc));
  assert.deepEqual(flow.edges.map((e) => e.data?.label), ['(N, 3)', '(N, 2)']);
});

test('a ParamOperation shows its parameters\' shapes, "?" while its input is unknown', () => {
  const doc: GradflowDocument = {
    ...empty(),
    nodes: [
      { id: 'x', op: 'Input', attributes: { shape: [3] }, position: { x: 0, y: 0 } },
      { id: 'w', op: 'WeightMultiply', attributes: { neurons: 4, init: 'glorot' }, position: { x: 200, y: 0 } },
      { id: 'b', op: 'BiasAdd', attributes: {}, position: { x: 400, y: 0 } },
    ],
    edges: [{ id: 'e1', from: { node: 'x', port: 'out' }, to: { node: 'w', port: 'X' } }],
  };
  const byId = new Map(toFlow(doc, inferView(doc)).nodes.map((n) => [n.id, n]));
  assert.deepEqual(byId.get('w')!.data.params, ['W (3, 4)']);
  assert.ok(byId.get('w')!.data.summary.includes('init glorot'));
  assert.deepEqual(byId.get('b')!.data.params, ['B ?']);
  assert.equal(byId.get('x')!.data.params, undefined);
});

test('updateFlow keeps every object a drag does not move, and the edge array itself', async () => {
  const { updateFlow } = await import('./to-flow.ts');
  const { sameExceptPositions } = await import('../state/structure.ts');
  const doc = example('spiral');
  const graph = inferView(doc);
  const view = { selectedNodes: new Set<string>(), selectedEdges: new Set<string>(), measured: new Map() };
  const first = updateFlow(null, doc, graph, view);
  const movedInput = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'input' ? { ...n, position: { x: n.position.x + 10, y: n.position.y } } : n)) };
  assert.ok(sameExceptPositions(doc.nodes, movedInput.nodes));
  const second = updateFlow(first, movedInput, graph, view);
  assert.equal(second.edges, first.edges, 'the same edge array: React Flow keeps its edge lookup');
  second.nodes.forEach((n, i) => {
    if (n.id === 'input') assert.deepEqual(n.position, { x: first.nodes[i]!.position.x + 10, y: first.nodes[i]!.position.y });
    else assert.equal(n, first.nodes[i], `${n.id} is the same object`);
  });
  // Moving a collapsed layer's first member moves the layer node.
  const movedLayer = { ...movedInput, nodes: movedInput.nodes.map((n) => (n.id === 'dense2_w' ? { ...n, position: { x: 5, y: 6 } } : n)) };
  const third = updateFlow(second, movedLayer, graph, view);
  assert.deepEqual(third.nodes.find((n) => n.id === 'dense2')!.position, { x: 5, y: 6 });
  // A change of structure draws afresh (a new label), keeping what came out equal.
  const relabelled = { ...movedLayer, nodes: movedLayer.nodes.map((n) => (n.id === 'input' ? { ...n, label: 'features' } : n)) };
  assert.equal(sameExceptPositions(movedLayer.nodes, relabelled.nodes), false);
  const fourth = updateFlow(third, relabelled, inferView(relabelled), view);
  assert.equal(fourth.nodes.find((n) => n.id === 'input')!.data.title, 'features');
  assert.equal(fourth.nodes.find((n) => n.id === 'target'), third.nodes.find((n) => n.id === 'target'), 'an equal node keeps its object');
});
