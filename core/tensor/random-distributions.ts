// The legacy numpy algorithms behind NumpyRandom (random.ts) that need more than a few lines:
// the binomial samplers, the weighted choice, and the C library's log() that they and the Gaussian use.
//
// Everything here follows numpy/random/src (legacy/legacy-distributions.c, distributions/distributions.c)
// and glibc's sysdeps/ieee754/dbl-64/e_log.c operation by operation, because reproducing numpy's stream
// bit for bit means rounding at exactly the same places, not just computing the same formula.

/** Anything that hands out numpy's 53-bit uniform doubles in [0, 1) (a NumpyRandom). */
export interface DoubleSource {
  random(): number;
}

// ---------------------------------------------------------------------------------------------------
// log(): numpy calls the C library's log() in legacy_gauss (so in every randn/normal draw) and in the
// binomial samplers. Math.log is accurate too, but it is a different function: in V8 it disagrees with
// glibc's log in the last bit for about 7% of the arguments randn feeds it, so randn would drift from
// numpy's. libmLog replays glibc's algorithm as built for CPUs with FMA (the variant glibc selects on
// any x86-64 with FMA and AVX2, which is what numpy's fixtures were recorded on), fused
// multiply-adds included.

// Bits of a double, read through a DataView so the result does not depend on the platform's byte order.
const bits = new DataView(new ArrayBuffer(8));

// 2^27 + 1: Veltkamp's constant for splitting a double into two 26-bit halves.
const SPLITTER = 134217729;

/** a*b + c rounded once, as the hardware FMA instruction does (JavaScript has no Math.fma). */
export function fma(a: number, b: number, c: number): number {
  // a*b = ph + pl exactly (Dekker's product).
  const ph = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = al * bl - (ph - ah * bh - al * bh - ah * bl);
  // c + ph = sh + sl exactly (Knuth's two-sum).
  const sh = c + ph;
  const sv = sh - c;
  const sl = c - (sh - sv) + (ph - sv);
  // Boldo & Melquiond (2008): rounding the small parts to odd, then the total to nearest, rounds once.
  return sh + addRoundToOdd(sl, pl);
}

// x + y rounded to odd: if inexact, the neighbour of the exact sum whose last mantissa bit is 1. Keeping
// that "sticky" bit stops the final addition in fma() from rounding a second time in the wrong direction.
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const sv = s - x;
  const err = x - (s - sv) + (y - sv);
  if (err === 0) return s;
  bits.setFloat64(0, s);
  const lo = bits.getUint32(4);
  if ((lo & 1) === 1) return s;
  // s is even, so the odd neighbour is one unit in the last place towards the exact sum.
  const awayFromZero = (err > 0) === (s > 0);
  if (awayFromZero) {
    bits.setUint32(4, lo + 1);
  } else if (lo === 0) {
    bits.setUint32(4, 0xffffffff);
    bits.setUint32(0, bits.getUint32(0) - 1);
  } else {
    bits.setUint32(4, lo - 1);
  }
  return bits.getFloat64(0);
}

// glibc's constants (__log_data): ln 2 split in two, and the polynomial coefficients for log1p(r).
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;
const A0 = -0.5000000000000001;
const A1 = 0.33333333331825593;
const A2 = -0.2499999999622955;
const A3 = 0.20000304511814496;
const A4 = -0.16667054827627667;
const B0 = -0.5;
const B1 = 0.3333333333333352;
const B2 = -0.24999999999998432;
const B3 = 0.19999999999320328;
const B4 = -0.16666666669929706;
const B5 = 0.14285715076560868;
const B6 = -0.12499997863982555;
const B7 = 0.11110712032936046;
const B8 = -0.10000486757818193;
const B9 = 0.09181994006195467;
const B10 = -0.08328363062289341;

// 128 pairs (1/c, log c): [0.6875, 1.375) is cut into 128 slices, c is a point near the middle of a
// slice, chosen by glibc's authors so that the steps below round as little as possible.
// prettier-ignore
const LOG_TABLE = new Float64Array([
  1.4504249240398293, -0.3718565645633589, 1.442253508327276, -0.36620682668944937,
  1.4341736174350004, -0.3605888069791945, 1.426183816329995, -0.3550022171419869,
  1.4182825527052965, -0.34944666968829097, 1.4104682921759335, -0.3439217713603284,
  1.4027396147468003, -0.3384271921261188, 1.3950954438932313, -0.332962831494342,
  1.3875338232485754, -0.32752794345742586, 1.3800539211058593, -0.32212257167088865,
  1.3726542695419708, -0.3167462884799761, 1.3653332798446802, -0.3113985598928366,
  1.358090204587874, -0.3060794515165526, 1.3509234892132138, -0.300788424667644,
  1.3438320840699889, -0.2955252968476998, 1.3368146974742003, -0.29028969275850613,
  1.329870114677736, -0.2850812793277555, 1.322997339161106, -0.27989987391470095,
  1.316195352741367, -0.27474526621870154, 1.3094628125672239, -0.2696169863701243,
  1.3027990455471041, -0.26451506180308115, 1.2962024229438942, -0.2594387762767383,
  1.2896726275815547, -0.2543884090981692, 1.2832080305745537, -0.24936321635129843,
  1.276807885983376, -0.24436312405975968, 1.2704714060687552, -0.23938801747897287,
  1.2641976054949482, -0.23443761696705678, 1.257985357514882, -0.22951151871518505,
  1.2518337750655457, -0.2246094963439873, 1.2457421919097305, -0.21973149037705753,
  1.2397094966625508, -0.2148770752847895, 1.2337348463589233, -0.210046029103637,
  1.2278176973028803, -0.20523836373934046, 1.2219570190618474, -0.20045368751368642,
  1.2161519732977757, -0.1956917537758045, 1.2104018095009725, -0.19095237845203883,
  1.204705805718973, -0.18623539250290833, 1.1990631185441964, -0.18154051731551135,
  1.1934733004462308, -0.1768677957431919, 1.1879350812847385, -0.17221657406412305,
  1.1824481322833125, -0.16758697765942543, 1.1770114976921955, -0.16297859687290384,
  1.1716248121809465, -0.15839151377804228, 1.1662869231674715, -0.15382513241456763,
  1.1609977486762766, -0.14927976358922024, 1.1557563220795803, -0.14475495398119165,
  1.1505619105480347, -0.14025044090817573, 1.1454138888505974, -0.1357660466685502,
  1.140311877374656, -0.1313018016355727, 1.1352550225747513, -0.12685731518763532,
  1.1302429094831266, -0.1224325737671279, 1.1252747693068048, -0.11802724521862729,
  1.1203501571039876, -0.11364127671663482, 1.1154683327680124, -0.10927434611278386,
  1.1106291463292157, -0.10492665324943573, 1.1058315813301596, -0.10059761422644442,
  1.1010752177696026, -0.09628717309055901, 1.0963597137952512, -0.09199534069557558,
  1.0916844827550398, -0.08772190036688698, 1.0870487291277784, -0.08346643613867855,
  1.082452357388312, -0.07922916827544668, 1.0778948225025884, -0.0750099004750382,
  1.0733751731601076, -0.07080805133352897, 1.068893585073351, -0.06662408085151128,
  1.0644491706655506, -0.06245745471915143, 1.0600414846328305, -0.0583080438042316,
  1.0556701316181605, -0.05417576112313327, 1.051334750556926, -0.050060547896805474,
  1.0470347288442157, -0.045962101199052086, 1.0427699229652954, -0.04188056008865715,
  1.0385395013738175, -0.03781540056183985, 1.034343418940345, -0.03376684757915882,
  1.0301811073173315, -0.029734619131772888, 1.026052043621297, -0.025718470239212365,
  1.0219561082336197, -0.021718543925430822, 1.0178926505784922, -0.01773446126981071,
  1.0138614436244586, -0.013766252464051831, 1.0098620186501341, -0.009813706322574944,
  1.0058938559734134, -0.005876555150052809, 1.00195696235014, -0.0019550499938532084,
  0.9961089923088509, 0.0038985973556009412, 0.9884170338185201, 0.011650571286395461,
  0.9808429191005297, 0.019342955478919066, 0.9733840169987446, 0.0269766014846482,
  0.9660377568876556, 0.034552359728422744, 0.9588014945307369, 0.04207121767183253,
  0.9516728569073111, 0.049533940950141186, 0.9446494635965822, 0.056941358295944156,
  0.9377288993026223, 0.06429439168346107, 0.9309091073790681, 0.0715936354946507,
  0.924187681612722, 0.07884010933776153, 0.9175626765599192, 0.08603438905970506,
  0.9110320403624034, 0.09317721180013905, 0.9045935839762024, 0.10026951462748457,
  0.8982456375922825, 0.10731170956330516, 0.8919860966782501, 0.11430473320717738,
  0.8858131121185129, 0.12124928503033061, 0.879725075760676, 0.12814583422959913,
  0.8737201372634685, 0.1349951636851756, 0.8677966405782273, 0.1417978768189414,
  0.8619528050060739, 0.14855476039031146, 0.8561872354420692, 0.1552661937658968,
  0.8504983927816893, 0.16193275688146969, 0.8448844572790304, 0.16855539792220497,
  0.8393442741575965, 0.1751343179947753, 0.8338762249349438, 0.1816702989864325,
  0.8284789320557778, 0.18816387146023317, 0.8231510800065832, 0.1946155228479256,
  0.8178913903778707, 0.20102572579389744, 0.8126984007245374, 0.2073952090795501,
  0.8075710029460227, 0.21372429840596396, 0.8025078881160415, 0.2200135945981856,
  0.7975077379364331, 0.22626374162859975, 0.792569604966373, 0.23247494747693054,
  0.7876923641254114, 0.23864766620658884, 0.7828746724940998, 0.24478265647405806,
  0.7781155388790811, 0.25088025827324145, 0.7734139557869777, 0.2569408552510595,
  0.7687687179914933, 0.26296511155101143, 0.7641790698041854, 0.2689531327189343,
  0.7596438763692399, 0.27490553924610595, 0.7551621951078668, 0.2808227248478943,
  0.7507331780216866, 0.286704979267256, 0.7463557196361751, 0.29255295645509705,
  0.7420289364869653, 0.2983670386142876, 0.7377521537065876, 0.30414734587282055,
  0.7335242966002608, 0.30989455774829366, 0.729344777457841, 0.31560871301871884,

]);

/** Natural log, bit-identical to glibc's log() on x86-64 CPUs with FMA (the one numpy calls). */
export function libmLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x); // 0, negatives, NaN and ∞: nothing to round
  // Near 1 a table lookup would cancel badly; glibc uses one long polynomial in r = x - 1 instead.
  if (x >= 0.9375 && x < 1.064697265625) return x === 1 ? 0 : logNearOne(x - 1);

  let exponentShift = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 4503599627370496; // subnormal: scale by 2^52 so the exponent field is meaningful
    exponentShift = -52;
  }
  // x = 2^k * z with z in [0.6875, 1.375); the top bits of z's mantissa pick the table slice i.
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  const tmp = (high - 0x3fe60000) | 0;
  const i = (tmp >>> 13) & 127;
  const k = (tmp >> 20) + exponentShift;
  bits.setUint32(0, (high - (tmp & 0xfff00000)) >>> 0);
  const z = bits.getFloat64(0);

  // log(x) = k*ln2 + log(c) + log1p(r) with r = z/c - 1, |r| < 1/256.
  const invc = LOG_TABLE[2 * i] as number;
  const logc = LOG_TABLE[2 * i + 1] as number;
  const r = fma(z, invc, -1);
  const w = fma(k, LN2_HI, logc);
  const hi = w + r;
  const lo = fma(k, LN2_LO, w - hi + r);
  const r2 = r * r;
  const poly = fma(fma(r, A4, A3), r2, fma(r, A2, A1));
  return fma(r * r2, poly, fma(r2, A0, lo)) + hi;
}

// glibc's path for x in [0.9375, 1.0647): log1p(r) = r - r²/2 + r³·P(r), with r - r²/2 kept in two
// parts (r is split so r² is exact) because it is most of the answer.
function logNearOne(r: number): number {
  const r2 = r * r;
  const r3 = r * r2;
  const a = fma(r2, B3, fma(r, B2, B1));
  const b = fma(r2, B6, fma(r, B5, B4));
  const c = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
  const p = fma(fma(c, r3, b), r3, a);
  const w = r * 134217728; // 2^27
  const rhi = r + w - w;
  const rlo = r - rhi;
  const half = rhi * rhi * B0; // exact: rhi has at most 26 significant bits
  const hi = r + half;
  let lo = r - hi + half;
  lo = fma(B0 * rlo, rhi + r, lo);
  return hi + fma(p, r3, lo);
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
