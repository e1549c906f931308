// Edits that would corrupt a document are refused with a message that says why, and leave the (deep-frozen)
// document exactly as it was.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChange, type DocumentChange } from './changes.ts';
import type { DocEdge, GradflowDocument } from './types.ts';
import { sequentialDocument } from '../layers/sequential.ts';

/** Input(3) → Dense(5, sigmoid) → Dense(1) → MSE ← Target(1). */
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

const edge = (from: string, to: string, port: string): DocEdge =>
  ({ id: `${from}->${to}.${port}`, from: { node: from, port: 'out' }, to: { node: to, port } });

const REFUSED: { name: string; doc: () => GradflowDocument; change: DocumentChange; error: string | RegExp }[] = [
  { name: 'a duplicate node id', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 'input', op: 'Input', attributes: {}, position: { x: 0, y: 0 } }] }, error: 'id "input" is already used in this document' },
  { name: 'a node id taken by a group', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 'dense1', op: 'Tanh', attributes: {}, position: { x: 0, y: 0 } }] }, error: 'id "dense1" is already used in this document' },
  { name: 'an unknown op', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 's', op: 'Sigmod', attributes: {}, position: { x: 0, y: 0 } }] }, error: 'node "s" has unknown operation "Sigmod" (did you mean "Sigmoid"?)' },
  { name: 'a bad attribute value', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 'd', op: 'Dropout', attributes: { keepProbability: 0 }, position: { x: 0, y: 0 } }] }, error: 'node "d" (Dropout): keepProbability must be greater than 0, got 0' },
  { name: 'a React Flow node', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 't', op: 'Tanh', attributes: {}, position: { x: 0, y: 0 }, type: 'op' } as never] }, error: 'node "t" has unknown field "type"' },
  { name: 'two added edges on one port', doc: mlp, change: { kind: 'add-nodes', nodes: [{ id: 'a', op: 'Add', attributes: {}, position: { x: 0, y: 0 } }], edges: [edge('input', 'a', 'A'), { ...edge('target', 'a', 'A'), id: 'other' }] }, error: 'port A of "a" would be fed by two of the added edges; a port takes one' },
  { name: 'a member already in a group', doc: mlp, change: { kind: 'add-nodes', nodes: [], groups: [{ id: 'g', kind: 'Group', name: 'G', attributes: {}, members: ['dense1_w'], collapsed: false }] }, error: '"dense1_w" is already in group "dense1"' },
  { name: 'removing an unknown node', doc: mlp, change: { kind: 'remove-nodes', ids: ['input', 'nope'] }, error: 'there is no node "nope"' },
  { name: 'removing an unknown edge with nodes', doc: mlp, change: { kind: 'remove-nodes', ids: ['input'], edges: ['nope'] }, error: 'there is no edge "nope"' },
  { name: 'moving to NaN', doc: mlp, change: { kind: 'move-nodes', positions: { input: { x: Number.NaN, y: 0 } } }, error: 'cannot move "input" to (NaN, 0): a position needs two finite numbers' },
  { name: 'moving an unknown node', doc: mlp, change: { kind: 'move-nodes', positions: { ghost: { x: 0, y: 0 } } }, error: 'there is no node "ghost"' },
  { name: 'an unknown attribute', doc: mlp, change: { kind: 'set-attributes', node: 'dense1_w', attributes: { neuron: 3 } }, error: /node "dense1_w" \(WeightMultiply\): neuron is not an attribute of WeightMultiply \(it has: neurons, init\)/ },
  { name: 'an attribute out of range', doc: mlp, change: { kind: 'set-attributes', node: 'dense1_w', attributes: { neurons: 0 } }, error: 'node "dense1_w" (WeightMultiply): neurons must be at least 1, got 0' },
  { name: 'a label too long', doc: mlp, change: { kind: 'set-label', node: 'loss', label: 'x'.repeat(1001) }, error: /^the label of "loss" is too long/ },
  { name: 'an edge to itself', doc: mlp, change: { kind: 'add-edge', edge: edge('dense1_b', 'dense1_b', 'X') }, error: 'cannot connect "dense1_b" to itself; values must flow one way' },
  { name: 'an edge to a missing node', doc: mlp, change: { kind: 'add-edge', edge: edge('input', 'ghost', 'X') }, error: 'cannot connect to "ghost": there is no such node' },
  { name: 'an edge to a port the op lacks', doc: mlp, change: { kind: 'add-edge', edge: edge('input', 'loss', 'X') }, error: 'MeanSquaredError "loss" has no input port "X" (ports: prediction, target)' },
  { name: 'an edge into a source', doc: mlp, change: { kind: 'add-edge', edge: edge('loss', 'input', 'X') }, error: 'Input "input" has no input port "X" (it takes no inputs)' },
  { name: 'an edge from a port other than out', doc: mlp, change: { kind: 'add-edge', edge: { ...edge('input', 'dense1_w', 'X'), from: { node: 'input', port: 'y' } } }, error: 'Input "input" has one output, "out", not "y"' },
  { name: 'an edge that closes a cycle', doc: mlp, change: { kind: 'add-edge', edge: edge('dense2_act', 'dense1_b', 'X') }, error: 'that connection would make a cycle: dense1_b → dense1_act → dense2_w → dense2_b → dense2_act → dense1_b; values must flow one way' },
  { name: 'a duplicate edge id', doc: mlp, change: { kind: 'add-edge', edge: { ...edge('target', 'dense2_w', 'X'), id: 'input->dense1_w' } }, error: 'edge id "input->dense1_w" is already used in this document' },
  { name: 'removing an unknown edge', doc: mlp, change: { kind: 'remove-edges', ids: ['a->b'] }, error: 'there is no edge "a->b"' },
  { name: 'a layer id already used', doc: mlp, change: { kind: 'add-layer', layer: 'Dense', id: 'dense1', attributes: {} }, error: 'id "dense1" is already used in this document' },
  { name: 'an unknown layer kind', doc: mlp, change: { kind: 'add-layer', layer: 'LSTM' as never, id: 'l', attributes: {} }, error: 'unknown layer kind "LSTM"' },
  { name: 'a bad layer setting', doc: mlp, change: { kind: 'add-layer', layer: 'Conv2D', id: 'c', attributes: { kernelSize: 4 } }, error: /^Conv2D layer: kernelSize must be odd/ },
  { name: 'layer settings on a plain group', doc: () => ({ ...mlp(), groups: [{ ...mlp().groups[0]!, kind: 'Group', attributes: {} }] }), change: { kind: 'set-layer-attributes', group: 'dense1', attributes: { neurons: 2 } }, error: '"Dense dense1" is a plain group, not a layer; it has no layer settings' },
  { name: 'a bad layer setting change', doc: mlp, change: { kind: 'set-layer-attributes', group: 'dense1', attributes: { activation: 'swish' } }, error: /^Dense layer: activation expected one of/ },
  { name: 'layer settings whose new member id is taken', doc: () => ({ ...mlp(), nodes: [...mlp().nodes, { id: 'dense1_drop', op: 'Tanh', attributes: {}, position: { x: 0, y: 0 } }] }), change: { kind: 'set-layer-attributes', group: 'dense1', attributes: { dropout: 0.5 } }, error: 'these settings need a node "dense1_drop", but that id is already used in this document' },
  { name: 'collapsing an unknown group', doc: mlp, change: { kind: 'set-collapsed', group: 'nope', collapsed: true }, error: 'there is no group "nope"' },
  { name: 'grouping a missing node', doc: mlp, change: { kind: 'group-nodes', id: 'g', name: 'G', members: ['target', 'ghost'] }, error: 'group "g" lists "ghost", but there is no node with that id' },
  { name: 'grouping under a taken id', doc: mlp, change: { kind: 'group-nodes', id: 'loss', name: 'G', members: ['target'] }, error: 'id "loss" is already used in this document' },
  { name: 'grouping nothing', doc: mlp, change: { kind: 'group-nodes', id: 'g', name: 'G', members: [] }, error: 'group "g" has no members' },
  { name: 'ungrouping an unknown group', doc: mlp, change: { kind: 'ungroup', group: 'nope' }, error: 'there is no group "nope"' },
  { name: 'a blank group name', doc: mlp, change: { kind: 'rename-group', group: 'dense1', name: '  ' }, error: 'group "dense1" needs a name' },
  { name: 'a learning rate of 0', doc: mlp, change: { kind: 'set-training', training: { optimizer: { learningRate: 0 } } }, error: 'training: optimizer.learningRate must be greater than 0, got 0' },
  { name: 'an unknown training setting', doc: mlp, change: { kind: 'set-training', training: { epoch: 3 } as never }, error: 'training has unknown field "epoch"' },
  { name: 'a bad data source', doc: mlp, change: { kind: 'set-data', data: { kind: 'url' } }, error: 'data.kind: expected "builtin", "file" or "inline", got "url"' },
  { name: 'a name too long', doc: mlp, change: { kind: 'set-name', name: 'x'.repeat(1001) }, error: /^the name is too long/ },
  { name: 'a zoom of 0', doc: mlp, change: { kind: 'set-view', viewport: { x: 0, y: 0, zoom: 0 } }, error: 'the view: viewport.zoom must be greater than 0, got 0' },
];

for (const c of REFUSED) {
  test(`refused: ${c.name}`, () => {
    const doc = c.doc();
    const before = structuredClone(doc);
    const result = applyChange(deepFreeze(doc), c.change);
    assert.equal(result.ok, false);
    if (typeof c.error === 'string') assert.equal(!result.ok && result.error, c.error);
    else assert.match(!result.ok ? result.error : '', c.error);
    assert.deepEqual(doc, before);
  });
}
