// Every op in the registry passes a numeric gradient check (analytic vs central differences, float64).
// The test enumerates the registry, so a new op that declares no check (or a skip reason) fails here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OPS } from './registry.ts';
import { checkOpGradient, DEFAULT_MAX_RELATIVE_ERROR } from '../graph/gradient-check.ts';

test('every op declares a gradient check or a reason it has nothing to check', () => {
  for (const op of OPS) {
    const check = op.gradientCheck;
    if ('skip' in check) {
      assert.ok(op.inputs.length === 0 && op.params.length === 0, `${op.type} skips its gradient check but has inputs or parameters`);
      assert.ok(check.skip.length > 0, `${op.type}: a skipped check must say why`);
    }
  }
});

for (const op of OPS) {
  const check = op.gradientCheck;
  if ('skip' in check) continue;
  test(`gradient check: ${op.type} (max relative error ≤ ${check.tolerance?.maxRelativeError ?? DEFAULT_MAX_RELATIVE_ERROR})`, () => {
    const report = checkOpGradient(op, check);
    assert.ok(report.comparisons.length > 0, `${op.type}: nothing was compared`);
    for (const c of report.comparisons) {
      assert.ok(
        c.maxRelativeError <= report.tolerance,
        `${op.type} ${c.name}: relative error ${c.maxRelativeError.toExponential(2)} > ${report.tolerance}`,
      );
    }
  });
}

test('the gradient check catches a wrong backward', () => {
  const sigmoid = OPS.find((op) => op.type === 'Sigmoid')!;
  // The book's ReLU-style slip: pass the gradient through unchanged.
  const broken = { ...sigmoid, backward: (ctx: Parameters<typeof sigmoid.backward>[0]) => ({ inputGrads: [ctx.outputGrad], paramGrads: [] }) };
  const report = checkOpGradient(broken, { inputShapes: [[3, 4]] });
  assert.equal(report.passed, false);
  assert.ok(report.maxRelativeError > 0.1);
});

test('compat "book" ReLU bug is not ours: negative inputs get zero gradient', () => {
  const relu = OPS.find((op) => op.type === 'ReLU')!;
  const report = checkOpGradient(relu, { inputShapes: [[6, 6]] });
  assert.ok(report.passed);
});
