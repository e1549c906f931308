// Layers as groups: expansion into the book's Operations, collapse/expand, editing a layer's settings,
// grouping nodes back into a layer, and what happens when the members stop matching the template.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLayer, expandLayer, groupNodes, layerMismatch, reconcileGroup, setCollapsed, setLayerAttributes, ungroup } from './layers.ts';
import { sequentialDocument } from './sequential.ts';
import { buildGraph } from '../graph/build.ts';
import { documentOf } from '../../test/support/documents.ts';

test('Dense expands into WeightMultiply → BiasAdd → activation [→ Dropout], chained', () => {
  const plain = expandLayer('Dense', 'd1', { neurons: 13, activation: 'sigmoid' });
  assert.deepEqual(plain.nodes.map((n) => n.op), ['WeightMultiply', 'BiasAdd', 'Sigmoid']);
  assert.deepEqual(plain.nodes[0]!.attributes, { neurons: 13, init: 'standard' });
  assert.deepEqual(plain.edges.map((e) => `${e.from.node}->${e.to.node}.${e.to.port}`), ['d1_w->d1_b.X', 'd1_b->d1_act.X']);
  assert.deepEqual(plain.group, { id: 'd1', kind: 'Dense', name: 'Dense d1', attributes: { neurons: 13, activation: 'sigmoid' }, members: ['d1_w', 'd1_b', 'd1_act'], collapsed: true });
  const withDropout = expandLayer('Dense', 'd2', { neurons: 89, activation: 'tanh', init: 'glorot', dropout: 0.8 });
  assert.deepEqual(withDropout.nodes.map((n) => n.op), ['WeightMultiply', 'BiasAdd', 'Tanh', 'Dropout']);
  assert.deepEqual(withDropout.nodes[3]!.attributes, { keepProbability: 0.8 });
});

test('Conv2D expands into Conv2D → activation [→ Flatten] [→ Dropout]', () => {
  const conv = expandLayer('Conv2D', 'c1', { filters: 16, kernelSize: 5, activation: 'tanh', flatten: true, dropout: 0.8, init: 'glorot' });
  assert.deepEqual(conv.nodes.map((n) => n.op), ['Conv2D', 'Tanh', 'Flatten', 'Dropout']);
  assert.deepEqual(conv.nodes[0]!.attributes, { filters: 16, kernelSize: 5, init: 'glorot' });
});

test('bad layer settings are refused with the setting named', () => {
  assert.throws(() => expandLayer('Dense', 'd', { neurons: 0 }), /Dense layer: neurons must be at least 1, got 0/);
  assert.throws(() => expandLayer('Conv2D', 'c', { kernelSize: 4 }), /kernelSize must be odd/);
  assert.throws(() => expandLayer('Dense', 'd', { activation: 'swish' }), /activation expected one of/);
  assert.throws(() => expandLayer('LSTM', 'l', {}), /unknown layer kind "LSTM"/);
});

test('a sequential document of layers builds into a runnable graph with the book\'s shapes', () => {
  const doc = sequentialDocument({
    inputShape: [1, 28, 28], targetShape: [10], loss: 'SoftmaxCrossEntropy',
    layers: [
      { kind: 'Conv2D', attributes: { filters: 16, kernelSize: 5, activation: 'tanh', flatten: true, dropout: 0.8 } },
      { kind: 'Dense', attributes: { neurons: 10 } },
    ],
  });
  const built = buildGraph(doc);
  assert.ok(built.ok, JSON.stringify(!built.ok && built.problems));
  assert.deepEqual(built.graph.byId.get('conv2d1_flat')!.shape, [null, 16 * 28 * 28]);
  assert.deepEqual(built.graph.byId.get('dense2_w')!.paramShapes, [[12544, 10]]);
  assert.deepEqual(built.graph.byId.get('conv2d1_conv')!.paramShapes, [[1, 16, 5, 5]]);
});

test('collapse and expand only flip the flag; members stay in the document', () => {
  const doc = addLayer(documentOf([], []), 'Dense', 'd1', { neurons: 4 });
  const expanded = setCollapsed(doc, 'd1', false);
  assert.equal(expanded.groups[0]!.collapsed, false);
  assert.deepEqual(expanded.nodes, doc.nodes);
  assert.equal(setCollapsed(expanded, 'd1', true).groups[0]!.collapsed, true);
  assert.throws(() => addLayer(doc, 'Dense', 'd1', {}), /id "d1" is already used/);
});

test('changing a layer\'s settings regenerates its members and keeps the edges around it', () => {
  const doc = sequentialDocument({
    inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
    layers: [{ kind: 'Dense', attributes: { neurons: 5, activation: 'sigmoid' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
  });
  const edited = setLayerAttributes(doc, 'dense1', { activation: 'relu', dropout: 0.5 });
  assert.deepEqual(edited.groups[0]!.members, ['dense1_w', 'dense1_b', 'dense1_act', 'dense1_drop']);
  assert.equal(edited.nodes.find((n) => n.id === 'dense1_act')!.op, 'ReLU');
  assert.ok(edited.edges.some((e) => e.from.node === 'input' && e.to.node === 'dense1_w'));
  assert.ok(edited.edges.some((e) => e.from.node === 'dense1_drop' && e.to.node === 'dense2_w'));
  assert.ok(!edited.edges.some((e) => e.from.node === 'dense1_act' && e.to.node === 'dense2_w'));
  assert.ok(buildGraph(edited).ok);
  assert.equal(layerMismatch(edited, edited.groups[0]!), null);
});

test('editing inside a layer turns it into a plain group that says why', () => {
  const doc = sequentialDocument({ inputShape: [3], targetShape: [1], loss: 'MeanSquaredError', layers: [{ kind: 'Dense', attributes: { neurons: 1 } }] });
  const edited = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense1_act' ? { ...n, op: 'Tanh' } : n)) };
  const { group, note } = reconcileGroup(edited, edited.groups[0]!);
  assert.equal(group.kind, 'Group');
  assert.equal(note, '"Dense dense1" is no longer a Dense layer (operation 3 is Tanh, a Dense layer needs Linear there); it is kept as a plain group');
  const renamedNeurons = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense1_w' ? { ...n, attributes: { neurons: 7 } } : n)) };
  assert.match(layerMismatch(renamedNeurons, doc.groups[0]!)!, /has neurons = 7, the layer says 1/);
  // A member attribute left out means the op's default, which must match the layer too.
  const wide = sequentialDocument({ inputShape: [3], targetShape: [1], loss: 'MeanSquaredError', layers: [{ kind: 'Dense', attributes: { neurons: 13 } }] });
  const defaulted = { ...wide, nodes: wide.nodes.map((n) => (n.id === 'dense1_w' ? { ...n, attributes: {} } : n)) };
  assert.match(layerMismatch(defaulted, wide.groups[0]!)!, /has neurons = 1, the layer says 13/);
});

test('grouping a matching chain makes it a layer; anything else becomes a plain group; ungroup keeps the nodes', () => {
  const { nodes, edges } = expandLayer('Dense', 'x', { neurons: 3, activation: 'tanh', init: 'he' });
  const doc = documentOf(nodes, edges);
  const grouped = groupNodes(doc, 'g', 'My layer', nodes.map((n) => n.id));
  assert.equal(grouped.groups[0]!.kind, 'Dense');
  assert.deepEqual(grouped.groups[0]!.attributes, { neurons: 3, activation: 'tanh', init: 'he', dropout: 1 });
  const partial = groupNodes(doc, 'g', 'Two ops', ['x_b', 'x_act']);
  assert.equal(partial.groups[0]!.kind, 'Group');
  const ungrouped = ungroup(grouped, 'g');
  assert.deepEqual(ungrouped.groups, []);
  assert.equal(ungrouped.nodes.length, 3);
});

test('expanding a layer pushes the nodes after it aside by the room its members take; collapsing pulls them back', async () => {
  const { sequentialDocument } = await import('./sequential.ts');
  const { setCollapsed } = await import('./layers.ts');
  const doc = sequentialDocument({ inputShape: [2], targetShape: [1], layers: [{ kind: 'Dense', attributes: { neurons: 4, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 1 } }], loss: 'MeanSquaredError' });
  const x = (d: typeof doc, id: string) => d.nodes.find((n) => n.id === id)!.position.x;
  assert.ok(doc.groups.every((g) => g.collapsed));
  assert.equal(x(doc, 'dense2_w') - x(doc, 'dense1_w'), 220, 'laid out collapsed: one box per layer');
  const open = setCollapsed(doc, 'dense1', false);
  const room = x(doc, 'dense1_act') - x(doc, 'dense1_w');
  assert.equal(x(open, 'dense2_w'), x(doc, 'dense2_w') + room);
  assert.equal(x(open, 'loss'), x(doc, 'loss') + room);
  assert.equal(x(open, 'input'), x(doc, 'input'), 'nodes before the layer stay');
  assert.ok(x(open, 'dense2_w') > x(open, 'dense1_act'), 'no overlap once expanded');
  assert.deepEqual(setCollapsed(open, 'dense1', true).nodes, doc.nodes, 'collapsing again restores every position');
});
