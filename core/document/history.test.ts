// Undo/redo: round trips restore the very same documents, a drag is one undo step, the cap forgets the
// oldest steps, "unsaved changes" follows the saved marker, and panning is neither an undo step nor unsaved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentChange } from './changes.ts';
import {
  applyToHistory, canRedo, canUndo, createHistory, isDirty, markSaved, redo, redoLabel, undo, undoLabel, type HistoryState,
} from './history.ts';
import type { GradflowDocument } from './types.ts';
import { sequentialDocument } from '../layers/sequential.ts';

const mlp = (): GradflowDocument => sequentialDocument({
  name: 'MLP', inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
  layers: [{ kind: 'Dense', attributes: { neurons: 5, activation: 'sigmoid' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Apply a change that must succeed; the state given is frozen, so nothing may write to it. */
function apply(state: HistoryState, change: DocumentChange): HistoryState {
  const result = applyToHistory(deepFreeze(state), change);
  assert.ok(result.ok, !result.ok ? result.error : '');
  return result.state;
}

const move = (id: string, x: number, y: number, gestureId?: string): DocumentChange =>
  ({ kind: 'move-nodes', positions: { [id]: { x, y } }, ...(gestureId ? { gestureId } : {}) });

const EDITS: DocumentChange[] = [
  { kind: 'add-layer', layer: 'Dense', id: 'dense3', attributes: { neurons: 2 } },
  move('input', -40, 30),
  { kind: 'set-attributes', node: 'dense1_w', attributes: { init: 'glorot' } },
  { kind: 'set-training', training: { epochs: 4, optimizer: { learningRate: 0.1 } } },
  { kind: 'remove-nodes', ids: ['target'] },
];

test('undo and redo walk back and forth through the very same documents', () => {
  let state = createHistory(mlp());
  const docs = [state.present];
  for (const change of EDITS) {
    state = apply(state, change);
    docs.push(state.present);
  }
  assert.equal(state.past.length, EDITS.length);
  for (let i = EDITS.length - 1; i >= 0; i--) {
    state = undo(deepFreeze(state));
    assert.equal(state.present, docs[i], `undo ${i} restores the identical object`);
  }
  assert.deepEqual(state.present, mlp());
  assert.equal(canUndo(state), false);
  assert.equal(undo(state), state, 'nothing to undo: the same state');
  for (let i = 1; i <= EDITS.length; i++) {
    state = redo(deepFreeze(state));
    assert.equal(state.present, docs[i], `redo ${i} restores the identical object`);
  }
  assert.equal(canRedo(state), false);
  assert.equal(redo(state), state);
});

test('unchanged parts stay shared across undo: a move keeps edges and groups by reference', () => {
  let state = createHistory(mlp());
  const original = state.present;
  state = apply(state, move('loss', 1000, 0));
  assert.equal(state.present.edges, original.edges);
  state = undo(state);
  assert.equal(state.present, original);
});

test('a new change after an undo clears what could be redone', () => {
  let state = apply(apply(createHistory(mlp()), EDITS[0]!), EDITS[1]!);
  state = undo(state);
  assert.equal(canRedo(state), true);
  state = apply(state, { kind: 'set-name', name: 'Other' });
  assert.equal(canRedo(state), false);
  assert.deepEqual(state.past.map((e) => e.label), ['Add Dense layer', 'Rename document']);
});

test('refused and no-op changes leave the history alone', () => {
  const state = deepFreeze(createHistory(mlp()));
  const refused = applyToHistory(state, { kind: 'remove-nodes', ids: ['ghost'] });
  assert.deepEqual(refused, { ok: false, error: 'there is no node "ghost"' });
  const same = applyToHistory(state, { kind: 'set-collapsed', group: 'dense1', collapsed: true });
  assert.ok(same.ok && same.state === state);
});

test('the menu labels name the next undo and redo', () => {
  let state = createHistory(mlp());
  assert.equal(undoLabel(state), null);
  state = apply(state, EDITS[0]!);
  state = apply(state, { kind: 'move-nodes', positions: { input: { x: 1, y: 1 }, loss: { x: 2, y: 2 }, target: { x: 3, y: 3 } } });
  assert.equal(undoLabel(state), 'Undo Move 3 nodes');
  state = undo(state);
  assert.equal(undoLabel(state), 'Undo Add Dense layer');
  assert.equal(redoLabel(state), 'Redo Move 3 nodes');
  assert.equal(redoLabel(redo(state)), null);
});

test('the moves of one drag (one gestureId) are one undo step', () => {
  const start = createHistory(mlp());
  let state = start;
  for (let step = 1; step <= 20; step++) state = apply(state, move('input', step * 5, step * 2, 'drag-1'));
  state = apply(state, { kind: 'move-nodes', positions: { input: { x: 101, y: 40 }, target: { x: 7, y: 7 } }, gestureId: 'drag-1' });
  assert.equal(state.past.length, 1);
  assert.equal(undoLabel(state), 'Undo Move 2 nodes');
  const dragged = state.present;
  assert.deepEqual(dragged.nodes.find((n) => n.id === 'input')!.position, { x: 101, y: 40 });
  state = undo(state);
  assert.equal(state.present, start.present, 'one undo puts the whole drag back');
  state = redo(state);
  assert.equal(state.present, dragged);

  // Another drag, or moves without a gesture, are steps of their own.
  state = apply(apply(state, move('loss', 1, 1, 'drag-2')), move('loss', 2, 2, 'drag-2'));
  state = apply(apply(state, move('loss', 3, 3)), move('loss', 4, 4));
  assert.deepEqual(state.past.map((e) => e.label), ['Move 2 nodes', 'Move node', 'Move node', 'Move node']);
});

test('a drag that ends where it began leaves no undo step and no unsaved change', () => {
  let state = createHistory(mlp());
  const { x, y } = state.present.nodes[0]!.position;
  state = apply(state, move('input', x + 30, y, 'drag'));
  assert.equal(isDirty(state), true);
  state = apply(state, move('input', x, y, 'drag'));
  assert.equal(canUndo(state), false);
  assert.equal(isDirty(state), false);
});

test('the cap keeps the newest steps and forgets the oldest', () => {
  let state = createHistory(mlp(), { limit: 3 });
  const docs = [state.present];
  for (let i = 1; i <= 5; i++) {
    state = apply(state, { kind: 'set-name', name: `name ${i}` });
    docs.push(state.present);
  }
  assert.equal(state.past.length, 3);
  while (canUndo(state)) state = undo(state);
  assert.equal(state.present, docs[2], 'three undos back, no further');
  assert.equal(createHistory(mlp()).limit, 500);
});

test('unsaved changes follow the saved marker, through undo and redo', () => {
  let state = createHistory(mlp());
  assert.equal(isDirty(state), false, 'an opened file starts saved');
  assert.equal(isDirty(createHistory(mlp(), { saved: false })), true, 'a new document has never been saved');
  state = apply(state, EDITS[0]!);
  assert.equal(isDirty(state), true);
  state = undo(state);
  assert.equal(isDirty(state), false, 'undoing back to the saved document makes it clean again');
  state = markSaved(redo(state));
  assert.equal(isDirty(state), false);
  state = undo(state);
  assert.equal(isDirty(state), true);
  state = apply(state, EDITS[0]!);
  assert.deepEqual(state.present.groups, redo(undo(state)).present.groups);
  assert.equal(isDirty(state), true, 'the same edit made again is a new revision, not the saved one');
  const saved = markSaved(state);
  assert.equal(markSaved(saved), saved, 'marking a saved state again changes nothing');
});

test('panning and zooming are neither undo steps nor unsaved changes, and undo keeps the view', () => {
  let state = createHistory(mlp());
  state = apply(state, EDITS[0]!);
  state = markSaved(state);
  state = apply(state, { kind: 'set-view', viewport: { x: 5, y: 5, zoom: 2 } });
  assert.equal(state.past.length, 1);
  assert.equal(isDirty(state), false);
  state = undo(state);
  assert.deepEqual(state.present.view, { viewport: { x: 5, y: 5, zoom: 2 } });
  assert.ok(!state.present.groups.some((g) => g.id === 'dense3'));
  state = redo(state);
  assert.deepEqual(state.present.view, { viewport: { x: 5, y: 5, zoom: 2 } });
  assert.equal(isDirty(state), false);
});

test('notes from the change come back with the new state', () => {
  const result = applyToHistory(createHistory(mlp()), { kind: 'remove-edges', ids: ['dense1_w->dense1_b'] });
  assert.ok(result.ok);
  assert.match(result.notes[0]!, /is no longer a Dense layer/);
});
