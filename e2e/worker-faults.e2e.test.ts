// Engine worker faults in the web build, in headless Chromium (issue 9 §5). The test reaches into the real
// engine Web Worker through the DevTools protocol (playwright's page.workers()), so the app needs no crash
// hook of its own:
//  (a) an uncaught error thrown inside the worker mid-training: the page replaces the worker, loads the document
//      into the fresh one, says so in the error banner, and training runs again; one engine worker is alive;
//  (b) an idle worker that answers its heartbeat is left alone past the timeout; one that ends silently
//      (self.close(): a browser reports nothing) is found by the heartbeat;
//  (c) a crash loop: after the cap (3 restarts a minute) the page stops restarting, says so and keeps no worker;
//      editing the document (which loads it again) starts a fresh engine that trains.
// Skipped where Chromium is missing. About 45 s after the web build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Worker } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { setTrainingField, waitForReady } from './support/documents.ts';

const status = (page: Page) => page.getByTestId('run-status');
const banner = (page: Page) => page.getByTestId('error-banner');

/** The page's live engine workers (the bundle's file is named after engine.worker.ts). */
const engineWorkers = (page: Page): Worker[] => page.workers().filter((w) => /engine\.worker/.test(w.url()));

/** Wait until exactly `count` engine workers are alive, failing with what was seen. */
async function expectEngineWorkers(page: Page, count: number, timeout = 10_000): Promise<Worker[]> {
  for (const deadline = Date.now() + timeout; engineWorkers(page).length !== count && Date.now() < deadline;) await page.waitForTimeout(50);
  const workers = engineWorkers(page);
  assert.equal(workers.length, count, `live engine workers: ${page.workers().map((w) => w.url()).join(', ') || 'none'}`);
  return workers;
}

/** Throw from a task inside the engine worker: an uncaught error, as an engine bug would be. */
async function crashEngine(page: Page, why: string): Promise<void> {
  const [worker] = await expectEngineWorkers(page, 1);
  // Source text: tsx's helpers (`__name`) do not exist inside the worker.
  await worker!.evaluate(`setTimeout(() => { throw new Error(${JSON.stringify(why)}); }, 0)`);
}

/** Train the open document until the epoch counter has moved past `epochs`. */
async function trainPast(page: Page, epochs: number): Promise<void> {
  await page.getByTestId('run-train').click();
  await status(page).filter({ hasText: /^running$/ }).waitFor();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="epoch"]')?.getAttribute('data-epoch') ?? 0) > n, epochs, { timeout: 20_000 });
}

async function stopRun(page: Page): Promise<void> {
  await page.getByTestId('run-stop').click();
  await status(page).filter({ hasText: /^(done|idle)$/ }).waitFor();
}

test('the web build replaces an engine worker that crashes, hangs up or crash-loops', { timeout: 120_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {
    await page.getByTestId('example-spiral').click();
    await page.getByTestId('document-name').filter({ hasText: 'spiral' }).waitFor();
    await waitForReady(page);
    // A run that cannot end on its own while the test crashes the engine under it (the spiral's 300 epochs can).
    await setTrainingField(page, 'epochs', '100000');
    await waitForReady(page);
    const documentName = await page.getByTestId('document-name').textContent();

    await t.test('an uncaught error mid-training: a fresh worker loads the document, the banner says so, training runs again', async (st) => {
      const before = await expectEngineWorkers(page, 1);
      await trainPast(page, 2);
      const crashedAt = Date.now();
      await crashEngine(page, 'simulated engine bug');
      await banner(page).filter({ hasText: 'simulated engine bug' }).waitFor();
      st.diagnostic(`from the crash to the notice (the document reloaded in a fresh worker): ${Date.now() - crashedAt} ms`);
      const notice = (await banner(page).textContent()) ?? '';
      assert.match(notice, /The engine crashed \(.*simulated engine bug\)\. A fresh engine was started and your document loaded again; training was interrupted/);
      await waitForReady(page);
      const [after] = await expectEngineWorkers(page, 1);
      assert.notEqual(after, before[0], 'a different worker');
      assert.equal(await page.getByTestId('document-name').textContent(), documentName, 'the document stays open');

      // The fresh engine trains: the epochs count up from a new run, and the new run clears the notice.
      await trainPast(page, 2);
      assert.equal(await banner(page).count(), 0);
      await stopRun(page);
      await expectEngineWorkers(page, 1);
    });

    await t.test('a healthy idle worker is left alone; one that ends silently stops answering its heartbeat and is replaced', { timeout: 60_000 }, async () => {
      const [worker] = await expectEngineWorkers(page, 1);
      // First, a worker that answers its heartbeat is left alone past the idle timeout (10 s) and the start-up
      // grace (15 s) that applies until its first answer: one that never answered would be restarted by now.
      await page.waitForTimeout(17_000);
      assert.equal(await banner(page).count(), 0, 'no restart of a healthy, idle engine');
      assert.equal(engineWorkers(page)[0], worker, 'the same worker');
      // The worker may be gone before it can answer the evaluation: only the closing matters.
      await worker!.evaluate('setTimeout(() => self.close(), 0)');
      // The idle timeout is 10 s, pinged every second.
      await banner(page).filter({ hasText: 'stopped responding' }).waitFor({ timeout: 25_000 });
      assert.match((await banner(page).textContent()) ?? '', /The engine stopped responding \(no answer for 1\d\.\d s\)\. A fresh engine was started and your document loaded again/);
      await waitForReady(page);
      await expectEngineWorkers(page, 1);
    });

    await t.test('a crash loop is capped: no worker is left, the banner says how to retry, and an edit (a load) brings an engine that trains', async () => {
      // Two failures so far this minute; the cap is three restarts a minute, so at most two more crashes end it.
      let notice = '';
      for (let crash = 1; crash <= 4 && !/not restarted/.test(notice); crash += 1) {
        await crashEngine(page, `crash loop ${crash}`);
        await banner(page).filter({ hasText: `crash loop ${crash}` }).waitFor();
        notice = (await banner(page).textContent()) ?? '';
        if (!/not restarted/.test(notice)) await waitForReady(page);
      }
      assert.match(notice, /It failed 4 times in a row, so it was not restarted; your document is unchanged — load it again to retry/);
      await expectEngineWorkers(page, 0);
      assert.equal(await page.getByTestId('document-name').textContent(), documentName, 'the document stays open');

      // Any edit loads the document into the engine again: the user's way to retry.
      await setTrainingField(page, 'epochs', '99999');
      await expectEngineWorkers(page, 1);
      await waitForReady(page);
      await trainPast(page, 2);
      await stopRun(page);
      assert.equal(await banner(page).count(), 0);
    });

    await t.test('no page errors; the only console errors are the crashes the test caused', () => {
      const unexpected = problems.filter((p) => !/simulated engine bug|crash loop \d/.test(p));
      assert.deepEqual(unexpected, []);
    });
  } finally {
    await opened.close();
  }
});
