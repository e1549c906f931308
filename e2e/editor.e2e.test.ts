// The graph editor in the web build, end to end in headless Chromium: start a new graph, drag Operations from
// the palette onto the canvas, connect them by dragging between handles (shapes appear on the edges), see an
// illegal connection refused with its reason, undo and redo — reading only the DOM (data-op, edge labels).
// Skipped (with the reason) where no Chromium is installed. E2E_EDITOR_SCREENSHOT=path overrides docs/editor.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { dragBetweenHandles } from './support/canvas.ts';
import { ROOT } from './support/web-build.ts';

const nodeOps = (page: Page) => page.locator('[data-testid="canvas"] [data-op]').evaluateAll((els) => els.map((el) => el.getAttribute('data-op')));
const edgeLabels = (page: Page) => page.locator('[data-testid^="edge-label-"]').evaluateAll((els) =>
  Object.fromEntries(els.map((el) => [el.getAttribute('data-edge-id'), el.textContent])));


test('the graph editor builds a graph by mouse in Chromium', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 15_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {
    await t.test('New starts an empty graph; the palette lists the ops with their formulas', async () => {
      await page.getByTestId('file-new').click();
      await page.locator('[data-testid="canvas"] .react-flow').waitFor();
      assert.deepEqual(await nodeOps(page), []);
      const input = page.getByTestId('palette').getByTestId('palette-item-Input');
      assert.match((await input.getAttribute('title')) ?? '', /batch/);
      assert.ok(await page.getByTestId('palette-item-SoftmaxCrossEntropy').count() === 1);
      assert.ok(await page.getByTestId('palette-layer-Dense').count() === 1);
      await page.getByTestId('palette-search').fill('sigm');
      assert.equal(await page.getByTestId('palette-item-Input').count(), 0, 'search filters the palette');
      assert.equal(await page.getByTestId('palette-item-Sigmoid').count(), 1);
      await page.getByTestId('palette-search').fill('');
    });

    await t.test('dragging Input, WeightMultiply and MeanSquaredError onto the canvas adds them where dropped', async () => {
      const canvas = page.getByTestId('canvas');
      await page.getByTestId('palette-item-Input').dragTo(canvas, { targetPosition: { x: 60, y: 100 } });
      await page.getByTestId('palette-item-WeightMultiply').dragTo(canvas, { targetPosition: { x: 300, y: 100 } });
      await page.getByTestId('palette-item-MeanSquaredError').dragTo(canvas, { targetPosition: { x: 300, y: 230 } });
      await page.locator('[data-op="MeanSquaredError"]').waitFor();
      assert.deepEqual(await nodeOps(page), ['Input', 'WeightMultiply', 'MeanSquaredError']);
      const input = await page.locator('[data-op="Input"]').boundingBox();
      const weights = await page.locator('[data-op="WeightMultiply"]').boundingBox();
      assert.ok(input && weights && input.x < weights.x, 'each node lands at its own drop point');
    });

    await t.test('connecting Input → WeightMultiply by dragging between handles prints the shape on the edge', async () => {
      await dragBetweenHandles(page, 'handle-input1-out', 'handle-weightmultiply1-X');
      await page.locator('[data-testid^="edge-label-"]').first().waitFor();
      assert.deepEqual(await edgeLabels(page), { 'input1->weightmultiply1.X': '(N, 1)' });
      await dragBetweenHandles(page, 'handle-weightmultiply1-out', 'handle-meansquarederror1-prediction');
      await page.locator('[data-testid^="edge-label-"]').nth(1).waitFor();
      assert.equal((await edgeLabels(page))['weightmultiply1->meansquarederror1.prediction'], '(N, 1)');
    });

    await t.test('an illegal connection (a cycle) is refused while dragging, with the reason', async () => {
      await dragBetweenHandles(page, 'handle-meansquarederror1-out', 'handle-weightmultiply1-X');
      const reason = page.getByTestId('connection-reason');
      await reason.waitFor();
      assert.match((await reason.textContent()) ?? '', /cycle/);
      assert.equal(Object.keys(await edgeLabels(page)).length, 2, 'the refused edge was not drawn');
      assert.equal((await edgeLabels(page))['input1->weightmultiply1.X'], '(N, 1)', 'nor did it replace the legal one');
    });

    await t.test('undo and redo (buttons and keys) take the edits back and forth', async () => {
      await page.getByTestId('edit-undo').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 1);
      await page.getByTestId('edit-undo').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 0);
      await page.getByTestId('edit-redo').click();
      await page.getByTestId('edit-redo').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 2);
      await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
      await page.keyboard.press('Control+z');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 1);
      await page.keyboard.press('Control+Shift+z');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 2);
      assert.deepEqual(await nodeOps(page), ['Input', 'WeightMultiply', 'MeanSquaredError']);
      assert.deepEqual(await edgeLabels(page), { 'input1->weightmultiply1.X': '(N, 1)', 'weightmultiply1->meansquarederror1.prediction': '(N, 1)' });
    });

    await t.test('Delete removes the selected node and its edges; undo brings them back', async () => {
      await page.locator('[data-op="WeightMultiply"]').click();
      await page.keyboard.press('Delete');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="canvas"] [data-op]').length === 2);
      assert.deepEqual(await edgeLabels(page), {});
      await page.keyboard.press('Control+z');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="canvas"] [data-op]').length === 3);
      // React Flow draws edges once their nodes are measured, a frame or two after the nodes appear.
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 2);
      assert.deepEqual(Object.keys(await edgeLabels(page)).sort(), ['input1->weightmultiply1.X', 'weightmultiply1->meansquarederror1.prediction']);
      await page.screenshot({ path: process.env.E2E_EDITOR_SCREENSHOT ?? join(ROOT, 'docs', 'editor.png') });
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
