// Chapter 5's convolutions as pictures (issue 7 §1) in headless Chromium: the ch5-mnist-cnn example, cut to its
// first 600 rows in the data source inspector, trains for an epoch; the Filters plot draws its 16 learned 5×5
// kernels and the Feature maps plot the 16 maps the convolution passes on for one digit (plotly's own heatmap
// data is checked, not only that something was drawn); expanding the Conv2D layer, auto-layout and a click on the edge
// out of the convolution pin the tensor viewer on the (N, 16, 28, 28) batch, drawn as images. Saves
// docs/plot-filters.png and docs/plot-feature-maps.png (E2E_SCREENSHOT_DIR overrides docs/).
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, waitForName, waitForReady } from './support/documents.ts';
import { pinEdge } from './support/canvas.ts';

const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs');
const EXAMPLE = 'ch5-mnist-cnn';
const CONV_OUT = 'conv2d1_conv->conv2d1_act';
const TANH_OUT = 'conv2d1_act->conv2d1_flat';

const status = (page: Page) => page.getByTestId('run-status');

/** Plotly's heatmap as drawn: its size in cells and how many distinct finite values it holds. */
const drawnHeatmap = (page: Page, kind: string) => page.getByTestId(`plot-${kind}`).evaluate((el) => {
  const z = ((el as unknown as { data?: { z?: (number | null)[][] }[] }).data?.[0]?.z) ?? [];
  const values = z.flat().filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return { rows: z.length, columns: z[0]?.length ?? 0, cells: values.length, distinct: new Set(values).size };
});

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

test('chapter 5: a CNN trains in the app; its filters and feature maps are drawn as images, and the viewer shows the convolution\'s output', { timeout: 90_000 }, async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 1000 });
  try {
    await t.test('ch5-mnist-cnn opens and trains one epoch on its first 600 rows', async () => {
      await page.getByTestId(`example-${EXAMPLE}`).click();
      await waitForName(page, readExample(EXAMPLE).name!);
      await waitForReady(page);
      const limit = page.getByTestId('inspector').getByTestId('data-limit');
      await limit.fill('600');
      await limit.press('Enter');
      await page.locator('.data-report summary').filter({ hasText: /^Data: 480 train/ }).waitFor({ timeout: 30_000 });
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      await status(page).filter({ hasText: /^done$/ }).waitFor({ timeout: 45_000 });
      assert.match((await page.getByTestId('epoch').textContent()) ?? '', /^1 \/ 1/);
      const loss = Number(await page.getByTestId('loss').getAttribute('data-loss'));
      assert.ok(Number.isFinite(loss), `a finite loss: ${loss}`);
    });

    await t.test('Filters: the 16 learned 5×5 kernels of the one input channel, as a 4×4 grid of images', async () => {
      await openPlot(page, 'filters');
      assert.match((await page.getByTestId('plot-filters-param').locator('option:checked').textContent()) ?? '', /^conv2d1_conv\.K \[1 × 16 × 5 × 5\]$/);
      const heatmap = await drawnHeatmap(page, 'filters');
      // 4 rows and 4 columns of 5×5 tiles with one-cell gaps; every kernel weight drawn, all different.
      assert.deepEqual({ rows: heatmap.rows, columns: heatmap.columns, cells: heatmap.cells }, { rows: 23, columns: 23, cells: 400 });
      assert.ok(heatmap.distinct > 390, `the weights differ: ${heatmap.distinct} distinct values`);
      await screenshotPlot(page, 'filters');
    });

    await t.test('Feature maps: the tanh of the 16 filters\' responses to one digit', async () => {
      await page.getByTestId('plot-tab-feature-maps').click();
      const edges = await page.getByTestId('plot-feature-maps-edge').locator('option').allTextContents();
      assert.deepEqual(edges, [`input->conv2d1_conv`, CONV_OUT, TANH_OUT], 'every edge carrying (N, C, H, W) images');
      await page.getByTestId('plot-feature-maps-edge').selectOption(TANH_OUT);
      // 16 maps of 28×28 in a 4×4 grid: wait until the drawing is this edge's, not the input's single image.
      await page.waitForFunction(() => {
        const el = document.querySelector('[data-testid="plot-feature-maps"][data-rendered="true"]') as unknown as { data?: { z?: unknown[][] }[] } | null;
        const z = el?.data?.[0]?.z;
        return z?.length === 4 * 28 + 3 && z[0]?.length === 4 * 28 + 3;
      }, undefined, { timeout: 20_000 });
      const heatmap = await drawnHeatmap(page, 'feature-maps');
      assert.equal(heatmap.cells, 16 * 28 * 28);
      assert.ok(heatmap.distinct > 1000, `real maps, not a blank: ${heatmap.distinct} distinct values`);
      await screenshotPlot(page, 'feature-maps');
    });

    await t.test('the tensor viewer, pinned on the convolution\'s output edge, draws the batch\'s maps as images', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.getByTestId('expand-conv2d1').click();
      // Expanded in place, the layer's members sit close together; auto-layout spaces them so the edge can be clicked.
      await page.getByTestId('edit-auto-layout').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="edit-undo"]')?.getAttribute('title') ?? '').includes('Move'));
      await page.getByTestId('edit-fit').click();
      await page.waitForTimeout(400);
      await pinEdge(page, CONV_OUT);
      const viewer = page.getByTestId('tensor-viewer');
      await viewer.getByTestId('viewer-images').waitFor({ timeout: 20_000 });
      const shape = JSON.parse((await viewer.getByTestId('viewer-tensor').getAttribute('data-shape'))!) as number[];
      assert.deepEqual(shape.slice(1), [16, 28, 28], `(N, 16, 28, 28): ${JSON.stringify(shape)}`);
      assert.equal(await viewer.getByTestId('viewer-images').getAttribute('data-tiles'), '16', 'the first 16 of N·16 maps');
      const colours = await viewer.locator('[data-testid="viewer-images"] canvas').first().evaluate((el) => {
        const canvas = el as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return seen.size;
      });
      assert.ok(colours >= 20, `the first map has real pixels: ${colours} colours`);
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
