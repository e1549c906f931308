// The graph editor on a 300-node graph (DESIGN.md §8, "Measuring the UI"), against its peer: a bare React
// Flow page (bench/bare-flow/) drawing the same nodes at the same positions and the same edges, built by this
// benchmark with Vite. Both run in headless Chromium (Debian's, through playwright-core), one fresh browser
// per session, sessions interleaved (editor, bare, bare, editor, …). Each session measures three things:
//
//  load    from the click on "Open…" (the click event's timeStamp) until all 300 `.react-flow__node` and
//          299 `.react-flow__edge` elements are in the DOM and one more frame has been rendered. Edges
//          appear only once both ends' handles are measured, so this is "the graph is drawn". The editor's
//          path: the File System Access picker (a real file handle, in the origin-private file system) →
//          File.text() → parse, migrate and validate the document → editor store → React Flow; the engine
//          worker is sent the document at the same moment, as in real use. The bare page's button hands
//          React Flow the prepared nodes and edges (setNodes/setEdges), and nothing else.
//  drag    one node in the middle of the graph is pressed, moved MOVES times along a loop by page.mouse
//          (at most one move per INTERVAL_MS, i.e. a 60 Hz pointer) and released. In the editor every move
//          is a DocumentChange through the history and a new document, as in real use; the bare page
//          applies React Flow's changes to its own state (applyNodeChanges).
//  pan     the same loop, larger, pressed on an empty spot of the pane.
//
// Busy time. DESIGN.md names "main-thread busy time per second from long-animation-frame entries". As a
// ratio that breaks down here, so the goal is checked on the main thread's busy time per pointer move:
//  - a long-animation-frame entry exists only for a frame over 50 ms, and the bare page has few or none:
//    single sessions range from 0 to ~100 ms/s, so a ratio to it is mostly noise;
//  - playwright's mouse.move waits until the page has taken the move, so a slow page gets fewer moves per
//    second (the editor ~7/s, the bare page ~20/s on this machine): both keep the main thread ~80% busy,
//    and busy time per second comes out the same for a cheap and an expensive page.
// Every session makes the same MOVES moves, so the main thread's CPU time over the gesture (CDP
// Performance.getMetrics ThreadTime: CPU time, which other processes on the shared cores do not inflate, as
// they do wall time) divided by MOVES is the cost of the same gesture in both pages; at a pace both pages
// keep up with it is exactly proportional to busy time per second. Long-animation-frame time per second
// is reported beside it, with frames per second, moves per second and the script / style / layout split.
//
// Skipped, with the reason, where Chromium is missing. Never a test: numbers on 2 shared cores only mean
// something as a ratio to a peer measured in the same run. BENCH_EDITOR_SCREENSHOTS=folder saves what each
// session looked like after loading and during each gesture (which slows those sessions down).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { serializeDocument } from '../core/document/serialize.ts';
import { serve } from '../scripts/serve-web.mjs';
import { findChromium, launchChromium } from '../e2e/support/chromium.ts';
import { CHROMIUM_MISSING } from '../e2e/support/web-page.ts';
import { ensureWebBuild, WEB_DIR } from '../e2e/support/web-build.ts';
import { BIG_GRAPH_NODES, bareFlowGraph, bigGraphDocument } from './big-graph.ts';
import { interleave, median, summarizePeers, type BenchmarkResult, type Measurement } from './harness.ts';

const APP = 'Gradflow editor';
const BARE = 'bare React Flow';
const GOAL_RATIO = 1.5;
const MOVES = 150;
const INTERVAL_MS = 16;
const SETTLE_MS = 1000;
const TITLE = `editor, ${BIG_GRAPH_NODES} nodes:`;

interface LoafEntry { start: number; duration: number }

declare global {
  interface Window {
    __loafs?: LoafEntry[];
    __openClickedAt?: number;
    __drawn?: Promise<number>;
    __frames?: number;
  }
}

/** Chromium's main-thread counters for the page, in seconds (CDP Performance.getMetrics). */
interface Counters { cpu: number; script: number; style: number; layout: number }

/** One gesture: main-thread CPU ms per move (all, and script / style / layout), long-animation-frame ms/s, frames/s, moves/s. */
interface Gesture { cpuPerMove: number; scriptPerMove: number; stylePerMove: number; layoutPerMove: number; loaf: number; fps: number; movesPerSecond: number }
interface Sample { loadMs: number; loadCpuMs: number; drag: Gesture; pan: Gesture }

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Before any page script: record long animation frames, frames, and when "Open…" was clicked. */
async function instrument(page: Page): Promise<void> {
  // A string: tsx would wrap a named function in a helper (__name) the page does not have.
  await page.addInitScript({ content: 'window.__frames = 0; requestAnimationFrame(function count() { window.__frames++; requestAnimationFrame(count); });' });
  await page.addInitScript(() => {
    const loafs: LoafEntry[] = [];
    window.__loafs = loafs;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) loafs.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'long-animation-frame', buffered: true });
    document.addEventListener('click', (event) => {
      if ((event.target as Element | null)?.closest?.('[data-testid="file-open"]')) window.__openClickedAt = event.timeStamp;
    }, true);
  });
}

/** A promise in the page for the time (performance.now) the whole graph was first drawn, one frame later. */
const watchDrawn = (page: Page, nodes: number, edges: number) => page.evaluate(({ nodes, edges }) => {
  // (No named functions in here either.)
  window.__drawn = new Promise<number>((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('.react-flow__node').length < nodes || document.querySelectorAll('.react-flow__edge').length < edges) return;
      observer.disconnect();
      // rAF runs before the next frame is rendered; a task queued from it runs after that frame.
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}, { nodes, edges });

async function counters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { cpu: value('ThreadTime'), script: value('ScriptDuration'), style: value('RecalcStyleDuration'), layout: value('LayoutDuration') };
}

/** Press at `from`, make MOVES moves along `offset(fraction)` (at most one per INTERVAL_MS), release. */
async function gesture(page: Page, cdp: CDPSession, from: { x: number; y: number }, offset: (f: number) => { dx: number; dy: number }, screenshot?: string): Promise<Gesture> {
  await page.mouse.move(from.x, from.y);
  const [t0, f0] = await page.evaluate(() => [performance.now(), window.__frames ?? 0]);
  const c0 = await counters(cdp);
  await page.mouse.down();
  const began = Date.now();
  for (let i = 1; i <= MOVES; i++) {
    const wait = began + i * INTERVAL_MS - Date.now();
    if (wait > 0) await sleep(wait);
    const { dx, dy } = offset(i / MOVES);
    await page.mouse.move(from.x + dx, from.y + dy);
    if (screenshot && i === Math.round(MOVES / 8)) await page.screenshot({ path: screenshot });
  }
  await page.mouse.up();
  // Include the frame the last move asked for.
  const [t1, f1] = await page.evaluate(() => new Promise<number[]>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve([performance.now(), window.__frames ?? 0]), 0))));
  const c1 = await counters(cdp);
  await sleep(300); // a long-animation-frame entry is reported after its frame ends
  const loafs = await page.evaluate(() => window.__loafs ?? []);
  const start = t0!;
  const end = t1!;
  const inLongFrames = loafs.reduce((sum, e) => sum + Math.max(0, Math.min(e.start + e.duration, end) - Math.max(e.start, start)), 0);
  const perMove = (key: keyof Counters) => ((c1[key] - c0[key]) * 1000) / MOVES;
  return {
    cpuPerMove: perMove('cpu'), scriptPerMove: perMove('script'), stylePerMove: perMove('style'), layoutPerMove: perMove('layout'),
    loaf: (inLongFrames / (end - start)) * 1000, fps: ((f1! - f0!) / (end - start)) * 1000, movesPerSecond: (MOVES / (end - start)) * 1000,
  };
}

/** A point on the empty pane: not on a node, an edge, its label, the minimap or the controls. */
const emptyPanePoint = (page: Page) => page.evaluate(() => {
  const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
  for (let y = pane.top + 30; y < pane.bottom - 30; y += 20) {
    for (let x = pane.left + 30; x < pane.right - 30; x += 20) {
      const hit = document.elementFromPoint(x, y);
      if (hit?.closest('.react-flow__pane') && !hit.closest('.react-flow__node, .react-flow__edge, .react-flow__panel, .react-flow__edgelabel-renderer, .edge-label')) return { x, y };
    }
  }
  throw new Error('no empty spot on the pane');
});

/** The loops the gestures follow: twice round an ellipse, starting and ending at the press. */
const dragLoop = (f: number) => ({ dx: 90 * Math.sin(4 * Math.PI * f), dy: 45 * (1 - Math.cos(4 * Math.PI * f)) });
const panLoop = (f: number) => ({ dx: 200 * Math.sin(4 * Math.PI * f), dy: 80 * (1 - Math.cos(4 * Math.PI * f)) });

interface Peer {
  name: string;
  url: string;
  /** Before the page loads (init scripts). */
  prepare(page: Page): Promise<unknown>;
  /** After it has loaded, before the click. */
  ready(page: Page): Promise<unknown>;
}

/** One fresh browser: open the page, click Open, time the drawing, then drag and pan. */
async function session(executablePath: string, peer: Peer, dragId: string, problems: string[]): Promise<Sample & { canvas: { width: number; height: number } }> {
  const shots = process.env.BENCH_EDITOR_SCREENSHOTS;
  const shot = (what: string) => (shots ? join(shots, `${peer.name.replace(/\W+/g, '-')}-${what}.png`) : undefined);
  const browser = await launchChromium(executablePath);
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(120_000);
    page.on('pageerror', (error) => problems.push(`${peer.name}: page error: ${error.message}`));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(`${peer.name}: console error: ${message.text()} (${message.location().url})`); });
    await instrument(page);
    await peer.prepare(page);
    await page.goto(peer.url, { waitUntil: 'load' });
    await page.getByTestId('file-open').waitFor();
    await peer.ready(page);
    await sleep(SETTLE_MS);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    await watchDrawn(page, BIG_GRAPH_NODES, BIG_GRAPH_NODES - 1);
    const before = await counters(cdp);
    await page.getByTestId('file-open').click();
    const drawnAt = await page.evaluate(() => window.__drawn!);
    const after = await counters(cdp);
    const clickedAt = await page.evaluate(() => window.__openClickedAt ?? NaN);
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    await sleep(SETTLE_MS);
    if (shot('loaded')) await page.screenshot({ path: shot('loaded')! });

    const node = (await page.locator(`.react-flow__node[data-id="${dragId}"]`).boundingBox())!;
    const drag = await gesture(page, cdp, { x: node.x + node.width / 2, y: node.y + node.height / 2 }, dragLoop, shot('dragging'));
    await sleep(SETTLE_MS / 2);
    const pan = await gesture(page, cdp, await emptyPanePoint(page), panLoop, shot('panning'));
    return {
      loadMs: drawnAt - clickedAt, loadCpuMs: (after.cpu - before.cpu) * 1000, drag, pan,
      canvas: { width: Math.round(canvas.width), height: Math.round(canvas.height) },
    };
  } finally {
    await browser.close();
  }
}

function skipped(): BenchmarkResult[] {
  return ['load', 'busy time per move while dragging a node', 'busy time per move while panning'].map((what) => ({
    ...summarizePeers(`${TITLE} ${what}`, BARE, { [APP]: { unit: 'ms', higherIsBetter: false, values: [NaN] }, [BARE]: { unit: 'ms', higherIsBetter: false, values: [NaN] } }),
    notes: [CHROMIUM_MISSING],
  }));
}

function withGoal(result: BenchmarkResult, what: string): BenchmarkResult {
  const ratio = result.ratios[APP]!;
  return { ...result, goal: { description: `${what} ≤ ${GOAL_RATIO}× a bare React Flow page (measured ${ratio.toFixed(2)}×)`, met: ratio <= GOAL_RATIO } };
}

function report(samples: Record<string, Sample[]>, setup: string[]): BenchmarkResult[] {
  const peersOf = (unit: string, higherIsBetter: boolean, value: (s: Sample) => number): Record<string, Measurement> =>
    Object.fromEntries([APP, BARE].map((peer) => [peer, { unit, higherIsBetter, values: samples[peer]!.map(value) }]));
  const both = (value: (s: Sample) => number, digits: number, unit: string) =>
    `editor ${median(samples[APP]!.map(value)).toFixed(digits)}${unit}, bare ${median(samples[BARE]!.map(value)).toFixed(digits)}${unit}`;

  const gestureResults = (key: 'drag' | 'pan', doing: string): BenchmarkResult[] => {
    const g = (s: Sample) => s[key];
    const bareHasNoLongFrames = median(samples[BARE]!.map((s) => g(s).loaf)) === 0;
    return [
      withGoal(summarizePeers(`${TITLE} main-thread busy time per pointer move while ${doing} (CPU ms/move)`, BARE, peersOf('ms/move', false, (s) => g(s).cpuPerMove), [
        `${MOVES} moves (at most one per ${INTERVAL_MS} ms); the page took ${both((s) => g(s).movesPerSecond, 1, ' moves/s')} and drew ${both((s) => g(s).fps, 1, ' frames/s')}`,
        `per move: script ${both((s) => g(s).scriptPerMove, 1, ' ms')}; style ${both((s) => g(s).stylePerMove, 1, ' ms')}; layout ${both((s) => g(s).layoutPerMove, 1, ' ms')}`,
      ]), `busy time per move while ${doing}`),
      summarizePeers(`${TITLE} main thread in long animation frames while ${doing} (ms/s)`, BARE, peersOf('ms/s', false, (s) => g(s).loaf),
        bareHasNoLongFrames ? ['the bare page had no long animation frames (median 0 ms/s): no ratio'] : []),
    ];
  };
  return [
    withGoal(summarizePeers(`${TITLE} load, click on Open → every node and edge drawn (ms)`, BARE, peersOf('ms', false, (s) => s.loadMs), [
      ...setup, `main-thread CPU time of the load: ${both((s) => s.loadCpuMs, 0, ' ms')}`,
    ]), 'load time'),
    ...gestureResults('drag', 'dragging a node'),
    ...gestureResults('pan', 'panning'),
  ];
}

export async function run(rounds = 5): Promise<BenchmarkResult[]> {
  const executablePath = findChromium();
  if (!executablePath) return skipped();

  const doc = bigGraphDocument();
  const text = serializeDocument(doc);
  const bareGraph = bareFlowGraph(doc);
  const dragId = doc.nodes[Math.floor(doc.nodes.length / 2)]!.id;

  ensureWebBuild();
  const work = mkdtempSync(join(tmpdir(), 'gradflow-bench-editor-'));
  const servers: Server[] = [];
  try {
    // Serve a copy, so a rebuild of dist/web by a test running meanwhile cannot pull files from under a page.
    const appDir = join(work, 'app');
    cpSync(WEB_DIR, appDir, { recursive: true });
    const bareDir = join(work, 'bare');
    await build({
      root: join(import.meta.dirname, 'bare-flow'), base: './', configFile: false, publicDir: false, plugins: [react()],
      build: { outDir: bareDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 }, logLevel: 'silent',
    });
    const app = await serve({ root: appDir, port: 0 });
    servers.push(app.server);
    const bare = await serve({ root: bareDir, port: 0 });
    servers.push(bare.server);

    const problems: string[] = [];
    let canvas = { width: 800, height: 600 };
    const appPeer: Peer = {
      name: APP,
      url: app.url,
      prepare: async () => {},
      // What the Open dialog returns: a real FileSystemFileHandle (in the origin-private file system), so the
      // app reads it and keeps it in its recent files exactly as it would a file the user picked.
      ready: (page) => page.evaluate(async (text) => {
        const dir = await navigator.storage.getDirectory();
        const handle = await dir.getFileHandle('benchmark-300-nodes.gradflow', { create: true });
        const writable = await handle.createWritable();
        await writable.write(text);
        await writable.close();
        (window as unknown as { showOpenFilePicker: () => Promise<FileSystemFileHandle[]> }).showOpenFilePicker = async () => [handle];
      }, text),
    };
    const barePeer: Peer = {
      name: BARE,
      url: bare.url,
      // The bare page's canvas gets the editor's canvas size, so both fit the graph to the same view.
      prepare: (page) => page.addInitScript((graph) => { window.__bareGraph = graph as unknown as NonNullable<Window['__bareGraph']>; }, { ...bareGraph, ...canvas }),
      ready: async () => {},
    };

    // One warm-up session each (not counted): the disk cache, and the editor's canvas size for the bare page.
    canvas = (await session(executablePath, appPeer, dragId, problems)).canvas;
    await session(executablePath, barePeer, dragId, problems);

    const samples: Record<string, Sample[]> = { [APP]: [], [BARE]: [] };
    const measure = (peer: Peer) => async () => {
      const sample = await session(executablePath, peer, dragId, problems);
      samples[peer.name]!.push(sample);
      return sample.loadMs;
    };
    await interleave({ [APP]: measure(appPeer), [BARE]: measure(barePeer) }, rounds);

    return report(samples, [
      `${BIG_GRAPH_NODES} nodes, ${BIG_GRAPH_NODES - 1} edges (bench/big-graph.ts) in a ${canvas.width}×${canvas.height} canvas for both, headless Chromium; ${rounds} interleaved sessions each, a fresh browser per session`,
      ...(problems.length > 0 ? [`page problems seen: ${[...new Set(problems)].slice(0, 3).join(' | ')}`] : []),
    ]);
  } finally {
    for (const server of servers) server.close();
    rmSync(work, { recursive: true, force: true });
  }
}
