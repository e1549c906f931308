// Telemetry latency to a real window: the web build in headless Chromium, its engine in a Web Worker, the
// spiral example training; each progress frame carries the worker's clock (`sentAt`) and the page records
// when it arrived. Skipped, with the reason, where Chromium is missing.

import type { Server } from 'node:http';
import { serve } from '../scripts/serve-web.mjs';
import { findChromium, launchChromium, type LaunchedBrowser } from '../e2e/support/chromium.ts';
import { ensureWebBuild, WEB_DIR } from '../e2e/support/web-build.ts';
import { summarizePeers, type BenchmarkResult } from './harness.ts';

declare global {
  interface Window { __telemetryLatencies?: number[] }
}

export async function run(): Promise<BenchmarkResult[]> {
  const executablePath = findChromium();
  if (!executablePath) {
    return [{ ...summarizePeers('telemetry frame latency, Web Worker → page (ms)', 'web worker → page', { 'web worker → page': { unit: 'ms', higherIsBetter: false, values: [NaN] } }), notes: ['skipped: Chromium not found (set CHROMIUM_PATH, or apt-get install chromium)'] }];
  }
  ensureWebBuild();
  let server: Server | undefined;
  let browser: LaunchedBrowser | undefined;
  try {
    const served = await serve({ root: WEB_DIR, port: 0 });
    server = served.server;
    browser = await launchChromium(executablePath);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(60_000);
    // Listen on every Worker the page creates, next to the page's own listener (installed before its scripts).
    await page.addInitScript(() => {
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
    await page.goto(served.url);
    await page.getByTestId('example-spiral').click();
    await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();
    await page.getByTestId('run-train').click();
    await page.getByTestId('run-status').filter({ hasText: 'done' }).waitFor();
    const values = await page.evaluate(() => window.__telemetryLatencies ?? []);
    return [summarizePeers('telemetry frame latency, Web Worker → page (ms)', 'web worker → page', {
      'web worker → page': { unit: 'ms', higherIsBetter: false, values },
    }, [`${values.length} progress frames while the spiral example trained in headless Chromium (the web build)`])];
  } finally {
    await browser?.close();
    server?.close();
  }
}
