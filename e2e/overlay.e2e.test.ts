// The live overlay on the canvas (issue 6 §1), in headless Chromium: while the spiral example trains, each
// edge that carries a gradient is coloured by the gradient's magnitude and runs its dash backward, data edges
// run forward and carry no gradient colour, widths follow the activations, the numbers move between two
// moments, hovering an edge shows its histograms, and the Overlay button turns it all off. Read through the
// edge labels' data-* hooks and the paths' computed style. Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';

const GRADIENT_EDGE = 'dense1_act->dense2_w';
const DATA_EDGE = 'input->dense1_w';

const hooks = (page: Page, id: string) => page.locator(`[data-testid="edge-label-${id}"]`).evaluate((el) => ({
  grad: el.getAttribute('data-grad-rms'), act: el.getAttribute('data-act-rms'), phase: el.getAttribute('data-phase'),
}));
const stroke = (page: Page, id: string) => page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`).evaluate((el) => {
  const style = getComputedStyle(el);
  return { color: style.stroke, width: Number.parseFloat(style.strokeWidth), dash: style.strokeDasharray };
});

test('the live overlay colours, thickens and animates the edges while training', { timeout: 120_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  try {
    await t.test('before training the edges are plain', async () => {
      await page.getByTestId('example-spiral').click();
      await page.locator(`[data-testid="edge-label-${GRADIENT_EDGE}"]`).waitFor();
      assert.deepEqual(await hooks(page, GRADIENT_EDGE), { grad: null, act: null, phase: null });
      assert.equal(await page.getByTestId('overlay-legend').count(), 0);
    });

    await t.test('while training: gradient edges coloured and running backward, data edges forward', async () => {
      const epochs = page.getByTestId('inspector').getByTestId('training-epochs');
      await epochs.fill('100000');
      await epochs.press('Enter');
      await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();
      await page.getByTestId('run-train').click();
      // Running starts before the first telemetry frame: wait for both the phase and the numbers.
      await page.waitForFunction((id) => {
        const label = document.querySelector(`[data-testid="edge-label-${id}"]`);
        return label?.getAttribute('data-phase') === 'backward' && label.getAttribute('data-grad-rms') !== null;
      }, GRADIENT_EDGE);
      const gradient = await hooks(page, GRADIENT_EDGE);
      assert.ok(Number(gradient.grad) > 0 && Number.isFinite(Number(gradient.grad)), `gradient RMS ${gradient.grad}`);
      assert.ok(Number(gradient.act) > 0, `activation RMS ${gradient.act}`);
      const data = await hooks(page, DATA_EDGE);
      assert.equal(data.grad, null, 'the input carries no gradient');
      assert.equal(data.phase, 'forward');
      const ink = await stroke(page, GRADIENT_EDGE);
      assert.match(ink.color, /^rgb\(\d+, \d+, \d+\)$/);
      assert.notEqual(ink.dash, 'none', 'a dash runs along it');
      assert.ok(ink.width >= 1.5 && ink.width <= 7, `width ${ink.width}`);
      await page.getByTestId('overlay-legend').waitFor();
      // The dash runs: its offset moves between two moments (stepped from script, five steps a second).
      const offset = () => page.locator(`.react-flow__edge[data-id="${GRADIENT_EDGE}"] .react-flow__edge-path`).evaluate((el) => getComputedStyle(el).strokeDashoffset);
      const before = await offset();
      await page.waitForFunction(([id, was]) => {
        const path = document.querySelector(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`);
        return path !== null && getComputedStyle(path).strokeDashoffset !== was;
      }, [GRADIENT_EDGE, before] as const);
      // The README's picture of the overlay (E2E_SCREENSHOT_DIR overrides docs/).
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs'), 'overlay.png') });
    });

    await t.test('the numbers move between two moments', async () => {
      const first = (await hooks(page, GRADIENT_EDGE)).grad;
      await page.waitForFunction(([id, before]) => {
        const now = document.querySelector(`[data-testid="edge-label-${id}"]`)?.getAttribute('data-grad-rms');
        return now !== null && now !== undefined && now !== before;
      }, [GRADIENT_EDGE, first] as const);
    });

    await t.test('during the run the graph is locked (shown, edits refused) and the learning rate changes live', async () => {
      await page.getByTestId('graph-locked').waitFor();
      const nodes = await page.locator('[data-testid="canvas"] [data-node-id]').count();
      await page.locator('[data-testid="canvas"] [data-node-id="target"]').click();
      await page.keyboard.press('Delete');
      await page.getByTestId('connection-reason').waitFor();
      assert.match((await page.getByTestId('connection-reason').textContent()) ?? '', /locked while a run/);
      assert.equal(await page.locator('[data-testid="canvas"] [data-node-id]').count(), nodes, 'nothing deleted');
      const rate = page.getByTestId('live-learning-rate');
      assert.equal(Number(await rate.inputValue()), 0.01, 'the example\'s Adam rate');
      await rate.fill('0.003');
      await rate.press('Enter');
      // The field shows what the engine reports in its progress frames: the new rate, taken at a batch.
      await page.waitForFunction(() => (document.querySelector('[data-testid="live-learning-rate"]') as HTMLInputElement).value === '0.003');
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    });

    await t.test('hovering an edge shows its value and gradient histograms', async () => {
      // A point on the curve, a quarter of the way along (the middle is under the shape label).
      const point = await page.locator(`.react-flow__edge[data-id="${GRADIENT_EDGE}"] .react-flow__edge-path`).evaluate((el) => {
        const path = el as SVGPathElement;
        const p = path.getPointAtLength(path.getTotalLength() / 4);
        const m = path.getScreenCTM()!;
        return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
      });
      await page.mouse.move(point.x - 20, point.y - 20);
      await page.mouse.move(point.x, point.y, { steps: 4 });
      const tooltip = page.getByTestId('edge-tooltip');
      await tooltip.waitFor();
      assert.match((await tooltip.textContent()) ?? '', /value.*gradient/s);
      assert.equal(await tooltip.locator('svg').count(), 2);
    });

    await t.test('Stop ends the animation; the Overlay button turns the overlay off and on', async () => {
      await page.getByTestId('run-stop').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === 'done');
      assert.equal((await hooks(page, GRADIENT_EDGE)).phase, null);
      await page.getByTestId('toggle-overlay').click();
      await page.waitForFunction((id) => document.querySelector(`[data-testid="edge-label-${id}"]`)?.getAttribute('data-grad-rms') === null, GRADIENT_EDGE);
      assert.equal(await page.getByTestId('overlay-legend').count(), 0);
      assert.equal(await page.getByTestId('toggle-overlay').getAttribute('aria-pressed'), 'false');
      await page.getByTestId('toggle-overlay').click();
      await page.waitForFunction((id) => document.querySelector(`[data-testid="edge-label-${id}"]`)?.getAttribute('data-grad-rms') !== null, GRADIENT_EDGE);
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
