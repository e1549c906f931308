// `npm run bench`: runs every benchmark, prints a table and writes bench/results.json.
// Benchmarks compare peers measured in the same run; they are never timed assertions in tests.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type { BenchmarkResult } from './harness.ts';
import { run as telemetry } from './telemetry.bench.ts';

// The browser benchmark is type-checked with the DOM library (e2e/tsconfig.json), so it is loaded by URL.
const windowLatency = async (): Promise<BenchmarkResult[]> => {
  const module = (await import(new URL('./window-latency.bench.ts', import.meta.url).href)) as { run(): Promise<BenchmarkResult[]> };
  return module.run();
};

const BENCHMARKS: Record<string, (rounds?: number) => Promise<BenchmarkResult[]>> = { telemetry, 'window latency': windowLatency };

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const results: BenchmarkResult[] = [];
for (const [name, bench] of Object.entries(BENCHMARKS)) {
  process.stderr.write(`running ${name} (${rounds} rounds)…\n`);
  results.push(...(await bench(rounds)));
}

const format = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
for (const result of results) {
  console.log(`\n${result.name}`);
  for (const [peer, m] of Object.entries(result.peers)) {
    console.log(`  ${peer.padEnd(20)} median ${format(m.median).padStart(9)} ${m.unit.padEnd(10)} ratio ${result.ratios[peer]!.toFixed(3)}  (${m.values.length} samples)`);
  }
  for (const note of result.notes) console.log(`  ${note}`);
  if (result.goal) console.log(`  goal: ${result.goal.description} — ${result.goal.met ? 'met' : 'NOT met'}`);
}

const file = join(import.meta.dirname, 'results.json');
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, rounds, results }, null, 2) + '\n');
console.log(`\nwrote ${file}`);
