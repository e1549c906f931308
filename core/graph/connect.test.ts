// Connections checked while dragging: legal ones report the shape they carry (and which edge they replace);
// cycles and shape mismatches are refused with both nodes, both shapes and a fix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkConnection, connectionLabel } from './connect.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';
import { sequentialDocument } from '../layers/sequential.ts';

test('a legal connection carries the source shape, and says which edge it replaces on a taken port', () => {
  const doc = documentOf(nodes(['x', 'Input', { shape: [3] }], ['w', 'WeightMultiply', { neurons: 2 }], ['t', 'Tanh']), edges('x -> w.X'));
  const free = checkConnection(doc, 'w', 't', 'X');
  assert.deepEqual(free, { ok: true, shape: [null, 2] });
  assert.equal(connectionLabel(free), '(N, 2)');
  const taken = checkConnection(doc, 't', 'w', 'X');
  assert.equal(taken.ok, true);
  assert.equal((taken as { replaces?: string }).replaces, 'x->w.X');
});

test('a connection that would close a loop is refused, naming the loop', () => {
  const doc = documentOf(nodes(['a', 'Sigmoid'], ['b', 'Tanh'], ['c', 'Square']), edges('a -> b.X', 'b -> c.X'));
  assert.deepEqual(checkConnection(doc, 'c', 'a', 'X'), {
    ok: false, reason: 'connecting "c" to "a" would make a cycle ("a" → "b" → "c" → "a"); values must flow one way',
  });
  assert.deepEqual(checkConnection(doc, 'a', 'a', 'X'), { ok: false, reason: '"a" cannot feed itself' });
});

test('a shape mismatch is refused with both nodes, both shapes and a fix', () => {
  const doc = documentOf(nodes(['x', 'Input', { shape: [3] }], ['W', 'Parameter', { shape: [4, 2] }], ['mm', 'MatMul']), edges('x -> mm.X'));
  const refused = checkConnection(doc, 'W', 'mm', 'W');
  assert.equal(refused.ok, false);
  assert.match((refused as { reason: string }).reason, /MatMul "mm": X \(N, 3\) and W \(4, 2\) do not multiply.*X ← "x" \(N, 3\), W ← "W" \(4, 2\)/);
  assert.equal((refused as { suggestion?: string }).suggestion, "make W's first dimension 3");
});

test('an image into a dense layer suggests Flatten; a loss with the wrong class count suggests the neurons', () => {
  const conv = sequentialDocument({
    inputShape: [1, 8, 8], targetShape: [10], loss: 'SoftmaxCrossEntropy',
    layers: [{ kind: 'Conv2D', attributes: { filters: 2, kernelSize: 3 } }, { kind: 'Dense', attributes: { neurons: 10 } }],
  });
  const withoutLink = { ...conv, edges: conv.edges.filter((e) => !(e.from.node === 'conv2d1_act' && e.to.node === 'dense2_w')) };
  const refused = checkConnection(withoutLink, 'conv2d1_act', 'dense2_w', 'X');
  assert.equal(refused.ok, false);
  assert.match((refused as { suggestion?: string }).suggestion ?? '', /Flatten/);
  const mlp = sequentialDocument({ inputShape: [4], targetShape: [3], loss: 'SoftmaxCrossEntropy', layers: [{ kind: 'Dense', attributes: { neurons: 5 } }] });
  const wrong = checkConnection({ ...mlp, edges: mlp.edges.filter((e) => e.to.node !== 'loss' || e.to.port !== 'prediction') }, 'dense1_b', 'loss', 'prediction');
  assert.equal(wrong.ok, false);
  assert.match((wrong as { reason: string }).reason, /prediction \(N, 5\) and target \(N, 3\)/);
});

test('unknown ports and nodes are refused plainly; an unconnected source is allowed with an unknown shape', () => {
  const doc = documentOf(nodes(['add', 'Add'], ['s', 'Sigmoid'], ['x', 'Input']), []);
  assert.deepEqual(checkConnection(doc, 'x', 's', 'Y'), { ok: false, reason: 'Sigmoid "s" has no input "Y" (it has X)' });
  assert.deepEqual(checkConnection(doc, 'x', 'x', 'X'), { ok: false, reason: '"x" cannot feed itself' });
  assert.deepEqual(checkConnection(doc, 'ghost', 's', 'X'), { ok: false, reason: 'there is no node "ghost"' });
  const pending = checkConnection(doc, 'add', 's', 'X');
  assert.deepEqual(pending, { ok: true, shape: null });
  assert.equal(connectionLabel(pending), '?');
});

test('connectablePorts: what a dragged connection may reach — no upstream nodes, no shape mismatches', async () => {
  const { connectablePorts } = await import('./connect.ts');
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [3] }], ['w', 'WeightMultiply', { neurons: 2 }], ['t', 'Tanh'], ['W', 'Parameter', { shape: [4, 2] }], ['mm', 'MatMul']),
    edges('x -> w.X', 'w -> t.X', 'W -> mm.W'),
  );
  const fromW = connectablePorts(doc, 'w');
  assert.equal(fromW.has('x'), false, 'upstream: a cycle');
  assert.equal(fromW.has('w'), false, 'itself');
  assert.deepEqual([...fromW.get('t')!], ['X']);
  // w gives (N, 2) but the MatMul's W is (4, 2): X would need 4 columns, so X is not offered.
  assert.equal(checkConnection(doc, 'w', 'mm', 'X').ok, false);
  assert.equal(fromW.get('mm')?.has('X') ?? false, false);
  const fromT = connectablePorts(doc, 't');
  assert.equal(fromT.has('w'), false);
  assert.equal(fromT.has('x'), false);
});

test('connectableSources: what may feed a port — no downstream nodes, no shape mismatches', async () => {
  const { connectableSources } = await import('./connect.ts');
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [3] }], ['w', 'WeightMultiply', { neurons: 2 }], ['t', 'Tanh'], ['W', 'Parameter', { shape: [4, 2] }], ['mm', 'MatMul']),
    edges('x -> w.X', 'w -> t.X', 'W -> mm.W'),
  );
  assert.deepEqual(connectableSources(doc, 'w', 'X'), ['x', 'W', 'mm'].filter((id) => checkConnection(doc, id, 'w', 'X').ok));
  assert.equal(connectableSources(doc, 'w', 'X').includes('t'), false, 'downstream: a cycle');
  assert.equal(connectableSources(doc, 'mm', 'X').includes('w'), false, '(N, 2) cannot meet a (4, 2) W');
  assert.ok(connectableSources(doc, 't', 'X').includes('x'));
});
