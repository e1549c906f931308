// The gradient check's pure part: which nodes have a gradient to check, and how an answer reads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkableNodes, describeCheck, formatRelativeError } from './gradient-check-view.ts';

const node = (id: string, op: string) => ({ id, op, attributes: {}, position: { x: 0, y: 0 } });

test('data, labels and constants have no gradient to check; Operations and parameters do', () => {
  const doc = { nodes: [node('x', 'Input'), node('w', 'Parameter'), node('m', 'MatMul'), node('s', 'Sigmoid'), node('t', 'Target'), node('?', 'Nope')] };
  assert.deepEqual(checkableNodes(doc, ['x', 'w', 'm', 's', 't', '?', 'gone']), ['w', 'm', 's']);
});

test('an answer reads ✓ with its worst error, or ✗ with the error against the tolerance', () => {
  const answer = { type: 'gradient-check' as const, nodeId: 'S', tolerance: 1e-6, passed: true, comparisons: [{ name: 'input X', maxRelativeError: 3.2e-10 }] };
  assert.equal(describeCheck(answer), '✓ S: analytic = numeric (max relative error 3.2e-10)');
  assert.equal(describeCheck({ ...answer, passed: false, comparisons: [{ name: 'input X', maxRelativeError: 0.25 }] }), '✗ S: max relative error 2.5e-1 (tolerance 1.0e-6)');
  assert.match(describeCheck({ ...answer, comparisons: [] }), /nothing to compare/);
  assert.equal(formatRelativeError(0), '0');
  assert.equal(formatRelativeError(NaN), 'NaN');
});
