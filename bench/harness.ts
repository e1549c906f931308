// The benchmark harness: every peer measured in the same run, interleaved (A, B, A, B, …) so a noisy shared
// machine slows both alike; medians, and the ratio between peers. Results go to bench/results.json.

export interface Measurement {
  /** What one sample measures, e.g. "samples/s" or "ms". */
  unit: string;
  /** Whether a larger number is better (throughput) or worse (latency). */
  higherIsBetter: boolean;
  values: number[];
}

export interface BenchmarkResult {
  name: string;
  peers: Record<string, Measurement & { median: number }>;
  /** Each peer's median relative to the baseline peer's. */
  ratios: Record<string, number>;
  baseline: string;
  /** A goal the benchmark checks, with whether it held. */
  goal?: { description: string; met: boolean };
  notes: string[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Run each peer `rounds` times, interleaved, and collect one number per run. */
export async function interleave(peers: Record<string, () => Promise<number>>, rounds: number): Promise<Record<string, number[]>> {
  const values: Record<string, number[]> = Object.fromEntries(Object.keys(peers).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate the order every round so neither peer always runs first (warm caches, thermal state).
    const names = round % 2 === 0 ? Object.keys(peers) : Object.keys(peers).reverse();
    for (const name of names) values[name]!.push(await peers[name]!());
  }
  return values;
}

export function summarizePeers(name: string, baseline: string, measured: Record<string, Measurement>, notes: string[] = []): BenchmarkResult {
  const peers = Object.fromEntries(Object.entries(measured).map(([k, m]) => [k, { ...m, median: median(m.values) }]));
  const base = peers[baseline]!.median;
  const ratios = Object.fromEntries(Object.entries(peers).map(([k, m]) => [k, m.median / base]));
  return { name, peers, ratios, baseline, notes };
}
