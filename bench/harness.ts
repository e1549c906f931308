// The benchmark harness: every peer measured in the same run, interleaved (A, B, A, B, …) so a noisy shared
// machine slows both alike; medians, and the ratio between peers. Results go to bench/results.json.

import { cpus, loadavg } from 'node:os';

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
  /** A goal the benchmark checks, with whether it held (several goals: see `goals`, combined here). */
  goal?: { description: string; met: boolean };
  /** Every goal checked, when a benchmark has several; `goal` then holds them all, met only if each is. */
  goals?: { description: string; met: boolean }[];
  /** Peers that could not run, with the reason (also listed in the notes as "skipped: …"). */
  skipped?: Record<string, string>;
  notes: string[];
}

export interface SummaryOptions {
  /**
   * Ratios as "× the baseline's speed" whatever the unit: peer ÷ baseline for throughput, baseline ÷ peer for
   * a time (ms per batch), so above 1 always means faster than the baseline.
   */
  speedRatios?: boolean;
  /** Peers that could not be measured, and why. */
  skipped?: Record<string, string>;
}

/** "machine load: 1-minute average 4.9 on 2 cores" — other work on the machine, for the notes of a result. */
export function machineLoad(): string {
  return `machine load at the start: 1-minute average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores (other processes share them; medians of interleaved rounds)`;
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

export function summarizePeers(
  name: string, baseline: string, measured: Record<string, Measurement>, notes: string[] = [], options: SummaryOptions = {},
): BenchmarkResult {
  const peers = Object.fromEntries(Object.entries(measured).map(([k, m]) => [k, { ...m, median: median(m.values) }]));
  const base = peers[baseline]!.median;
  const ratio = (m: Measurement & { median: number }) => (options.speedRatios && !m.higherIsBetter ? base / m.median : m.median / base);
  const ratios = Object.fromEntries(Object.entries(peers).map(([k, m]) => [k, ratio(m)]));
  const skipped = options.skipped ?? {};
  const skipNotes = Object.entries(skipped).map(([peer, why]) => `skipped: ${peer} — ${why}`);
  return { name, peers, ratios, baseline, notes: [...notes, ...skipNotes], ...(skipNotes.length > 0 ? { skipped } : {}) };
}

/** A goal "`peer` is at least `atLeast` × as fast as `of`", e.g. fast ≥ 0.6× numpy f32. */
export interface SpeedGoal {
  peer: string;
  of: string;
  atLeast: number;
}

/** How many times as fast `peer` ran as `of` in a result (medians; time units inverted), or null if either is missing. */
export function speedRatio(result: BenchmarkResult, peer: string, of: string): number | null {
  const a = result.peers[peer];
  const b = result.peers[of];
  if (!a || !b) return null;
  const speed = (m: Measurement & { median: number }) => (m.higherIsBetter ? m.median : 1 / m.median);
  return speed(a) / speed(b);
}

/**
 * Check several speed goals on a result: each goes to `goals`, and `goal` combines them (met only when every
 * goal could be checked and held). A goal whose peers did not both run is listed as not checked.
 */
export function checkSpeedGoals(result: BenchmarkResult, goals: SpeedGoal[]): BenchmarkResult {
  const checked = goals.map((g) => {
    const ratio = speedRatio(result, g.peer, g.of);
    const target = `${g.peer} ≥ ${g.atLeast}× ${g.of}`;
    if (ratio === null) {
      const missing = [g.peer, g.of].filter((p) => !result.peers[p]).join(' and ');
      return { description: `${target}: not checked (${missing} did not run)`, met: false };
    }
    return { description: `${target}: ${ratio.toFixed(2)}×`, met: ratio >= g.atLeast };
  });
  result.goals = checked;
  // The printed goal line ends in "met" / "NOT met" for the whole; with several goals each says its own.
  result.goal = {
    description: checked.length === 1
      ? checked[0]!.description
      : checked.map((g) => `${g.description} (${g.met ? 'met' : 'NOT met'})`).join('; '),
    met: checked.every((g) => g.met),
  };
  return result;
}
