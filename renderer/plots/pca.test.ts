import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca2 } from './pca.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('pca2 by hand: points spread along a rotated axis project onto it first', () => {
  // Along u = (1, 1)/√2 at ±2√2 and along w = (−1, 1)/√2 at ±√2, centred at (1, 1).
  const rows = [[3, 3], [-1, -1], [0, 2], [2, 0]];
  const p = pca2(rows);
  const r = Math.SQRT1_2;
  close(p.components[0][0]!, r);
  close(p.components[0][1]!, r);
  // The second is ±(−1, 1)/√2: both components are equally large, so only the magnitudes are pinned.
  close(Math.abs(p.components[1][0]!), r);
  close(Math.abs(p.components[1][1]!), r);
  // Projections on u: [2√2, −2√2, 0, 0], variance (with n − 1) 16/3; on w: [0, 0, ±√2, ±√2], variance 4/3.
  close(p.variances[0], 16 / 3);
  close(p.variances[1], 4 / 3);
  p.x.forEach((x, i) => close(x, [2 * Math.SQRT2, -2 * Math.SQRT2, 0, 0][i]!));
  p.y.forEach((y, i) => close(Math.abs(y), [0, 0, Math.SQRT2, Math.SQRT2][i]!));
  close(p.explained, 1);
});

test('pca2 against numpy: 3-D rows (values from numpy.linalg.eigh of np.cov)', () => {
  // Data chosen so the covariance is diagonal: variances 4, 1, 0.25 on axes z, x, y.
  const rows = [[1, 0, 0], [-1, 0, 0], [0, 0.5, 0], [0, -0.5, 0], [0, 0, 2], [0, 0, -2]];
  const p = pca2(rows);
  // np.cov(rows.T) = diag(0.4, 0.1, 1.6); eigh → 1.6 on z, then 0.4 on x.
  close(p.variances[0], 1.6);
  close(p.variances[1], 0.4);
  p.components[0].forEach((v, i) => close(v, [0, 0, 1][i]!));
  p.components[1].forEach((v, i) => close(v, [1, 0, 0][i]!));
  close(p.explained, 2 / 2.1);
  p.x.forEach((v, i) => close(v, [0, 0, 0, 0, 2, -2][i]!));
  p.y.forEach((v, i) => close(v, [1, -1, 0, 0, 0, 0][i]!));
});
