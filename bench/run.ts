// `npm run bench`: runs every benchmark, prints a table and writes bench/results.json.
// Benchmarks compare peers measured in the same run; they are never timed assertions in tests.
// BENCH_ROUNDS=N sets the rounds (default 5); BENCH_ONLY=word runs only the benchmarks whose name contains
// it (e.g. BENCH_ONLY=editor) and replaces just their results in bench/results.json.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import type { BenchmarkResult } from './harness.ts';
import { run as telemetry } from './telemetry.bench.ts';
import { run as matmul } from './matmul.bench.ts';
import { run as mlp } from './mlp.bench.ts';
import { run as conv } from './conv.bench.ts';
import { run as lstm } from './lstm.bench.ts';

// The browser benchmarks are type-checked with the DOM library (e2e/tsconfig.json), so they are loaded by URL.
const browserBench = (file: string) => async (rounds?: number): Promise<BenchmarkResult[]> => {
  const module = (await import(new URL(file, import.meta.url).href)) as { run(rounds?: number): Promise<BenchmarkResult[]> };
  return module.run(rounds);
};

const BENCHMARKS: Record<string, (rounds?: number) => Promise<BenchmarkResult[]>> = {
  telemetry,
  'window latency': browserBench('./window-latency.bench.ts'),
  'editor, 300 nodes': browserBench('./editor.bench.ts'),
  'overlay': browserBench('./overlay.bench.ts'),
  matmul,
  'MNIST MLP': mlp,
  'Conv2D': conv,
  'LSTM': lstm,
};

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const only = process.env.BENCH_ONLY?.toLowerCase();
const selected = Object.entries(BENCHMARKS).filter(([name]) => !only || name.toLowerCase().includes(only));
if (selected.length === 0) {
  console.error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches none of: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const results: BenchmarkResult[] = [];
for (const [name, bench] of selected) {
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
// A partial run keeps the other benchmarks' last results, each with the rounds and date it was measured with.
const stamped = results.map((r) => ({ ...r, date: new Date().toISOString(), rounds }));
const previous = only && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { date?: string; rounds?: number; results?: BenchmarkResult[] }) : {};
const kept = (previous.results ?? []).filter((r) => !stamped.some((s) => s.name === r.name)).map((r) => ({ date: previous.date, rounds: previous.rounds, ...r }));
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, rounds, results: [...kept, ...stamped] }, null, 2) + '\n');
console.log(`\nwrote ${file}`);
