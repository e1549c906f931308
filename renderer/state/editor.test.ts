// The editor's state layer: palette drops, connections (checked, replacing a port's edge), moves coalesced per
// drag, deletes and undo/redo, all through core's History, with the document controller as the one store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Host } from '../host/host.ts';
import { DocumentController } from './document-controller.ts';
import { EditorController } from './editor.ts';
import { PALETTE_ITEMS } from '../canvas/palette-items.ts';

function setup() {
  const sent: EngineCommand[] = [];
  const host: Host = {
    kind: 'web',
    listExamples: async () => [], openExample: async () => null, openDocument: async () => null, saveDocument: async () => null,
    send: (command) => { sent.push(command); }, onTelemetry: () => () => {}, dispose: () => {},
  };
  const documents = new DocumentController(host);
  const editor = new EditorController(documents);
  documents.newDocument();
  const item = (type: string, kind: 'op' | 'layer' = 'op') => PALETTE_ITEMS.find((i) => i.type === type && i.kind === kind)!;
  const doc = () => documents.store.getState().doc!;
  return { documents, editor, item, doc, sent };
}

test('dropped palette items become nodes with fresh ids, at the drop point, each one undo step', () => {
  const { editor, item, doc, documents } = setup();
  assert.equal(doc().nodes.length, 0);
  assert.equal(editor.addItem(item('Input'), { x: 10, y: 20 }), 'input1');
  assert.equal(editor.addItem(item('Input'), { x: 10, y: 120 }), 'input2');
  assert.equal(editor.addItem(item('WeightMultiply'), { x: 200, y: 20 }), 'weightmultiply1');
  assert.deepEqual(doc().nodes.map((n) => [n.id, n.op, n.position.x]), [['input1', 'Input', 10], ['input2', 'Input', 10], ['weightmultiply1', 'WeightMultiply', 200]]);
  assert.equal(documents.store.getState().dirty, true);
  assert.equal(editor.store.getState().undoLabel, 'Undo Add WeightMultiply');
  assert.equal(editor.addItem(item('Dense', 'layer'), { x: 0, y: 300 }), 'dense1');
  assert.deepEqual(doc().groups.map((g) => g.kind), ['Dense']);
  assert.ok(editor.undo());
  assert.equal(doc().groups.length, 0);
  assert.ok(editor.redo());
  assert.equal(doc().groups.length, 1);
});

test('connect checks the connection, refuses a cycle with the reason, and replaces a port’s edge', () => {
  const { editor, item, doc } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  editor.addItem(item('Input'), { x: 0, y: 100 });
  editor.addItem(item('Sigmoid'), { x: 200, y: 0 });
  editor.addItem(item('Tanh'), { x: 400, y: 0 });
  assert.equal(editor.connect('input1', 'sigmoid1', 'X').ok, true);
  assert.equal(editor.connect('sigmoid1', 'tanh1', 'X').ok, true);
  assert.equal(doc().edges.length, 2);
  const cycle = editor.connect('tanh1', 'sigmoid1', 'X');
  assert.equal(cycle.ok, false);
  assert.match(editor.store.getState().refusal?.reason ?? '', /cycle/);
  assert.equal(doc().edges.length, 2, 'a refused connection changes nothing');
  const replaced = editor.connect('input2', 'sigmoid1', 'X');
  assert.equal(replaced.ok && replaced.replaces, 'input1->sigmoid1.X');
  assert.deepEqual(doc().edges.map((e) => `${e.from.node}->${e.to.node}.${e.to.port}`).sort(), ['input2->sigmoid1.X', 'sigmoid1->tanh1.X']);
  assert.equal(editor.store.getState().refusal, null);
  editor.undo();
  assert.ok(doc().edges.some((e) => e.from.node === 'input1'));
});

test('React Flow changes: a drag is one undo step, selection and sizes are view state, delete removes the selection', () => {
  const { editor, item, doc } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  editor.addItem(item('ReLU'), { x: 200, y: 0 });
  editor.connect('input1', 'relu1', 'X');
  editor.beginGesture();
  for (let x = 1; x <= 5; x++) editor.nodeChanges([{ type: 'position', id: 'relu1', position: { x: 200 + x * 10, y: 0 }, dragging: true }]);
  editor.endGesture();
  assert.deepEqual(doc().nodes[1]!.position, { x: 250, y: 0 });
  assert.equal(editor.store.getState().undoLabel, 'Undo Move node');
  editor.undo();
  assert.deepEqual(doc().nodes[1]!.position, { x: 200, y: 0 });
  assert.equal(editor.store.getState().undoLabel, 'Undo Connect');

  editor.nodeChanges([{ type: 'select', id: 'relu1', selected: true }, { type: 'dimensions', id: 'relu1', dimensions: { width: 150, height: 70 } }]);
  assert.deepEqual([...editor.store.getState().selectedNodes], ['relu1']);
  assert.deepEqual(editor.store.getState().measured.get('relu1'), { width: 150, height: 70 });
  editor.removeSelection();
  assert.deepEqual(doc().nodes.map((n) => n.id), ['input1']);
  assert.equal(doc().edges.length, 0);
  assert.equal(editor.store.getState().selectedNodes.size, 0);
  editor.undo();
  assert.equal(doc().nodes.length, 2);
  assert.equal(doc().edges.length, 1);
});

test('opening another document starts a fresh history; undoing back to the opened state is clean again', () => {
  const { editor, item, documents } = setup();
  editor.addItem(item('Input'));
  assert.notEqual(editor.store.getState().undoLabel, null);
  documents.newDocument();
  assert.equal(editor.store.getState().undoLabel, null);
  editor.addItem(item('Input'));
  assert.equal(documents.store.getState().dirty, true);
  editor.undo();
  assert.equal(documents.store.getState().dirty, false);
});

test('copy and paste (also into another window\'s editor), cut, duplicate: renamed, offset, selected, one undo step each', () => {
  const { editor, item, doc } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  editor.addItem(item('Dense', 'layer'), { x: 200, y: 0 });
  editor.connect('input1', 'dense1_w', 'X');
  editor.selectAll();
  assert.deepEqual([...editor.store.getState().selectedNodes].sort(), ['dense1', 'input1'], 'a new layer is collapsed: selected by its id');
  const text = editor.copySelection();
  assert.ok(text);
  assert.equal(JSON.parse(text).format, 'gradflow', 'the clipboard holds a .gradflow document');

  assert.equal(editor.paste(text), null);
  assert.equal(doc().nodes.length, 8);
  const pasted = doc().nodes.slice(4);
  assert.deepEqual(pasted.map((n) => n.id), ['input2', 'dense2_w', 'dense2_b', 'dense2_act'], 'taken ids renamed; layer members follow their layer');
  assert.deepEqual(pasted[0]!.position, { x: 40, y: 40 });
  assert.ok(doc().edges.some((e) => e.from.node === 'input2' && e.to.node === 'dense2_w'), 'the edge between pasted nodes comes along');
  assert.equal(doc().groups[1]?.id, 'dense2');
  assert.deepEqual(doc().groups[1]?.members, ['dense2_w', 'dense2_b', 'dense2_act']);
  assert.ok(editor.store.getState().selectedNodes.has('input2'), 'the pasted nodes are selected');
  assert.equal(editor.store.getState().undoLabel, 'Undo Paste');
  editor.undo();
  assert.equal(doc().nodes.length, 4);

  // Another window: a second editor receives the same text.
  const other = setup();
  assert.equal(other.editor.paste(text, { x: 500, y: 500 }), null);
  assert.deepEqual(other.doc().nodes.map((n) => n.id), ['input1', 'dense1_w', 'dense1_b', 'dense1_act'], 'free ids are kept');
  assert.deepEqual(other.doc().nodes[0]!.position, { x: 500, y: 500 });

  // Not a graph: refused with the loader's reason, the document untouched.
  const refusal = other.editor.paste('{"format":"gradflow","version":1,"nodes":[{"id":"a","op":"Nope"}]}');
  assert.match(refusal ?? '', /does not hold a Gradflow graph/);
  assert.equal(other.doc().nodes.length, 4);
  assert.match(other.editor.paste('hello') ?? '', /does not hold a Gradflow graph/);

  // Duplicate the Input only, then cut it.
  editor.store.setState({ selectedNodes: new Set(['input1']) });
  assert.equal(editor.duplicateSelection(), null);
  assert.equal(doc().nodes.at(-1)?.id, 'input2');
  assert.deepEqual([...editor.store.getState().selectedNodes], ['input2']);
  const cut = editor.cutSelection();
  assert.ok(cut && JSON.parse(cut).nodes[0].id === 'input2');
  assert.equal(doc().nodes.some((n) => n.id === 'input2'), false);
});

test('a collapsed layer moves, deletes and copies as a whole; grouping and ungrouping', () => {
  const { editor, item, doc } = setup();
  editor.addItem(item('Dense', 'layer'), { x: 100, y: 100 });
  editor.setCollapsed('dense1', false);
  assert.equal(doc().groups[0]?.collapsed, false);
  editor.setCollapsed('dense1', true);
  assert.equal(doc().groups[0]?.collapsed, true);
  const before = doc().nodes.map((n) => n.position);
  editor.nodeChanges([{ type: 'position', id: 'dense1', position: { x: 150, y: 90 } }]);
  doc().nodes.forEach((n, i) => assert.deepEqual(n.position, { x: before[i]!.x + 50, y: before[i]!.y - 10 }));
  editor.store.setState({ selectedNodes: new Set(['dense1']) });
  assert.equal(editor.selectedGroup(), 'dense1');
  editor.duplicateSelection();
  assert.deepEqual(doc().groups.map((g) => [g.id, g.collapsed]), [['dense1', true], ['dense2', true]]);
  assert.deepEqual([...editor.store.getState().selectedNodes], ['dense2'], 'a pasted collapsed layer is selected by its id');
  editor.removeSelection();
  assert.deepEqual(doc().groups.map((g) => g.id), ['dense1']);
  assert.equal(doc().nodes.length, 3, 'deleting the layer node deleted its members');

  editor.ungroup('dense1');
  assert.equal(doc().groups.length, 0);
  editor.store.setState({ selectedNodes: new Set(['dense1_w', 'dense1_b', 'dense1_act']) });
  assert.equal(editor.groupSelection(), null);
  assert.equal(doc().groups[0]?.kind, 'Dense', 'the members match the Dense template again');
});

test('auto-layout moves every node left to right in one undo step', async () => {
  const { editor, item, doc } = setup();
  editor.addItem(item('Input'), { x: 900, y: 0 });
  editor.addItem(item('Dense', 'layer'), { x: 0, y: 500 });
  editor.addItem(item('MeanSquaredError'), { x: -300, y: 0 });
  editor.connect('input1', 'dense1_w', 'X');
  editor.connect('dense1_act', 'meansquarederror1', 'prediction');
  await editor.autoLayout();
  const x = (id: string) => doc().nodes.find((n) => n.id === id)!.position.x;
  assert.ok(x('input1') < x('dense1_w') && x('dense1_w') < x('meansquarederror1'), doc().nodes.map((n) => `${n.id}@${n.position.x}`).join(' '));
  assert.equal(editor.store.getState().undoLabel?.startsWith('Undo Move'), true);
  editor.undo();
  assert.equal(x('input1'), 900);
});

test('dragging from an output lights the ports it may reach, on layers too; the drop ends it', () => {
  const { editor, item } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  editor.addItem(item('Dense', 'layer'), { x: 200, y: 0 });
  editor.addItem(item('MeanSquaredError'), { x: 800, y: 0 });
  editor.connect('input1', 'dense1_w', 'X');
  editor.startConnecting('dense1', 'dense1_act', 'source');
  const lit = editor.store.getState().connectable!;
  assert.deepEqual([...lit.get('meansquarederror1')!].sort(), ['prediction', 'target']);
  assert.equal(lit.has('input1'), false, 'upstream of the layer');
  assert.equal(lit.has('dense1'), false, 'the layer itself');
  editor.stopConnecting();
  assert.equal(editor.store.getState().connectable, null);
  editor.startConnecting('input1', 'out', 'source');
  assert.ok(editor.store.getState().connectable!.get('dense1')?.has('dense1_w:X'), 'a collapsed layer\'s handle, by its handle id');
  editor.startConnecting('meansquarederror1', 'prediction', 'target');
  assert.ok(editor.store.getState().connectable!.has('dense1'), 'a drag from an input changes nothing');
});

test('saving a trained document (parameters attached) keeps the undo history and marks it saved', () => {
  const { editor, item, doc, documents } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  editor.addItem(item('Sigmoid'), { x: 200, y: 0 });
  const trained = { ...doc(), parameters: {}, runSummary: { epochs: 1 } as never };
  documents.store.setState({ doc: trained, dirty: false });
  assert.equal(editor.doc(), trained, 'the editor edits the saved copy from now on');
  assert.equal(editor.store.getState().undoLabel, 'Undo Add Sigmoid', 'the history survived the save');
  editor.undo();
  assert.equal(doc().nodes.length, 1);
  assert.equal(documents.store.getState().dirty, true, 'undoing past the save is an unsaved change');
  editor.redo();
  assert.equal(documents.store.getState().dirty, false, 'back at the saved revision');
});

test('while a run is going on, what the graph computes is locked; layout and undo of layout are not', async () => {
  const { changesComputation } = await import('./editor.ts');
  const { editor, item, doc } = setup();
  editor.addItem(item('Input'), { x: 0, y: 0 });
  let locked = true;
  editor.isLocked = () => locked;
  assert.match(editor.addItem(item('Sigmoid')) === null ? editor.store.getState().refusal?.reason ?? '' : '', /locked while a run/);
  assert.equal(doc().nodes.length, 1, 'nothing added');
  assert.equal(editor.undo(), false, 'undoing the Input would change the graph');
  assert.equal(doc().nodes.length, 1);
  editor.nodeChanges([{ type: 'position', id: 'input1', position: { x: 50, y: 60 } }]);
  assert.deepEqual(doc().nodes[0]!.position, { x: 50, y: 60 }, 'moving is fine');
  assert.equal(editor.undo(), true, 'and so is undoing the move');
  assert.equal(changesComputation({ kind: 'set-collapsed', group: 'g', collapsed: true }), false);
  assert.equal(changesComputation({ kind: 'set-training', training: { epochs: 3 } }), true);
  locked = false;
  assert.notEqual(editor.addItem(item('Sigmoid')), null, 'after the run, editing again');
});
