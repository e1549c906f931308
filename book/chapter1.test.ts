// Chapter 1: the matrix example of the gallery holds the book's own seeded numbers — np.random.seed(190203),
// X = randn(1, 3) printed as [[0.4723, 0.6151, -1.7262]], W = randn(3, 1) — and its gradients are the book's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import { parametersFromDocument } from '../core/document/parameters.ts';
import { buildGraph } from '../core/graph/build.ts';
import { Executor } from '../core/graph/executor.ts';
import { NumpyRandom } from '../core/tensor/random.ts';
import { Tensor } from '../core/tensor/tensor.ts';

const file = join(import.meta.dirname, '..', 'assets', 'examples', 'ch1-matrix.gradflow');
const BOOK_X = [0.4723, 0.6151, -1.7262];
const BOOK_W = [0.9282, -0.6075, -1.2214];

test('chapter 1 matrix example: X and W equal the book\'s printed values to 4 decimals', () => {
  const loaded = loadDocument(readFileSync(file, 'utf8'));
  assert.ok(loaded.ok);
  const data = loaded.doc.data as unknown as { rows: number[][] };
  assert.deepEqual(data.rows[0]!.slice(0, 3).map((v) => v.toFixed(4)), BOOK_X.map((v) => v.toFixed(4)));
  const saved = parametersFromDocument(loaded.doc);
  assert.ok(saved.ok);
  assert.deepEqual([...saved.store.get('W.value')!.data].map((v) => v.toFixed(4)), BOOK_W.map((v) => v.toFixed(4)));
});

test('chapter 1 matrix example: dL/dX = σ′(XW)·Wᵀ and dL/dW = Xᵀ·σ′(XW), as the book derives', () => {
  const random = new NumpyRandom(190203);
  const X = Tensor.from(random.randn(3), [1, 3], 'float64');
  const W = Tensor.from(random.randn(3), [3, 1], 'float64');
  const built = buildGraph({
    nodes: [
      { id: 'X', op: 'Parameter', attributes: { shape: [1, 3] }, position: { x: 0, y: 0 } },
      { id: 'W', op: 'Parameter', attributes: { shape: [3, 1] }, position: { x: 0, y: 0 } },
      { id: 'N', op: 'MatMul', attributes: {}, position: { x: 0, y: 0 } },
      { id: 'S', op: 'Sigmoid', attributes: {}, position: { x: 0, y: 0 } },
      { id: 'L', op: 'Sum', attributes: {}, position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'x', from: { node: 'X', port: 'out' }, to: { node: 'N', port: 'X' } },
      { id: 'w', from: { node: 'W', port: 'out' }, to: { node: 'N', port: 'W' } },
      { id: 'n', from: { node: 'N', port: 'out' }, to: { node: 'S', port: 'X' } },
      { id: 's', from: { node: 'S', port: 'out' }, to: { node: 'L', port: 'X' } },
    ],
  });
  assert.ok(built.ok);
  const executor = new Executor(built.graph, new Map([['X.value', X], ['W.value', W]]), { dtype: 'float64', random });
  executor.forward(new Map(), false);
  executor.backward();
  const n = [...X.data].reduce((sum, x, i) => sum + x * W.data[i]!, 0);
  const s = 1 / (1 + Math.exp(-n));
  const dS = s * (1 - s);
  [...executor.paramGrads.get('X.value')!.data].forEach((g, i) => assert.ok(Math.abs(g - dS * W.data[i]!) < 1e-15));
  [...executor.paramGrads.get('W.value')!.data].forEach((g, i) => assert.ok(Math.abs(g - X.data[i]! * dS) < 1e-15));
});
