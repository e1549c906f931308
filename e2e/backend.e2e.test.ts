// The backend in the web build, end to end in headless Chromium (issue 8, Build item 2): the file bar's badge
// names the kernels the engine reports — reference for the spiral as it ships; after the training form's
// backend is set to fast, the fast backend with WebAssembly relaxed SIMD and FMA wherever this Chromium
// validates the relaxed-SIMD kernel (checked in the page itself, not assumed) — and the spiral then trains
// on it, one epoch at a time, with finite losses that fall. Skipped (with the reason) where no Chromium is
// installed. About 10 s after the web build.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, setTrainingField, waitForName, waitForReady } from './support/documents.ts';
import { gemmRelaxedSimdBase64, gemmSimdBase64 } from '../core/backend/wasm/kernels.generated.ts';

const status = (page: Page) => page.getByTestId('run-status');
const badge = (page: Page) => page.getByTestId('backend');

/** The badge's data-* facts (name, kernels, FMA) and its text. */
const badgeFacts = (page: Page) => badge(page).evaluate((el) => ({
  backend: el.getAttribute('data-backend'), kernels: el.getAttribute('data-kernels'), fma: el.getAttribute('data-fma'), text: el.textContent,
}));

/** Whether this page's WebAssembly validates a kernel binary (the same test the engine's loader makes). */
const validates = (page: Page, base64: string): Promise<boolean> =>
  page.evaluate(`WebAssembly.validate(Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)))`) as Promise<boolean>;

/**
 * In the page: remember every distinct value of the loss readout's data-loss from now on (source text: tsx's
 * helpers do not exist inside the page).
 */
const RECORD_LOSSES = `(() => {
  const el = document.querySelector('[data-testid="loss"]');
  const read = () => el.getAttribute('data-loss') ?? '';
  const seen = [read()];
  window.__losses = seen;
  new MutationObserver(() => { if (read() !== seen[seen.length - 1]) seen.push(read()); }).observe(el, { attributes: true });
})()`;

/** Click Train, wait for the one-epoch run to end; returns the loss readout's final value. */
async function trainOneEpoch(page: Page): Promise<number> {
  await waitForReady(page);
  // A one-epoch run can go running → done within one render: start from a status other than done.
  if ((await status(page).textContent()) === 'done') {
    await page.getByTestId('run-step-forward').click();
    await status(page).filter({ hasText: /^paused$/ }).waitFor();
  }
  await page.getByTestId('run-train').click();
  await status(page).filter({ hasText: /^done$/ }).waitFor({ timeout: 30_000 });
  const loss = Number(await page.getByTestId('loss').getAttribute('data-loss'));
  assert.ok(Number.isFinite(loss), `a finite loss after the epoch, got ${loss}`);
  return loss;
}

test('the file bar shows the backend the engine runs; on fast (relaxed SIMD + FMA here) the spiral trains', { timeout: 120_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {
    await page.getByTestId('example-spiral').click();
    await waitForName(page, readExample('spiral').name ?? 'spiral');
    await waitForReady(page);

    await t.test('the spiral as it ships (no backend in the file): the reference badge, no FMA', async () => {
      await page.locator('[data-testid="backend"][data-backend="reference"]').waitFor();
      const facts = await badgeFacts(page);
      assert.deepEqual({ ...facts, text: facts.text?.trim() }, { backend: 'reference', kernels: 'typescript', fma: 'false', text: 'reference backend' });
    });

    await t.test('the training form sets the backend to fast: the badge names the kernels this Chromium validates', async () => {
      const relaxed = await validates(page, gemmRelaxedSimdBase64);
      const simd = await validates(page, gemmSimdBase64);
      t.diagnostic(`this Chromium validates relaxed SIMD: ${relaxed}, SIMD: ${simd}`);
      await page.getByTestId('inspector').getByTestId('training-backend').selectOption('fast');
      await page.locator('[data-testid="backend"][data-backend="fast"]').waitFor();
      await waitForReady(page);
      const facts = await badgeFacts(page);
      const expected = relaxed
        ? { kernels: 'wasm-relaxed-simd', fma: 'true', text: 'fast backend · wasm SIMD + FMA' }
        : simd ? { kernels: 'wasm-simd', fma: 'false', text: 'fast backend · wasm SIMD' } : { kernels: 'typescript-blocked', fma: 'false', text: 'fast backend · TypeScript' };
      assert.deepEqual({ kernels: facts.kernels, fma: facts.fma, text: facts.text?.trim() }, expected);
      // Chromium (as Electron's) turns relaxed SIMD on by default: the FMA kernels are what the app runs.
      assert.ok(relaxed, 'this Chromium does not validate relaxed SIMD: the badge above reports what it runs instead');
      assert.match((await badge(page).getAttribute('title')) ?? '', /relaxed SIMD with FMA/);
      assert.equal(await page.getByTestId('inspector').getByTestId('training-backend').inputValue(), 'fast');
    });

    await t.test('on the fast backend the spiral trains: every loss finite, and the second epoch ends lower than the first', async (sub) => {
      await setTrainingField(page, 'epochs', '1');
      await waitForReady(page);
      await page.evaluate(RECORD_LOSSES);
      const first = await trainOneEpoch(page);
      const second = await trainOneEpoch(page); // Train continues from the trained parameters
      assert.ok(second < first, `the loss falls: ${first} → ${second}`);
      const seen = ((await page.evaluate('[...window.__losses]')) as string[]).filter((v) => v !== '').map(Number);
      sub.diagnostic(`losses shown: ${seen.join(', ')}`);
      assert.ok(seen.length >= 2 && seen.every(Number.isFinite), `every loss the readout showed is finite: ${seen.join(', ')}`);
      assert.equal((await badgeFacts(page)).backend, 'fast', 'still on fast after training');
      assert.equal(await page.getByTestId('error-banner').count(), 0);
    });

    await t.test('back to reference: the badge follows', async () => {
      await page.getByTestId('inspector').getByTestId('training-backend').selectOption('reference');
      await page.locator('[data-testid="backend"][data-backend="reference"][data-fma="false"]').waitFor();
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
