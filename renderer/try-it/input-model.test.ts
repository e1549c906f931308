// What Try it asks for and how it reads the answer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphDescription } from '../../core/protocol/telemetry.ts';
import { classLabels, featureNames, formatPercent, isScaled, parseFeature, readPrediction, sampleWidth, tryItInput } from './input-model.ts';

const graphWithInputs = (...shapes: ((number | null)[] | null)[]): GraphDescription => ({
  nodes: shapes.map((shape, i) => ({ id: `in${i}`, op: 'Input', shape, params: [] })), edges: [], order: [], parameterCount: 0,
});

test('a sample\'s width is its Input\'s shape without the batch axis', () => {
  assert.equal(sampleWidth([null, 784]), 784);
  assert.equal(sampleWidth([null, 1, 28, 28]), 784);
  assert.equal(sampleWidth([3]), 3);
  assert.equal(sampleWidth([null, null]), null);
  assert.equal(sampleWidth(null), null);
});

test('MNIST networks get a drawing pad; others a field per feature, named like the data\'s columns', () => {
  assert.deepEqual(tryItInput(graphWithInputs([null, 784]), { kind: 'builtin', name: 'mnist' }), { kind: 'digit', width: 784 });
  assert.deepEqual(tryItInput(graphWithInputs([null, 2]), { kind: 'builtin', name: 'spiral' }), { kind: 'features', width: 2, names: ['x', 'y'] });
  assert.deepEqual(tryItInput(graphWithInputs([null, 3]), { kind: 'inline', features: ['a', 'b', 'c'] }), { kind: 'features', width: 3, names: ['a', 'b', 'c'] });
  assert.deepEqual(tryItInput(graphWithInputs([null, 3]), { kind: 'file', path: 'x.csv' }).kind, 'features');
  assert.deepEqual(featureNames({ kind: 'file', features: ['a'] }, 3), ['x1', 'x2', 'x3'], 'names that do not fit the width are not used');
  assert.deepEqual(featureNames(undefined, 2), ['x1', 'x2']);
  // The engine's own names (the loaded message) win when they fit.
  assert.deepEqual(tryItInput(graphWithInputs([null, 2]), { kind: 'file', path: 'a.csv' }, ['size', 'rooms']), { kind: 'features', width: 2, names: ['size', 'rooms'] });
  assert.deepEqual(tryItInput(graphWithInputs([null, 2]), undefined, ['only one']), { kind: 'features', width: 2, names: ['x1', 'x2'] });
  assert.deepEqual(featureNames({ kind: 'builtin', name: 'auto-mpg' }, 5), ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration']);
});

test('graphs Try it cannot feed say why', () => {
  assert.match((tryItInput(undefined, undefined) as { reason: string }).reason, /not loaded/);
  assert.match((tryItInput(graphWithInputs(), undefined) as { reason: string }).reason, /no Input/);
  assert.match((tryItInput(graphWithInputs([null, 2], [null, 2]), undefined) as { reason: string }).reason, /has 2/);
  assert.match((tryItInput(graphWithInputs([null, 500]), undefined) as { reason: string }).reason, /too many/);
});

test('a document scales its features unless it says none', () => {
  assert.equal(isScaled({ kind: 'builtin', name: 'mnist', scale: { method: 'standardize', per: 'global' } }), true);
  assert.equal(isScaled({ kind: 'builtin', name: 'spiral' }), false);
  assert.equal(isScaled({ kind: 'inline', scale: { method: 'none' } }), false);
  assert.equal(isScaled(undefined), false);
});

test('typed values are numbers or say why not', () => {
  assert.deepEqual(parseFeature(' -1.5e2 '), { ok: true, value: -150 });
  assert.deepEqual(parseFeature(''), { ok: false, error: 'empty' });
  assert.deepEqual(parseFeature('abc'), { ok: false, error: '"abc" is not a number' });
  assert.equal(parseFeature('Infinity').ok, false);
});

test('an answer reads as the most probable class with labelled probabilities, or as named outputs', () => {
  const read = readPrediction('classification', [0.1, 0.7, 0.2], { kind: 'builtin', name: 'spiral' });
  assert.equal(read.predicted, 1);
  assert.deepEqual(read.labels, ['0', '1', '2']);
  assert.deepEqual(classLabels({ kind: 'file', classes: ['cat', 'dog'] }, 2), ['cat', 'dog']);
  const binary = readPrediction('classification', [0.8], undefined);
  assert.deepEqual([binary.predicted, binary.outputs, binary.labels], [1, [0.19999999999999996, 0.8], ['0', '1']], 'one sigmoid output is the probability of class 1');
  const regression = readPrediction('regression', [17.3], { kind: 'builtin', name: 'auto-mpg' });
  assert.equal(regression.predicted, undefined);
  assert.deepEqual(regression.labels, ['Miles_per_Gallon']);
  assert.deepEqual(readPrediction('regression', [1, 2], undefined).labels, ['output 1', 'output 2']);
});

test('probabilities read as short percentages', () => {
  assert.equal(formatPercent(0.99712), '99.7%');
  assert.equal(formatPercent(0.0003979), '0.04%');
  assert.equal(formatPercent(6e-11), '<0.01%');
  assert.equal(formatPercent(0), '0%');
  assert.equal(formatPercent(1), '100%');
});
