// Every kind of edit applied to real documents: the result still loads, the input is never touched (it is
// deep-frozen), unchanged parts are shared by reference. Refusals: changes-refused.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChange, describeChange, type ChangeKind, type ChangeOf, type DocumentChange } from './changes.ts';
import { loadDocument } from './load.ts';
import { encodeFloat32Base64, serializeDocument } from './serialize.ts';
import type { DocEdge, GradflowDocument, SavedParameter } from './types.ts';
import { buildGraph } from '../graph/build.ts';
import { sequentialDocument } from '../layers/sequential.ts';

const EXAMPLES = join(import.meta.dirname, '../../assets/examples');

function example(file: string): GradflowDocument {
  const loaded = loadDocument(readFileSync(join(EXAMPLES, file), 'utf8'));
  assert.ok(loaded.ok, `${file} loads`);
  return loaded.doc;
}

/** Input(3) → Dense(5, sigmoid) → Dense(1) → MSE ← Target(1). */
const mlp = (): GradflowDocument => sequentialDocument({
  name: 'MLP', inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
  layers: [{ kind: 'Dense', attributes: { neurons: 5, activation: 'sigmoid' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
});

/** The document with zero-valued trained parameters of the right shapes, as a trained file has. */
function trained(doc: GradflowDocument): GradflowDocument {
  const built = buildGraph(doc);
  assert.ok(built.ok);
  const parameters: Record<string, SavedParameter> = {};
  for (const node of built.graph.nodes) {
    node.op.params.forEach((p, i) => {
      const shape = node.paramShapes[i]!;
      parameters[`${node.id}.${p.name}`] = { shape, dtype: 'float32', data: encodeFloat32Base64(new Float32Array(shape.reduce((a, b) => a * b, 1))) };
    });
  }
  return { ...doc, parameters };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const edge = (from: string, to: string, port: string): DocEdge =>
  ({ id: `${from}->${to}.${port}`, from: { node: from, port: 'out' }, to: { node: to, port } });
const node = (doc: GradflowDocument, id: string) => doc.nodes.find((n) => n.id === id)!;
const group = (doc: GradflowDocument, id: string) => doc.groups.find((g) => g.id === id);
const feeding = (doc: GradflowDocument, id: string, port: string) => doc.edges.filter((e) => e.to.node === id && e.to.port === port).map((e) => e.from.node);

/** Apply to a deep-frozen copy of `doc`; the input must come back untouched and the result must load. */
function applyValid(doc: GradflowDocument, change: DocumentChange): { after: GradflowDocument; notes: string[] } {
  const before = structuredClone(doc);
  const result = applyChange(deepFreeze(doc), change);
  assert.ok(result.ok, `applies: ${!result.ok && result.error}`);
  assert.deepEqual(doc, before, 'the input is unchanged');
  const reloaded = loadDocument(serializeDocument(result.doc));
  assert.ok(reloaded.ok, `the result loads: ${JSON.stringify(!reloaded.ok && reloaded.errors)}`);
  return { after: result.doc, notes: result.notes };
}

interface Case<K extends ChangeKind> {
  doc(): GradflowDocument;
  change: ChangeOf<K>;
  check(after: GradflowDocument, notes: string[], before: GradflowDocument): void;
}

// One case per change kind: the type makes leaving a kind out a compile error.
const VALID: { [K in ChangeKind]: Case<K> } = {
  'add-nodes': {
    doc: mlp,
    change: {
      kind: 'add-nodes', label: 'Insert Dropout',
      nodes: [{ id: 'drop', op: 'Dropout', attributes: { keepProbability: 0.9 }, position: { x: 700, y: 100 } }],
      edges: [edge('dense1_act', 'drop', 'X'), edge('drop', 'dense2_w', 'X')],
      groups: [{ id: 'reg', kind: 'Group', name: 'Regularisation', attributes: {}, members: ['drop'], collapsed: false }],
    },
    check(after, notes) {
      assert.deepEqual(feeding(after, 'dense2_w', 'X'), ['drop'], 'the edge already on dense2_w.X was replaced');
      assert.deepEqual(feeding(after, 'drop', 'X'), ['dense1_act']);
      assert.deepEqual(after.groups.map((g) => `${g.id}:${g.kind}`), ['dense1:Dense', 'dense2:Dense', 'reg:Group']);
      assert.deepEqual(notes, []);
    },
  },
  'remove-nodes': {
    doc: () => trained(mlp()),
    change: { kind: 'remove-nodes', ids: ['dense2_w', 'dense2_b', 'dense2_act'] },
    check(after) {
      assert.ok(!after.nodes.some((n) => n.id.startsWith('dense2')));
      assert.ok(!after.edges.some((e) => e.from.node.startsWith('dense2') || e.to.node.startsWith('dense2')));
      assert.equal(group(after, 'dense2'), undefined, 'a group left empty is removed');
      assert.deepEqual(Object.keys(after.parameters!).sort(), ['dense1_b.B', 'dense1_w.W']);
    },
  },
  'move-nodes': {
    doc: mlp,
    change: { kind: 'move-nodes', positions: { input: { x: -50, y: 20 }, loss: { x: 900, y: 0 } }, gestureId: 'drag-1' },
    check(after, _notes, before) {
      assert.deepEqual(node(after, 'input').position, { x: -50, y: 20 });
      assert.deepEqual(node(after, 'loss').position, { x: 900, y: 0 });
      assert.equal(node(after, 'dense1_w'), node(before, 'dense1_w'), 'unmoved nodes are shared');
      assert.equal(after.edges, before.edges);
      assert.equal(after.groups, before.groups);
    },
  },
  'set-attributes': {
    doc: () => trained(mlp()),
    change: { kind: 'set-attributes', node: 'input', attributes: { shape: [4] } },
    check(after, notes) {
      assert.deepEqual(node(after, 'input').attributes, { shape: [4] });
      assert.deepEqual(Object.keys(after.parameters!).sort(), ['dense1_b.B', 'dense2_b.B', 'dense2_w.W'], 'only W of the first layer changes shape');
      assert.deepEqual(notes, ['the trained dense1_w.W ((3, 5)) no longer fits WeightMultiply "dense1_w", which now needs (4, 5); it was dropped']);
    },
  },
  'set-label': {
    doc: mlp,
    change: { kind: 'set-label', node: 'loss', label: 'MSE' },
    check: (after) => assert.equal(node(after, 'loss').label, 'MSE'),
  },
  'add-edge': {
    doc: () => example('ch1-two-inputs.gradflow'),
    change: { kind: 'add-edge', edge: edge('y', 'sum', 'A') },
    check(after, _notes, before) {
      assert.equal(after.edges.length, before.edges.length, 'one edge per input port: the old one is replaced');
      assert.deepEqual(feeding(after, 'sum', 'A'), ['y']);
      assert.equal(after.edges.findIndex((e) => e.id === 'y->sum.A'), before.edges.findIndex((e) => e.id === 'x->sum.A'), 'in its place');
    },
  },
  'remove-edges': {
    doc: () => trained(mlp()),
    change: { kind: 'remove-edges', ids: ['input->dense1_w'] },
    check(after, _notes, before) {
      assert.deepEqual(feeding(after, 'dense1_w', 'X'), []);
      assert.equal(after.parameters, before.parameters, 'a half-wired graph keeps its trained parameters');
    },
  },
  'add-layer': {
    doc: mlp,
    change: { kind: 'add-layer', layer: 'Dense', id: 'dense3', attributes: { neurons: 2, activation: 'tanh' }, position: { x: 0, y: 400 } },
    check(after) {
      assert.deepEqual(group(after, 'dense3')?.members, ['dense3_w', 'dense3_b', 'dense3_act']);
      assert.equal(node(after, 'dense3_act').op, 'Tanh');
      assert.deepEqual(node(after, 'dense3_w').position, { x: 0, y: 400 });
    },
  },
  'set-layer-attributes': {
    doc: () => trained(mlp()),
    change: { kind: 'set-layer-attributes', group: 'dense1', attributes: { neurons: 8, dropout: 0.5 } },
    check(after, notes) {
      assert.deepEqual(group(after, 'dense1')?.members, ['dense1_w', 'dense1_b', 'dense1_act', 'dense1_drop']);
      assert.deepEqual(feeding(after, 'dense1_w', 'X'), ['input']);
      assert.deepEqual(feeding(after, 'dense2_w', 'X'), ['dense1_drop']);
      assert.deepEqual(Object.keys(after.parameters!).sort(), ['dense2_b.B']);
      assert.deepEqual(notes, [
        '"Dense dense1" was rebuilt with new settings; its trained parameters were dropped',
        'the trained dense2_w.W ((5, 1)) no longer fits WeightMultiply "dense2_w", which now needs (8, 1); it was dropped',
      ]);
    },
  },
  'set-collapsed': {
    doc: mlp,
    change: { kind: 'set-collapsed', group: 'dense1', collapsed: false },
    check: (after) => assert.equal(group(after, 'dense1')?.collapsed, false),
  },
  'group-nodes': {
    doc: mlp,
    change: { kind: 'group-nodes', id: 'ends', name: 'Ends', members: ['target', 'loss'] },
    check: (after) => assert.deepEqual(group(after, 'ends'), { id: 'ends', kind: 'Group', name: 'Ends', attributes: {}, members: ['target', 'loss'], collapsed: false }),
  },
  'ungroup': {
    doc: mlp,
    change: { kind: 'ungroup', group: 'dense2' },
    check(after, _notes, before) {
      assert.deepEqual(after.groups.map((g) => g.id), ['dense1']);
      assert.equal(after.nodes, before.nodes);
    },
  },
  'rename-group': {
    doc: mlp,
    change: { kind: 'rename-group', group: 'dense1', name: 'Hidden layer' },
    check: (after) => assert.equal(group(after, 'dense1')?.name, 'Hidden layer'),
  },
  'set-training': {
    doc: () => example('ch1-two-inputs.gradflow'),
    change: { kind: 'set-training', training: { optimizer: { learningRate: 0.5 }, epochs: undefined } },
    check(after) {
      assert.deepEqual(after.training.optimizer, { kind: 'SGD', learningRate: 0.5 }, 'nested settings are merged');
      assert.equal('epochs' in after.training, false, 'undefined removes a setting');
      assert.equal(after.training.batchSize, 16);
    },
  },
  'set-data': {
    doc: mlp,
    change: { kind: 'set-data', data: { kind: 'builtin', name: 'auto-mpg', features: ['Cylinders', 'Displacement', 'Horsepower'] } },
    check: (after) => assert.equal(after.data?.name, 'auto-mpg'),
  },
  'set-name': {
    doc: mlp,
    change: { kind: 'set-name', name: 'Two layers' },
    check: (after) => assert.equal(after.name, 'Two layers'),
  },
  'set-description': {
    doc: mlp,
    change: { kind: 'set-description', description: 'Watch the sigmoid saturate.' },
    check: (after) => assert.equal(after.description, 'Watch the sigmoid saturate.'),
  },
  'set-view': {
    doc: mlp,
    change: { kind: 'set-view', viewport: { x: 10, y: -20, zoom: 1.5 } },
    check: (after) => assert.deepEqual(after.view, { viewport: { x: 10, y: -20, zoom: 1.5 } }),
  },
};

for (const [kind, c] of Object.entries(VALID) as [ChangeKind, Case<ChangeKind>][]) {
  test(`${kind}: applies to a frozen document without touching it, and the result loads`, () => {
    const doc = c.doc();
    const { after, notes } = applyValid(doc, c.change);
    assert.notEqual(after, doc);
    c.check(after, notes, doc);
  });
}

test('a change that changes nothing returns the very same document', () => {
  const doc = deepFreeze(trained(mlp()));
  const same: DocumentChange[] = [
    { kind: 'move-nodes', positions: { input: { ...node(doc, 'input').position } } },
    { kind: 'set-attributes', node: 'dense1_w', attributes: { neurons: 5 } },
    { kind: 'add-edge', edge: { id: 'input->dense1_w', from: { node: 'input', port: 'out' }, to: { node: 'dense1_w', port: 'X' } } },
    { kind: 'set-collapsed', group: 'dense1', collapsed: true },
    { kind: 'set-layer-attributes', group: 'dense1', attributes: { neurons: 5, activation: 'sigmoid' } },
    { kind: 'set-training', training: {} },
    { kind: 'set-name', name: 'MLP' },
    { kind: 'set-view', viewport: undefined },
  ];
  for (const change of same) {
    const result = applyChange(doc, change);
    assert.ok(result.ok && result.doc === doc, `${change.kind} is a no-op`);
  }
});

test('editing inside a layer makes it a plain group and says so', () => {
  const cut = applyValid(mlp(), { kind: 'remove-edges', ids: ['dense1_w->dense1_b'] });
  assert.equal(group(cut.after, 'dense1')?.kind, 'Group');
  assert.deepEqual(cut.notes, ['"Dense dense1" is no longer a Dense layer ("dense1_w" no longer feeds "dense1_b"); it is kept as a plain group']);
  const widened = applyValid(mlp(), { kind: 'set-attributes', node: 'dense1_w', attributes: { neurons: 6 } });
  assert.deepEqual(widened.after.groups.map((g) => g.kind), ['Group', 'Dense']);
  assert.match(widened.notes[0]!, /"Dense dense1" is no longer a Dense layer \(WeightMultiply "dense1_w" has neurons = 6, the layer says 5\)/);
  const shrunk = applyValid(mlp(), { kind: 'remove-nodes', ids: ['dense1_act'] });
  assert.deepEqual(group(shrunk.after, 'dense1')?.members, ['dense1_w', 'dense1_b']);
  assert.match(shrunk.notes[0]!, /no longer a Dense layer \(a Dense layer with these settings has 3 operations, this one has 2\)/);
});

test('a selection of nodes and edges is deleted in one change', () => {
  const { after, notes } = applyValid(mlp(), { kind: 'remove-nodes', ids: ['target'], edges: ['dense1_b->dense1_act', 'target->loss'] });
  assert.ok(!after.nodes.some((n) => n.id === 'target'));
  assert.deepEqual(after.edges.filter((e) => e.id === 'dense1_b->dense1_act' || e.id === 'target->loss'), []);
  assert.match(notes[0]!, /"Dense dense1" is no longer a Dense layer/, 'a cut inside a layer is noticed');
  assert.equal(describeChange({ kind: 'remove-nodes', ids: ['target'], edges: ['a'] }), 'Delete selection');
  assert.equal(describeChange({ kind: 'remove-nodes', ids: [], edges: ['a', 'b'] }), 'Delete 2 connections');
});

test('a pasted layer stays a layer', () => {
  const source = mlp();
  const members = source.nodes.filter((n) => n.id.startsWith('dense1_')).map((n) => ({ ...n, id: `copy_${n.id}` }));
  const { after, notes } = applyValid(source, {
    kind: 'add-nodes', nodes: members,
    edges: [edge('copy_dense1_w', 'copy_dense1_b', 'X'), edge('copy_dense1_b', 'copy_dense1_act', 'X')],
    groups: [{ ...group(source, 'dense1')!, id: 'copy', members: members.map((m) => m.id) }],
  });
  assert.equal(group(after, 'copy')?.kind, 'Dense');
  assert.deepEqual(notes, []);
});

test('every example takes a round of edits and still loads', () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.gradflow'))) {
    let doc = example(file);
    const changes: DocumentChange[] = [
      { kind: 'move-nodes', positions: Object.fromEntries(doc.nodes.map((n) => [n.id, { x: n.position.x + 10, y: n.position.y - 10 }])) },
      { kind: 'set-label', node: doc.nodes[0]!.id, label: 'first' },
      { kind: 'set-training', training: { epochs: 3, optimizer: { learningRate: 0.05 } } },
      ...doc.groups.map((g): DocumentChange => ({ kind: 'set-collapsed', group: g.id, collapsed: !g.collapsed })),
      { kind: 'remove-nodes', ids: [doc.nodes[doc.nodes.length - 1]!.id] },
    ];
    for (const change of changes) doc = applyValid(doc, change).after;
  }
});

test('describeChange names each edit for the Undo and Redo menu items', () => {
  const labels = (Object.values(VALID) as Case<ChangeKind>[]).map((c) => describeChange(c.change));
  assert.deepEqual(labels, [
    'Insert Dropout', 'Delete 3 nodes', 'Move 2 nodes', 'Change shape', 'Rename node', 'Connect', 'Delete connection',
    'Add Dense layer', 'Change layer settings', 'Expand', 'Group 2 nodes', 'Ungroup', 'Rename group',
    'Change training settings', 'Change data source', 'Rename document', 'Change description', 'Change view',
  ]);
  assert.equal(describeChange({ kind: 'move-nodes', positions: { a: { x: 0, y: 0 } } }), 'Move node');
  assert.equal(describeChange({ kind: 'add-nodes', nodes: [{ id: 'a', op: 'Sigmoid', attributes: {}, position: { x: 0, y: 0 } }] }), 'Add Sigmoid');
  assert.equal(describeChange({ kind: 'set-attributes', node: 'a', attributes: { a: 1, b: 2 } }), 'Change attributes');
});
