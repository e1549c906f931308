// Soak run (issue 9, "resources bounded"): an example (the spiral, whose small frames the session can send at
// the full 30 Hz; SOAK_EXAMPLE=ch4-mnist-tanh for the MNIST MLP, whose frames the session thins to keep
// telemetry ≤ 2% of the loop) trained on the fast backend in a real engine worker with telemetry at 30 Hz
// for several minutes, sampling every few seconds the memory both threads hold
// (after a full GC when node runs with --expose-gc, as `npm run soak` does) and the process's thread count.
// A leak — tensors kept per batch, telemetry queued and never sent, a worker or thread started per run —
// shows as a heap that climbs or a thread count that moves. Not a test and not in `npm test`: it takes
// minutes and loads one core.
//
//   npm run soak                      # 5 minutes, a sample every 5 s
//   SOAK_SECONDS=60 npm run soak      # shorter
//   SOAK_SAMPLE_SECONDS=2 …           # sample more often
//   SOAK_EXAMPLE=ch4-mnist-tanh …     # another example from assets/examples
//   SOAK_TELEMETRY_SHARE=0.02 …       # the app's throttling (default 1: all 30 frames a second are sent)
//
// Verdict "flat": the median of the last third of the samples is within 10% or 4 MiB (whichever is larger)
// of the median of the first third, for the heaps (main + worker) and the worker's off-heap memory
// (tensors live in ArrayBuffers) alike, and the thread count and live workers never change.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { loadDocument } from '../core/document/load.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import type { WorkerMemory } from './soak-worker.ts';

const root = join(import.meta.dirname, '..');
const exampleName = process.env.SOAK_EXAMPLE ?? 'spiral';
const examplePath = join(root, 'assets', 'examples', `${exampleName}.gradflow`);
const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const telemetryShare = Number(process.env.SOAK_TELEMETRY_SHARE ?? 1);
const MIB = 2 ** 20;
/** How far the last third may drift from the first and still be flat. */
const TOLERANCE = { fraction: 0.1, bytes: 4 * MIB };

interface Sample {
  at: number;
  mainHeap: number;
  workerHeap: number;
  workerExternal: number;
  rss: number;
  threads: number | undefined;
  workers: number;
  epoch: number;
  frames: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const gcNote = gc ? 'after a full GC in each thread' : 'without a GC first (run node with --expose-gc for steadier figures)';

/** The process's threads (Linux): V8's, libuv's and one per worker. Undefined where /proc is not there. */
function threadCount(): number | undefined {
  try {
    const match = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mib = (bytes: number): string => (bytes / MIB).toFixed(1);

async function main(): Promise<void> {
  if (!(seconds > 0) || !(sampleSeconds > 0) || !(telemetryShare > 0 && telemetryShare <= 1)) {
    throw new Error('SOAK_SECONDS and SOAK_SAMPLE_SECONDS must be positive numbers, SOAK_TELEMETRY_SHARE a number in (0, 1]');
  }
  const loaded = loadDocument(readFileSync(examplePath, 'utf8'));
  if (!loaded.ok) throw new Error(`the example ${exampleName} does not load`);
  // Far more epochs than fit in the soak, no early stop: one long run, evaluated as often as the file says.
  const doc = { ...loaded.doc, training: { ...loaded.doc.training, epochs: 1_000_000, backend: 'fast' as const, earlyStopping: { enabled: false } } };

  const live = new Set<Worker>();
  const worker = new Worker(join(root, 'test', 'support', 'ts-worker.mjs'), {
    workerData: { documentPath: examplePath, telemetryShare, tsEntry: pathToFileURL(join(root, 'bench', 'soak-worker.ts')).href },
  });
  live.add(worker);
  worker.on('exit', () => live.delete(worker));

  let epoch = 0;
  let samplesPerSecond = 0;
  let frames = 0;
  let backend = '';
  let failure: string | undefined;
  let memoryReply: ((memory: WorkerMemory) => void) | undefined;
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (message: Telemetry | { soakMemory: WorkerMemory }) => {
      if ('soakMemory' in message) return memoryReply?.(message.soakMemory);
      // The window keeps only the latest frame; so does this main thread.
      if (message.type === 'progress') { frames++; epoch = message.epoch; samplesPerSecond = message.samplesPerSecond; }
      if (message.type === 'backend') backend = message.backend.description;
      if (message.type === 'error') failure = message.message;
      if (message.type === 'status' && message.status === 'ready') resolve();
    });
  });
  worker.on('error', (error) => { failure = String(error); });
  worker.postMessage({ type: 'set-telemetry-rate', hz: 30 });
  worker.postMessage({ type: 'load', document: doc });
  await ready;
  worker.postMessage({ type: 'train' });

  const askWorker = (): Promise<WorkerMemory> => new Promise((resolve) => {
    memoryReply = resolve;
    worker.postMessage({ soak: 'memory' });
  });
  const samples: Sample[] = [];
  const started = performance.now();
  console.log(`soak: ${examplePath.slice(root.length + 1)} on the ${backend || 'fast'} backend, telemetry at 30 Hz (share of the loop it may take: ${telemetryShare}), ${seconds} s, ` +
    `a sample every ${sampleSeconds} s ${gcNote}`);
  console.log('   t s  main heap MiB  worker heap MiB  worker off-heap MiB  rss MiB  threads  workers  epoch  frames');
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
    if (failure) throw new Error(`the run failed: ${failure}`);
    const fromWorker = await askWorker();
    gc?.();
    const sample: Sample = {
      at: (performance.now() - started) / 1000, mainHeap: getHeapStatistics().used_heap_size,
      workerHeap: fromWorker.heapUsed, workerExternal: fromWorker.external, rss: process.memoryUsage().rss,
      threads: threadCount(), workers: live.size, epoch, frames,
    };
    samples.push(sample);
    console.log(`${sample.at.toFixed(0).padStart(6)}  ${mib(sample.mainHeap).padStart(13)}  ${mib(sample.workerHeap).padStart(15)}  ` +
      `${mib(sample.workerExternal).padStart(19)}  ${mib(sample.rss).padStart(7)}  ${String(sample.threads ?? 'n/a').padStart(7)}  ` +
      `${String(sample.workers).padStart(7)}  ${String(sample.epoch).padStart(5)}  ${String(sample.frames).padStart(6)}`);
    if (sample.at >= seconds) break;
  }
  worker.postMessage({ type: 'stop' });
  await worker.terminate();

  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = samples.slice(0, third);
  const last = samples.slice(-third);
  const drift = (of: (s: Sample) => number, what: string): { ok: boolean; line: string } => {
    const [a, b] = [median(first.map(of)), median(last.map(of))];
    const allowed = Math.max(TOLERANCE.fraction * a, TOLERANCE.bytes);
    return { ok: b - a <= allowed, line: `${what}: first third ${mib(a)} MiB, last third ${mib(b)} MiB (${b >= a ? '+' : ''}${mib(b - a)}, allowed +${mib(allowed)})` };
  };
  const heap = drift((s) => s.mainHeap + s.workerHeap, 'heap, main + worker');
  const offHeap = drift((s) => s.workerExternal, 'worker off-heap (tensors)');
  const threads = samples.map((s) => s.threads).filter((t): t is number => t !== undefined);
  const threadsSteady = threads.length === 0 || Math.min(...threads) === Math.max(...threads);
  const workersSteady = samples.every((s) => s.workers === 1);
  const seconds_ = samples.at(-1)!.at;
  console.log(`\n${samples.length} samples over ${seconds_.toFixed(0)} s; ${samples.at(-1)!.frames} progress frames (${(samples.at(-1)!.frames / seconds_).toFixed(1)}/s), ${samples.at(-1)!.epoch} epochs, ${samplesPerSecond.toFixed(0)} samples/s at the end`);
  console.log(heap.line);
  console.log(offHeap.line);
  console.log(`threads: ${threads.length ? `${Math.min(...threads)}–${Math.max(...threads)}` : 'not measurable here'}; live workers: ${[...new Set(samples.map((s) => s.workers))].join(', ')}`);
  const flat = heap.ok && offHeap.ok && threadsSteady && workersSteady;
  console.log(`verdict: ${flat ? 'flat' : 'NOT flat'}${flat ? '' : ` (${[!heap.ok && 'heap grew', !offHeap.ok && 'off-heap grew', !threadsSteady && 'threads changed', !workersSteady && 'workers changed'].filter(Boolean).join(', ')})`}`);
  process.exitCode = flat ? 0 : 1;
}

await main();
