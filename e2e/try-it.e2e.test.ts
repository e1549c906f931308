// Try it (issue 6 §3) in headless Chromium: an MNIST network trained for one epoch (paused once on the way, for
// the tensor viewer's image grid of the Input's batch) reads a "1" and a "7" drawn with the mouse on the drawing
// pad — the prediction with a probability per class — and the canvas edges then carry that one sample's
// activations; the spiral classifier takes two typed features. Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { setTrainingField, waitForReady } from './support/documents.ts';
import { pinEdge } from './support/canvas.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations inside the side dock (axe injected through the debugger protocol, so the page's CSP stays on). */
async function dockViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(`axe.run('[data-testid="side-dock"]', { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const shapeOf = async (page: Page, edgeId: string) => JSON.parse((await page.getByTestId(`edge-stat-${edgeId}`).getAttribute('data-shape')) ?? 'null') as number[] | null;

/** One stroke with the mouse through these points of the drawing pad (shares of its width and height). */
async function draw(page: Page, points: [number, number][]): Promise<void> {
  const pad = (await page.getByTestId('try-it-pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [pad.x + pad.width * x, pad.y + pad.height * y] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const point of points.slice(1)) await page.mouse.move(...at(point), { steps: 10 });
  await page.mouse.up();
}

/** The bars' probabilities, in class order. */
const probabilities = (page: Page) => page.locator('[data-testid^="try-it-bar-"]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-probability'))));

function assertDistribution(p: number[], classes: number): void {
  assert.equal(p.length, classes, `one bar per class: ${p.length}`);
  assert.ok(p.every((v) => v >= 0 && v <= 1), `probabilities in [0, 1]: ${p}`);
  const sum = p.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) <= 1e-6, `they sum to 1: ${sum}`);
}

test('Try it: a drawn digit and typed features through the trained model, and the sample\'s values on the edges', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  try {
    await t.test('an MNIST network trained for an epoch reads a "1" and a "7" drawn with the mouse', async () => {
      await page.getByTestId('example-ch4-mnist-glorot').click();
      await page.locator('[data-testid="edge-stat-input->dense1_w"]').waitFor({ timeout: 30_000 });
      await waitForReady(page);
      await page.getByTestId('try-it-open').click();
      assert.equal(await page.getByTestId('try-it').getAttribute('data-input'), 'digit', 'a 784-wide Input gets the drawing pad');

      await setTrainingField(page, 'epochs', '1');
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      // Paused mid-epoch, the tensor viewer shows the Input's batch as digits (the image grid of issue 6 §1).
      await page.waitForFunction(() => document.querySelector('[data-testid="edge-stat-input->dense1_w"]')?.getAttribute('data-shape') === '[60,784]');
      await page.getByTestId('run-pause').click();
      await page.getByTestId('run-status').filter({ hasText: /^paused$/ }).waitFor();
      await pinEdge(page, 'input->dense1_w');
      const images = page.locator('[data-testid="viewer-images"][data-tiles="16"]');
      await images.waitFor();
      assert.equal(await images.locator('canvas').count(), 16, 'the first 16 of the batch of 60');
      assert.match((await page.getByTestId('tensor-viewer').locator('figcaption').first().textContent()) ?? '', /28×28 images: the first 16 of 60/);
      const inked = await images.locator('canvas').first().evaluate((el) => {
        const canvas = el as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set<number>();
        for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return colours.size;
      });
      assert.ok(inked >= 10, `a digit, not a blank tile: ${inked} colours`);
      await page.keyboard.press('Escape');
      await page.getByTestId('tensor-viewer').waitFor({ state: 'detached' });
      await page.getByTestId('run-train').click();
      await page.getByTestId('run-status').filter({ hasText: /^done$/ }).waitFor({ timeout: 60_000 });
      assert.deepEqual(await shapeOf(page, 'dense1_act->dense2_w'), [20, 89], 'the last training batch on the edges (8000 rows by 60: 20 left)');

      // A "1": one vertical stroke down the middle of the pad.
      await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
      const prediction = page.getByTestId('try-it-prediction');
      await prediction.waitFor();
      assert.equal(await page.getByTestId('try-it-pad').getAttribute('data-strokes'), '1');
      assert.equal(await prediction.getAttribute('data-task'), 'classification');
      assertDistribution(await probabilities(page), 10);
      assert.equal(await prediction.getAttribute('data-class'), '1', `the drawn 1 is read as a 1 (probabilities ${await probabilities(page)})`);

      // The canvas now shows that one sample's activations: every edge carries a batch of 1.
      await page.waitForFunction(() => document.querySelector('[data-testid="edge-stat-dense1_act->dense2_w"]')?.getAttribute('data-shape') === '[1,89]');
      assert.deepEqual(await shapeOf(page, 'input->dense1_w'), [1, 784]);
      assert.deepEqual(await shapeOf(page, 'dense2_act->loss'), [1, 10]);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs'), 'try-it.png') });
      assert.deepEqual(await dockViolations(page), [], 'Try it passes axe-core');

      // Clear empties the pad; the next stroke predicts again: a "7" is not read as a 1.
      await page.getByTestId('try-it-clear').click();
      assert.equal(await page.getByTestId('try-it-pad').getAttribute('data-strokes'), '0');
      assert.equal(await page.getByTestId('try-it-predict').isDisabled(), true);
      await draw(page, [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]);
      await page.waitForFunction(() => document.querySelector('[data-testid="try-it-prediction"]')?.getAttribute('data-class') !== '1');
      assertDistribution(await probabilities(page), 10);
      assert.equal(await prediction.getAttribute('data-class'), '7', `the drawn 7 is read as a 7 (probabilities ${await probabilities(page)})`);
    });

    await t.test('the spiral classifier takes two typed features', async () => {
      // The MNIST example's epochs were edited: replacing it asks first.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('example-spiral').click();
      await page.locator('[data-testid="edge-stat-input->dense1_w"]').waitFor({ timeout: 30_000 });
      await waitForReady(page);
      const panel = page.getByTestId('try-it');
      await panel.and(page.locator('[data-input="features"]')).waitFor();
      assert.deepEqual(await panel.locator('.field > span:first-child').allTextContents(), ['x', 'y'], 'named like the data\'s columns');
      await page.getByTestId('try-it-feature-0').fill('0.5');
      await page.getByTestId('try-it-feature-1').fill('abc');
      assert.equal(await page.getByTestId('try-it-predict').isDisabled(), true, 'a value that is not a number cannot be sent');
      assert.match((await panel.locator('.field-error').textContent()) ?? '', /"abc" is not a number/);
      await page.getByTestId('try-it-feature-1').fill('-0.25');
      await page.getByTestId('try-it-feature-1').press('Enter');
      const prediction = page.getByTestId('try-it-prediction');
      await prediction.waitFor();
      assertDistribution(await probabilities(page), 2);
      assert.match((await prediction.getAttribute('data-class')) ?? '', /^[01]$/);
      await page.waitForFunction(() => document.querySelector('[data-testid="edge-stat-input->dense1_w"]')?.getAttribute('data-shape') === '[1,2]');
      assert.deepEqual(JSON.parse((await page.getByTestId('edge-stat-input->dense1_w').getAttribute('data-values'))!), [0.5, -0.25], 'the typed row is what flowed in');
      await page.getByTestId('try-it-close').click();
      await panel.waitFor({ state: 'detached' });
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
