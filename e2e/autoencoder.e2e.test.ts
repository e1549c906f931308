// Chapter 7's autoencoder (issue 7 §4) in headless Chromium: ch7-mnist-autoencoder, cut to its first 600 rows in
// the data source inspector, trains for an epoch; the Codes plot draws the 28-unit codes of the validation digits
// projected to 2-D by PCA, one trace per digit (plotly's own traces are checked: ten digits, every row a point),
// and Reconstructions draws 8 digits above their reconstructions as one heatmap of tiles. Saves
// docs/plot-codes.png and docs/plot-reconstructions.png (E2E_SCREENSHOT_DIR overrides docs/).
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, waitForName, waitForReady } from './support/documents.ts';

const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs');
const EXAMPLE = 'ch7-mnist-autoencoder';

const status = (page: Page) => page.getByTestId('run-status');

/** Open a plot's tab and wait until plotly has drawn it with traces in its SVG. */
async function openPlot(page: Page, kind: string): Promise<void> {
  await page.getByTestId(`plot-tab-${kind}`).click();
  const plot = page.locator(`[data-testid="plot-${kind}"][data-rendered="true"]`);
  await plot.waitFor({ timeout: 30_000 });
  const drawn = await plot.evaluate((el) => ({ traces: Number(el.getAttribute('data-traces')), svg: el.querySelectorAll('svg .cartesianlayer .hm, svg .cartesianlayer .trace').length }));
  assert.ok(drawn.traces > 0 && drawn.svg > 0, `plot-${kind} drawn: ${JSON.stringify(drawn)}`);
}

async function screenshotPlot(page: Page, kind: string): Promise<void> {
  const plot = page.getByTestId(`plot-${kind}`);
  await page.waitForTimeout(150); // plotly's last transition frame
  await plot.scrollIntoViewIfNeeded();
  await plot.screenshot({ path: join(SHOTS, `plot-${kind}.png`) });
}

test('chapter 7: an autoencoder trains in the app; its codes are drawn coloured by digit and its reconstructions as images', { timeout: 60_000 }, async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 1000 });
  try {
    await t.test('ch7-mnist-autoencoder opens and trains one epoch on its first 600 rows', async () => {
      await page.getByTestId(`example-${EXAMPLE}`).click();
      await waitForName(page, readExample(EXAMPLE).name!);
      await waitForReady(page);
      const limit = page.getByTestId('inspector').getByTestId('data-limit');
      await limit.fill('600');
      await limit.press('Enter');
      await page.locator('.data-report summary').filter({ hasText: /^Data: 480 train/ }).waitFor({ timeout: 30_000 });
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      await status(page).filter({ hasText: /^done$/ }).waitFor({ timeout: 30_000 });
      const loss = Number(await page.getByTestId('loss').getAttribute('data-loss'));
      assert.ok(Number.isFinite(loss), `a finite loss: ${loss}`);
    });

    await t.test('Codes: the 120 validation digits\' 28 numbers as points on two principal components, one trace per digit', async () => {
      await openPlot(page, 'codes');
      const traces = await page.getByTestId('plot-codes').evaluate((el) =>
        ((el as unknown as { data?: { name?: string; x?: number[]; y?: number[] }[] }).data ?? []).map((trace) => ({
          name: trace.name ?? '', points: trace.x?.length ?? 0, finite: (trace.x ?? []).concat(trace.y ?? []).every(Number.isFinite),
          spread: new Set(trace.x ?? []).size,
        })));
      assert.deepEqual(traces.map((tr) => tr.name), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], 'one trace per digit, in order');
      assert.equal(traces.reduce((sum, tr) => sum + tr.points, 0), 120, 'every validation row is a point');
      assert.ok(traces.every((tr) => tr.finite && tr.spread === tr.points), JSON.stringify(traces));
      await screenshotPlot(page, 'codes');
    });

    await t.test('Reconstructions: 8 digits above their reconstructions, one heatmap of 2 × 8 tiles of 28 × 28', async () => {
      await openPlot(page, 'reconstructions');
      const heatmap = await page.getByTestId('plot-reconstructions').evaluate((el) => {
        const z = ((el as unknown as { data?: { z?: (number | null)[][] }[] }).data?.[0]?.z) ?? [];
        const values = z.flat().filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        const top = z.slice(0, 28).flat().filter((v): v is number => typeof v === 'number');
        const bottom = z.slice(30).flat().filter((v): v is number => typeof v === 'number');
        return { rows: z.length, columns: z[0]?.length ?? 0, cells: values.length, topDistinct: new Set(top).size, bottomDistinct: new Set(bottom).size };
      });
      // 2 rows and 8 columns of 28×28 tiles with two-cell gaps.
      assert.deepEqual({ rows: heatmap.rows, columns: heatmap.columns, cells: heatmap.cells }, { rows: 2 * 28 + 2, columns: 8 * 28 + 7 * 2, cells: 16 * 784 });
      // The inputs are digits (few grey levels); the reconstructions are a linear layer's outputs (all different).
      assert.ok(heatmap.bottomDistinct > 5000, `real reconstructions: ${heatmap.bottomDistinct} distinct values`);
      assert.ok(heatmap.topDistinct > 2 && heatmap.topDistinct < 300, `digits: ${heatmap.topDistinct} grey levels`);
      await screenshotPlot(page, 'reconstructions');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
