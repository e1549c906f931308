// The web build, end to end, in headless Chromium: open the page under its strict CSP, pick an example,
// step through it, train it to the end, and pause / resume / stop a longer run — reading only the stable
// data-testid hooks of DESIGN.md §8. Skipped (with the reason) where no Chromium is installed.
// E2E_SCREENSHOT=/path.png saves the page after training.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';

const numeric = (text: string | null): boolean => text !== null && text !== '' && Number.isFinite(Number(text));

/** Every edge-stat element's data-* attributes, keyed by edge id. */
function edgeStats(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.locator('[data-testid^="edge-stat-"]').evaluateAll((elements) => Object.fromEntries(elements.map((el) => [
    el.getAttribute('data-testid')!.slice('edge-stat-'.length),
    Object.fromEntries([...el.attributes].filter((a) => a.name.startsWith('data-')).map((a) => [a.name, a.value])),
  ])));
}

/**
 * In the page: remember every distinct text (or attribute value) an element shows from now on. Kept as source
 * text because tsx compiles this file with helpers (`__name`) that do not exist inside the page.
 */
const RECORDER = `(({ testId, attribute, key }) => {
  const el = document.querySelector('[data-testid="' + testId + '"]');
  const read = () => (attribute ? el.getAttribute(attribute) ?? '' : el.textContent ?? '');
  const seen = [read()];
  window[key] = seen;
  new MutationObserver(() => { if (read() !== seen[seen.length - 1]) seen.push(read()); })
    .observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
})`;

/** Start recording what an element shows; the returned function reads the record so far. */
async function recordTexts(page: Page, testId: string, attribute?: string): Promise<() => Promise<string[]>> {
  const key = `__record_${testId}`;
  await page.evaluate(`${RECORDER}(${JSON.stringify({ testId, attribute, key })})`);
  return async () => (await page.evaluate(`[...window[${JSON.stringify(key)}]]`)) as string[];
}

const status = (page: Page) => page.getByTestId('run-status');

test('the web build trains an example in Chromium', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({
    timeout: 20_000,
    // Registered through the DevTools protocol, so it runs even though the page's CSP forbids inline scripts.
    beforeGoto: (page) => page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    }),
  });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {

    await t.test('the page lists the examples and starts idle', async () => {
      await page.getByTestId('example-ch1-chain').waitFor();
      assert.ok(await page.getByTestId('examples').locator('[data-testid^="example-"]').count() >= 2);
      assert.equal(await status(page).textContent(), 'idle');
      assert.equal(await page.getByTestId('run-train').isDisabled(), true, 'nothing to train before a document is open');
    });

    await t.test('opening ch1-chain shows its edges; one step forward puts values on an edge', async () => {
      await page.getByTestId('example-ch1-chain').click();
      await page.getByTestId('document-name').filter({ hasText: 'chain' }).waitFor();
      await page.locator('[data-testid^="edge-stat-"]').first().waitFor();
      const before = await edgeStats(page);
      assert.ok(Object.keys(before).length >= 5, `expected the chain's edges, got ${Object.keys(before).join(', ')}`);
      await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();

      await page.getByTestId('run-step-forward').click();
      await page.locator('[data-testid^="edge-stat-"][data-values]').first().waitFor();
      const withValues = Object.entries(await edgeStats(page)).filter(([, a]) => a['data-values'] !== undefined);
      assert.ok(withValues.length >= 1);
      for (const [id, attrs] of withValues) {
        const values = JSON.parse(attrs['data-values']!) as unknown[];
        assert.ok(values.length >= 1 && values.length <= 64 && values.every((v) => typeof v === 'number'), `${id}: data-values ${attrs['data-values']}`);
        assert.ok(numeric(attrs['data-act-mean'] ?? null), `${id}: data-act-mean`);
        assert.deepEqual(JSON.parse(attrs['data-shape']!).reduce((a: number, b: number) => a * b, 1), values.length, `${id}: shape vs values`);
      }
      assert.equal(await status(page).textContent(), 'paused', 'mid-pass, the run stands still');
      await page.getByTestId('run-step-backward').click();
      await page.getByTestId('step').filter({ hasText: 'backward' }).waitFor();
    });

    await t.test('Train runs ch1-chain to the end: running, then done, with live loss and edge numbers', async () => {
      const statuses = await recordTexts(page, 'run-status');
      const losses = await recordTexts(page, 'loss', 'data-loss');
      await page.getByTestId('run-train').click();
      await status(page).filter({ hasText: /^done$/ }).waitFor({ timeout: 30_000 });
      const seen = await statuses();
      assert.ok(seen.indexOf('running') >= 0 && seen.indexOf('running') < seen.lastIndexOf('done'), `status went ${seen.join(' → ')}`);
      const lossValues = (await losses()).filter(numeric).map(Number);
      assert.ok(new Set(lossValues).size >= 2, `the loss readout should change while training, saw ${lossValues.join(', ')}`);
      assert.ok(lossValues.at(-1)! < lossValues[0]!, `the loss should fall: ${lossValues.join(', ')}`);
      assert.match((await page.getByTestId('epoch').textContent()) ?? '', /^40 \/ 40/);

      const stats = await edgeStats(page);
      for (const [id, attrs] of Object.entries(stats)) {
        assert.ok(numeric(attrs['data-act-mean'] ?? null) && numeric(attrs['data-act-norm'] ?? null), `${id}: ${JSON.stringify(attrs)}`);
        assert.ok(Array.isArray(JSON.parse(attrs['data-shape']!)), `${id}: data-shape`);
      }
      const withGradient = Object.entries(stats).filter(([, a]) => a['data-grad-norm'] !== undefined);
      assert.ok(withGradient.length >= 4 && withGradient.every(([, a]) => numeric(a['data-grad-norm']!)), JSON.stringify(stats));
      // Data and labels never carry a gradient (DESIGN.md §4).
      assert.equal(stats['x->ax.A']?.['data-grad-norm'], undefined);
      if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: true });
    });

    await t.test('a longer run (spiral) pauses, resumes and stops', async () => {
      await page.getByTestId('example-spiral').click();
      await page.getByTestId('document-name').filter({ hasText: 'spiral' }).waitFor();
      await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();
      await page.getByTestId('run-train').click();
      await status(page).filter({ hasText: /^running$/ }).waitFor();
      await page.locator('[data-testid="epoch"][data-epoch]').waitFor();

      await page.getByTestId('run-pause').click();
      await status(page).filter({ hasText: /^paused$/ }).waitFor();
      const pausedAt = await page.getByTestId('epoch').textContent();
      await page.waitForTimeout(400);
      assert.equal(await page.getByTestId('epoch').textContent(), pausedAt, 'nothing moves while paused');

      await page.getByTestId('run-pause').click(); // now labelled Resume
      await status(page).filter({ hasText: /^running$/ }).waitFor();
      await page.getByTestId('run-stop').click();
      await status(page).filter({ hasText: /^(done|idle)$/ }).waitFor();
      const epoch = Number(await page.getByTestId('epoch').getAttribute('data-epoch'));
      assert.ok(epoch < 300, `stopped before the last of 300 epochs (at ${epoch})`);
      assert.equal(await page.getByTestId('error-banner').count(), 0);
    });

    await t.test('no CSP violations, page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
