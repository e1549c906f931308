// Step-through on the canvas: how values read on an edge, which edges a step lights up, which formula a node shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import { edgeEnds, edgeStepRole, formatCompact, formatEdgeValues, formulaFor } from './step-view.ts';

test('numbers on an edge are three significant digits, exponent form when tiny or huge', () => {
  assert.equal(formatCompact(0.7310585786300049), '0.731');
  assert.equal(formatCompact(0.5), '0.5');
  assert.equal(formatCompact(-12.3456), '-12.3');
  assert.equal(formatCompact(2.173), '2.17');
  assert.equal(formatCompact(0), '0');
  assert.equal(formatCompact(2.5e-5), '2.50e-5');
  assert.equal(formatCompact(123456), '1.23e5');
  assert.equal(formatCompact(NaN), 'NaN');
  assert.equal(formatCompact(-Infinity), '-Infinity');
});

test('an edge lists its values, up to six, then says how many more', () => {
  assert.equal(formatEdgeValues([0.7310585786300049, 0.2689414213699951]), '[0.731, 0.269]');
  assert.equal(formatEdgeValues([]), '[]');
  const many = Array.from({ length: 64 }, (_, i) => i / 10);
  assert.equal(formatEdgeValues(many), '[0, 0.1, 0.2, 0.3, 0.4, 0.5, … +58]');
  assert.equal(formatEdgeValues([1, 2, 3, 4, 5, 6]), '[1, 2, 3, 4, 5, 6]');
});

const graph: GraphDescription = {
  nodes: [], order: ['X', 'W', 'N', 'S'], parameterCount: 3,
  edges: [
    { id: 'X->N.X', from: 'X', to: 'N', port: 'X', carriesGradient: false },
    { id: 'W->N.W', from: 'W', to: 'N', port: 'W', carriesGradient: true },
    { id: 'N->S.X', from: 'N', to: 'S', port: 'X', carriesGradient: true },
  ],
};

test('a step forward lights the node\'s outgoing edges; a step backward its incoming edges that carry a gradient', () => {
  const ends = edgeEnds(graph);
  assert.equal(edgeEnds(graph), ends, 'worked out once per graph');
  const role = (id: string, direction: 'forward' | 'backward', nodeId: string) => edgeStepRole({ direction, nodeId }, ends.get(id));
  assert.equal(role('X->N.X', 'forward', 'X'), 'forward');
  assert.equal(role('N->S.X', 'forward', 'X'), null);
  assert.equal(role('N->S.X', 'forward', 'N'), 'forward');
  assert.equal(role('W->N.W', 'backward', 'N'), 'backward');
  assert.equal(role('X->N.X', 'backward', 'N'), null, 'data carries no gradient');
  assert.equal(role('N->S.X', 'backward', 'N'), null, 'an outgoing edge is not written by a step backward');
  assert.equal(edgeStepRole(undefined, ends.get('X->N.X')), null);
  assert.equal(edgeStepRole({ direction: 'forward', nodeId: 'X' }, undefined), null);
});

test('a node shows its formula of the pass going on; a collapsed layer its stepped member\'s', () => {
  const formulas = {
    S: { forward: 'σ(2.17) = 0.898', backward: '∂σ/∂x = σ(x)(1 − σ(x)) = 0.0916' },
    N: { forward: 'N = X·W = 2.17' },
    d1_act: { forward: 'tanh(…)' },
  };
  const canvasOf = (id: string) => (id.startsWith('d1_') ? 'd1' : id);
  assert.deepEqual(formulaFor('S', { direction: 'forward', nodeId: 'S' }, formulas, canvasOf), { nodeId: 'S', text: 'σ(2.17) = 0.898' });
  assert.deepEqual(formulaFor('S', { direction: 'backward', nodeId: 'S' }, formulas, canvasOf)?.text, '∂σ/∂x = σ(x)(1 − σ(x)) = 0.0916');
  // The backward pass is at N: S already shows its derivative, N (not stepped back yet) its forward numbers.
  assert.equal(formulaFor('S', { direction: 'backward', nodeId: 'N' }, formulas, canvasOf)?.text, '∂σ/∂x = σ(x)(1 − σ(x)) = 0.0916');
  assert.equal(formulaFor('N', { direction: 'backward', nodeId: 'S' }, formulas, canvasOf)?.text, 'N = X·W = 2.17');
  assert.equal(formulaFor('X', { direction: 'forward', nodeId: 'X' }, formulas, canvasOf), undefined);
  assert.deepEqual(formulaFor('d1', { direction: 'forward', nodeId: 'd1_act' }, formulas, canvasOf), { nodeId: 'd1_act', text: 'tanh(…)' });
  assert.equal(formulaFor('d1', { direction: 'forward', nodeId: 'S' }, formulas, canvasOf), undefined);
  assert.equal(formulaFor('S', undefined, {}, canvasOf), undefined);
});
