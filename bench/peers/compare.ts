// One training benchmark, side by side: set up every peer (a peer that cannot run is skipped, with why),
// check they start from the same loss, time them interleaved over the rounds, and summarise with ratios as
// "× the baseline's speed" (above 1 = faster than the baseline, whatever the unit).

import { checkSpeedGoals, interleave, machineLoad, summarizePeers, type BenchmarkResult, type Measurement, type SpeedGoal } from '../harness.ts';
import type { TimedRun } from './numpy.ts';

export interface ReadyPeer {
  /** The loss of the first batch (the same rows and starting weights for every peer). */
  firstLoss: number;
  /** What it runs on (a backend's description, numpy's version), for the notes. */
  description?: string;
  /** One measurement round. */
  measure(): Promise<TimedRun>;
  dispose?(): void;
}

export type PeerSetup = () => Promise<ReadyPeer>;

export type Unit = 'samples/s' | 'ms/batch' | 'iterations/s';

export interface TrainingBenchmark {
  name: string;
  /** Peers in the order they are shown; the first available of `baselines` is the baseline. */
  peers: Record<string, PeerSetup>;
  baselines: string[];
  unit: Unit;
  batch: number;
  rounds: number;
  goals: SpeedGoal[];
  notes: string[];
  /** Peers whose loss is defined differently (the book's), left out of the same-loss check, with why. */
  ownLoss?: Record<string, string>;
}

function value(run: TimedRun, unit: Unit, batch: number): number {
  switch (unit) {
    case 'samples/s': return (run.iterations * batch) / run.seconds;
    case 'iterations/s': return run.iterations / run.seconds;
    case 'ms/batch': return (run.seconds * 1000) / run.iterations;
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** A training benchmark's result, with each peer's first-batch loss (the same-start check, kept in results.json). */
export type TrainingResult = BenchmarkResult & { firstLosses: Record<string, number> };

export async function compareTraining(spec: TrainingBenchmark): Promise<TrainingResult> {
  const load = machineLoad();
  const ready: Record<string, ReadyPeer> = {};
  const skipped: Record<string, string> = {};
  for (const [name, setup] of Object.entries(spec.peers)) {
    try {
      ready[name] = await setup();
    } catch (error) {
      skipped[name] = message(error);
    }
  }
  try {
    const names = Object.keys(ready);
    const baseline = spec.baselines.find((b) => names.includes(b));
    if (!baseline) throw new Error(`${spec.name}: none of the baseline peers (${spec.baselines.join(', ')}) could run: ${JSON.stringify(skipped)}`);
    const values = await interleave(Object.fromEntries(names.map((n) => [n, async () => value(await ready[n]!.measure(), spec.unit, spec.batch)])), spec.rounds);
    const measured: Record<string, Measurement> = Object.fromEntries(names.map((n) => [n, { unit: spec.unit, higherIsBetter: spec.unit !== 'ms/batch', values: values[n]! }]));
    const losses = names.map((n) => `${n} ${ready[n]!.firstLoss.toPrecision(7)}`).join(', ');
    const notes = [
      ...spec.notes,
      load,
      `ratio = × ${baseline} speed (above 1 = faster than ${baseline}; for ms/batch that is ${baseline}'s time ÷ the peer's)`,
      `first-batch loss, same starting weights and rows: ${losses}${Object.entries(spec.ownLoss ?? {}).filter(([n]) => ready[n]).map(([n, why]) => ` (${n}: ${why})`).join('')}`,
      ...names.filter((n) => ready[n]!.description).map((n) => `${n}: ${ready[n]!.description}`),
    ];
    const result = summarizePeers(spec.name, baseline, measured, notes, { speedRatios: true, skipped });
    const firstLosses = Object.fromEntries(names.map((n) => [n, ready[n]!.firstLoss]));
    return { ...checkSpeedGoals(result, spec.goals), firstLosses };
  } finally {
    for (const peer of Object.values(ready)) peer.dispose?.();
  }
}
