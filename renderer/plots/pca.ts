// Principal component analysis to two dimensions, for the Codes plot (an autoencoder's codes coloured by
// digit): centre the rows, form the covariance matrix (d × d, d = the code width, e.g. 28), and find its two
// leading eigenvectors by power iteration with deflation. Each direction's sign is fixed so that its largest
// component is positive (PCA's sign is arbitrary; this keeps the picture from flipping between refreshes).
// Pure and small: d is a layer's width, not the number of rows.

export interface Projection {
  /** Each row's coordinates on the first and second principal components. */
  x: number[];
  y: number[];
  /** The two directions (unit vectors, d numbers each) and the variance along each. */
  components: [number[], number[]];
  variances: [number, number];
  /** The share of the total variance the two components explain (0…1). */
  explained: number;
}

export function pca2(rows: readonly (readonly number[])[], iterations = 500): Projection {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const row of rows) {
    for (let i = 0; i < d; i++) {
      const a = row[i]! - mean[i]!;
      for (let j = i; j < d; j++) cov[i]![j]! += (a * (row[j]! - mean[j]!)) / Math.max(1, n - 1);
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i]![j] = cov[j]![i]!;
  const total = cov.reduce((sum, r, i) => sum + r[i]!, 0);
  const first = leading(cov, d, iterations);
  // Deflate: remove the first direction's share, then the leading direction of what is left is the second.
  const rest = cov.map((r, i) => r.map((v, j) => v - first.value * first.vector[i]! * first.vector[j]!));
  const second = leading(rest, d, iterations, first.vector);
  const project = (v: number[]) => rows.map((row) => row.reduce((s, x, j) => s + (x - mean[j]!) * v[j]!, 0));
  return {
    x: project(first.vector), y: project(second.vector),
    components: [first.vector, second.vector], variances: [first.value, second.value],
    explained: total > 0 ? (first.value + second.value) / total : 0,
  };
}

/** The leading eigenvector of a symmetric positive semi-definite matrix (orthogonal to `avoid`), and its eigenvalue. */
function leading(m: number[][], d: number, iterations: number, avoid?: number[]): { vector: number[]; value: number } {
  // A fixed start that is not orthogonal to any axis: deterministic answers.
  let v = Array.from({ length: d }, (_, i) => 1 + i / (d + 1));
  const orthogonalize = (u: number[]) => {
    if (!avoid) return u;
    const dot = u.reduce((s, x, i) => s + x * avoid[i]!, 0);
    return u.map((x, i) => x - dot * avoid[i]!);
  };
  const normalize = (u: number[]) => {
    const norm = Math.hypot(...u);
    return norm > 0 ? u.map((x) => x / norm) : u.map(() => 0);
  };
  v = normalize(orthogonalize(v));
  for (let k = 0; k < iterations; k++) {
    const next = normalize(orthogonalize(m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0))));
    const change = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
    v = next;
    if (change < 1e-13) break;
  }
  const value = v.reduce((s, x, i) => s + x * m[i]!.reduce((t, y, j) => t + y * v[j]!, 0), 0);
  let biggest = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[biggest]!)) biggest = i;
  if (d > 0 && v[biggest]! < 0) v = v.map((x) => -x);
  return { vector: v, value };
}
