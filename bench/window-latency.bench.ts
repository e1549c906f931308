// Telemetry latency to a real window: the web build in headless Chromium, its engine in a Web Worker, the
// spiral example training; each progress frame carries the worker's clock (`sentAt`) and the page records
// when it arrived. Skipped, with the reason, where Chromium is missing.

import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from '../e2e/support/web-page.ts';
import { summarizePeers, type BenchmarkResult } from './harness.ts';

declare global {
  interface Window { __telemetryLatencies?: number[] }
}

const NAME = 'telemetry frame latency, Web Worker → page (ms)';
const PEER = 'web worker → page';

/** Listen on every Worker the page creates, next to the page's own listener (installed before its scripts). */
const recordLatencies = (page: Page) => page.addInitScript(() => {
  const latencies: number[] = [];
  window.__telemetryLatencies = latencies;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => {
        const sentAt = (event.data as { type?: string; sentAt?: number } | null)?.sentAt;
        if (typeof sentAt === 'number') latencies.push(performance.timeOrigin + performance.now() - sentAt);
      });
    }
  };
});

export async function run(): Promise<BenchmarkResult[]> {
  const opened = await openWebBuild({ timeout: 60_000, beforeGoto: recordLatencies });
  if (!opened) {
    return [{ ...summarizePeers(NAME, PEER, { [PEER]: { unit: 'ms', higherIsBetter: false, values: [NaN] } }), notes: [CHROMIUM_MISSING] }];
  }
  const { page } = opened;
  try {
    await page.getByTestId('example-spiral').click();
    await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('run-train').click();
    await page.getByTestId('run-status').filter({ hasText: 'done' }).waitFor();
    const values = await page.evaluate(() => window.__telemetryLatencies ?? []);
    return [summarizePeers(NAME, PEER, { [PEER]: { unit: 'ms', higherIsBetter: false, values } },
      [`${values.length} progress frames while the spiral example trained in headless Chromium (the web build)`])];
  } finally {
    await opened.close();
  }
}
