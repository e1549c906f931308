// Which canvas node stands for an engine node (a collapsed layer for its members), and how a node is named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocGroup } from '../../core/document/types.ts';
import { canvasIdOf, describeNode } from './focus.ts';

const dense = (id: string, collapsed: boolean): DocGroup => ({ id, kind: 'Dense', name: `Dense ${id}`, attributes: {}, members: [`${id}_w`, `${id}_b`, `${id}_act`], collapsed });

test('a member of a collapsed layer is focused through the layer node; an expanded member is itself', () => {
  const groups = [dense('d1', true), dense('d2', false)];
  const of = canvasIdOf(groups);
  assert.equal(of('d1_w'), 'd1');
  assert.equal(of('d1_act'), 'd1');
  assert.equal(of('d1'), 'd1', 'the collapsed layer itself');
  assert.equal(of('d2_act'), 'd2_act');
  assert.equal(of('d2'), 'd2_act', 'an expanded layer named as a whole: its last member, where its output leaves');
  assert.equal(of('loss'), 'loss');
  assert.equal(canvasIdOf(groups), of, 'memoized per groups array');
  assert.notEqual(canvasIdOf([dense('d1', false)]), of);
  assert.equal(canvasIdOf([dense('d1', false)])('d1_b'), 'd1_b');
  assert.equal(canvasIdOf([{ ...dense('e', true), members: [] }])('e'), 'e');
});

test('a node is named by its label, op and layer', () => {
  const doc = {
    nodes: [
      { id: 'S', op: 'Sigmoid', label: 'S = σ(N)', attributes: {}, position: { x: 0, y: 0 } },
      { id: 'd1_act', op: 'Sigmoid', attributes: {}, position: { x: 0, y: 0 } },
    ],
    groups: [dense('d1', true)],
  };
  assert.equal(describeNode(doc, 'S'), '“S = σ(N)” (Sigmoid S)');
  assert.equal(describeNode(doc, 'd1_act'), 'd1_act (Sigmoid, in layer Dense d1)');
  assert.equal(describeNode(doc, 'gone'), 'gone');
  assert.equal(describeNode(undefined, 'x'), 'x');
});
