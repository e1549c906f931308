// The legacy numpy algorithms behind NumpyRandom (random.ts) that need more than a few lines:
// the binomial samplers and the weighted choice.
//
// Everything here follows numpy/random/src (legacy/legacy-distributions.c, distributions/distributions.c)
// operation by operation, because reproducing numpy's stream bit for bit means rounding at exactly the
// same places, not just computing the same formula. That includes calling the C library's log() where
// numpy does, hence libmLog (libm-log.ts) rather than Math.log.

import { libmLog } from './libm-log.ts';

/** Anything that hands out numpy's 53-bit uniform doubles in [0, 1) (a NumpyRandom). */
export interface DoubleSource {
  random(): number;
}

// ---------------------------------------------------------------------------------------------------
// Binomial: numpy's legacy_random_binomial. It samples the rarer outcome (p' = min(p, 1-p)) by
// inversion when the mean n*p' is at most 30, by BTPE (Kachitvichyanukul & Schmeiser 1988) otherwise.

interface InversionSetup {
  q: number;
  qn: number; // P(X = 0) = q^n
  bound: number; // give up and restart past mean + 10 standard deviations
}

interface BtpeSetup {
  r: number;
  q: number;
  fm: number;
  m: number;
  p1: number;
  xm: number;
  xl: number;
  xr: number;
  c: number;
  laml: number;
  lamr: number;
  p2: number;
  p3: number;
  p4: number;
}

/** numpy's legacy binomial sampler, keeping its per-(n, p) setup between draws as numpy's binomial_t does. */
export class BinomialSampler {
  // The cached setup is a pure function of (n, p), so it only saves time: it never changes a draw, and
  // (like numpy's get_state) a state snapshot does not need it.
  private n = -1;
  private p = Number.NaN;
  private inversionSetup: InversionSetup | null = null;
  private btpeSetup: BtpeSetup | null = null;

  /** One draw of Binomial(n, p), consuming doubles from `source` exactly as numpy does. */
  draw(source: DoubleSource, n: number, p: number): number {
    if (p <= 0.5) {
      return p * n <= 30 ? this.inversion(source, n, p) : this.btpe(source, n, p);
    }
    const q = 1 - p;
    return n - (q * n <= 30 ? this.inversion(source, n, q) : this.btpe(source, n, q));
  }

  private sameParameters(n: number, p: number): boolean {
    if (this.n === n && this.p === p) return true;
    this.n = n;
    this.p = p;
    this.inversionSetup = null;
    this.btpeSetup = null;
    return false;
  }

  // Walk the CDF from 0 upwards until it passes one uniform draw. No shortcut for n = 0 or p = 0:
  // numpy still consumes a double there, and so must we.
  private inversion(source: DoubleSource, n: number, p: number): number {
    let s = this.sameParameters(n, p) ? this.inversionSetup : null;
    if (s === null) {
      const q = 1 - p;
      const np = n * p;
      // Math.exp, not glibc's exp: a last-bit difference in qn could only flip a draw whose uniform
      // lands within one ulp of a CDF step (probability ~1e-16 per draw).
      s = { q, qn: Math.exp(n * libmLog(q)), bound: Math.trunc(Math.min(n, np + 10 * Math.sqrt(np * q + 1))) };
      this.inversionSetup = s;
    }
    let x = 0;
    let px = s.qn;
    let u = source.random();
    while (u > px) {
      x++;
      if (x > s.bound) {
        x = 0;
        px = s.qn;
        u = source.random();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * s.q);
      }
    }
    return x;
  }

  private btpeSetupFor(n: number, p: number): BtpeSetup {
    if (this.sameParameters(n, p) && this.btpeSetup !== null) return this.btpeSetup;
    const r = Math.min(p, 1 - p);
    const q = 1 - r;
    const fm = n * r + r;
    const m = Math.floor(fm);
    const p1 = Math.floor(2.195 * Math.sqrt(n * r * q) - 4.6 * q) + 0.5;
    const xm = m + 0.5;
    const xl = xm - p1;
    const xr = xm + p1;
    const c = 0.134 + 20.5 / (15.3 + m);
    let a = (fm - xl) / (fm - xl * r);
    const laml = a * (1 + a / 2);
    a = (xr - fm) / (xr * q);
    const lamr = a * (1 + a / 2);
    const p2 = p1 * (1 + 2 * c);
    const p3 = p2 + c / laml;
    const p4 = p3 + c / lamr;
    this.btpeSetup = { r, q, fm, m, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4 };
    return this.btpeSetup;
  }

  // BTPE: a triangle, two parallelograms and two exponential tails cover the distribution; draw a point
  // under that hat and accept it if it also lies under the real probability mass. Each `continue`
  // is numpy's "goto Step10" (reject, draw again). Called with p <= 0.5 only, so numpy's final
  // "if (p > 0.5) y = n - y" never applies.
  private btpe(source: DoubleSource, n: number, p: number): number {
    const { r, q, m, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4 } = this.btpeSetupFor(n, p);
    for (;;) {
      const nrq = n * r * q;
      const u = source.random() * p4;
      let v = source.random();
      let y: number;
      if (u <= p1) return Math.floor(xm - p1 * v + u); // the triangle: always accepted
      if (u <= p2) {
        const x = xl + (u - p1) / c;
        v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
        if (v > 1) continue;
        y = Math.floor(x);
      } else if (u <= p3) {
        y = Math.floor(xl + libmLog(v) / laml);
        if (y < 0 || v === 0) continue;
        v = v * (u - p2) * laml;
      } else {
        y = Math.floor(xr - libmLog(v) / lamr);
        if (y > n || v === 0) continue;
        v = v * (u - p3) * lamr;
      }

      const k = Math.abs(y - m);
      if (!(k > 20 && k < nrq / 2 - 1)) {
        // Close to the mode: compare with the exact ratio f(y)/f(m), built by recursion.
        const s = r / q;
        const a = s * (n + 1);
        let f = 1;
        if (m < y) {
          for (let i = m + 1; i <= y; i++) f *= a / i - s;
        } else if (m > y) {
          for (let i = y + 1; i <= m; i++) f /= a / i - s;
        }
        if (v > f) continue;
        return y;
      }

      // Far from the mode: squeeze with bounds on log(f(y)/f(m)), then Stirling's formula.
      const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
      const t = (-k * k) / (2 * nrq);
      const logV = libmLog(v);
      if (logV < t - rho) return y;
      if (logV > t + rho) continue;
      const x1 = y + 1;
      const f1 = m + 1;
      const z = n + 1 - m;
      const w = n - y + 1;
      const bound =
        xm * libmLog(f1 / x1) +
        (n - m + 0.5) * libmLog(z / w) +
        (y - m) * libmLog((w * r) / (x1 * q)) +
        stirlingTail(f1) +
        stirlingTail(z) +
        stirlingTail(x1) +
        stirlingTail(w);
      if (logV > bound) continue;
      return y;
    }
  }
}

// The correction term of Stirling's series for log(x!) that BTPE's final test needs, in numpy's form.
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

// ---------------------------------------------------------------------------------------------------
// choice(n, p): numpy validates p, builds cdf = cumsum(p) / cumsum(p)[-1], draws one double u and
// returns cdf.searchsorted(u, side='right').

/** The cumulative table numpy's legacy choice(n, p=probabilities) searches; throws RangeError like numpy's ValueErrors. */
export function choiceCdf(n: number, probabilities: ArrayLike<number>): Float64Array {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`choice: n must be a positive integer, got ${n}`);
  if (probabilities.length !== n) {
    throw new RangeError(`choice: ${probabilities.length} probabilities given for ${n} outcomes`);
  }
  // numpy checks the total with a compensated (Kahan) sum and a tolerance of sqrt(machine epsilon).
  let sum = probabilities[0] as number;
  let compensation = 0;
  for (let i = 1; i < n; i++) {
    const y = (probabilities[i] as number) - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
  }
  if (Number.isNaN(sum)) throw new RangeError('choice: probabilities contain NaN');
  for (let i = 0; i < n; i++) {
    if ((probabilities[i] as number) < 0) throw new RangeError('choice: probabilities are not non-negative');
  }
  if (Math.abs(sum - 1) > 1.4901161193847656e-8) throw new RangeError('choice: probabilities do not sum to 1');

  // The cdf itself uses a plain running sum (np.cumsum), not the compensated one.
  const cdf = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += probabilities[i] as number;
    cdf[i] = running;
  }
  for (let i = 0; i < n; i++) cdf[i] = (cdf[i] as number) / running;
  return cdf;
}

/** Index of the first cdf entry greater than u: numpy's searchsorted(u, side='right') on a sorted array. */
export function searchSortedRight(cdf: ArrayLike<number>, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
