// What the editor issue is "done" by: a new user builds, wires, trains, saves and reopens a network without
// touching a text file. In headless Chromium, by mouse and keyboard only: New; drag Input, two Dense layers,
// a Target and SoftmaxCrossEntropy from the palette; set their sizes in the inspector; wire them by dragging
// between handles (shapes appear on the edges); pick the built-in spiral as the data; train two epochs; save
// (a real file, through the download fallback); reload; open it again — same graph, trained parameters kept.
// Skipped (with the reason) where no Chromium is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDocument } from '../core/document/load.ts';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { dragBetweenHandles } from './support/canvas.ts';

const NO_FILE_SYSTEM_ACCESS = `for (const name of ['showOpenFilePicker', 'showSaveFilePicker']) { delete Window.prototype[name]; delete window[name]; }`;


/** Select a node by clicking it, then commit a value into one of the inspector's fields. */
async function setField(page: Page, nodeId: string, testId: string, value: string): Promise<void> {
  await page.locator(`[data-testid="canvas"] [data-node-id="${nodeId}"]`).click();
  const field = page.getByTestId('inspector').getByTestId(testId);
  await field.fill(value);
  await field.press('Enter');
}

const edgeLabel = (page: Page, id: string) => page.locator(`[data-testid="edge-label-${id}"]`).textContent();

test('a new user builds, wires, trains, saves and reopens an MLP without a text file', { timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-first-model-'));
  const opened = await openWebBuild({ timeout: 20_000, beforeGoto: (page) => page.addInitScript(NO_FILE_SYSTEM_ACCESS) });
  if (!opened) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  let saved = '';
  try {
    await t.test('the nodes come from the palette by drag and drop', async () => {
      await page.getByTestId('file-new').click();
      await page.locator('[data-testid="canvas"] .react-flow').waitFor();
      const canvas = page.getByTestId('canvas');
      await page.getByTestId('palette-item-Input').dragTo(canvas, { targetPosition: { x: 40, y: 60 } });
      await page.getByTestId('palette-layer-Dense').dragTo(canvas, { targetPosition: { x: 220, y: 60 } });
      await page.getByTestId('palette-layer-Dense').dragTo(canvas, { targetPosition: { x: 420, y: 60 } });
      await page.getByTestId('palette-item-SoftmaxCrossEntropy').dragTo(canvas, { targetPosition: { x: 620, y: 60 } });
      await page.getByTestId('palette-item-Target').dragTo(canvas, { targetPosition: { x: 420, y: 260 } });
      await page.locator('[data-testid="canvas"] [data-node-id="target1"]').waitFor();
      const ids = await page.locator('[data-testid="canvas"] [data-node-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')));
      assert.deepEqual(ids, ['input1', 'dense1', 'dense2', 'softmaxcrossentropy1', 'target1']);
    });

    await t.test('sizes are set in the inspector, checked against each schema', async () => {
      await setField(page, 'input1', 'attribute-shape', '2');
      await setField(page, 'target1', 'attribute-shape', '2');
      await setField(page, 'dense1', 'layer-attribute-neurons', '16');
      await page.getByTestId('inspector').getByTestId('layer-attribute-activation').selectOption('tanh');
      await setField(page, 'dense2', 'layer-attribute-neurons', '2');
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    });

    await t.test('dragging between handles wires them, with the shape on every edge', async () => {
      await dragBetweenHandles(page, 'handle-input1-out', 'handle-dense1-dense1_w:X');
      await dragBetweenHandles(page, 'handle-dense1-dense1_act', 'handle-dense2-dense2_w:X');
      await dragBetweenHandles(page, 'handle-dense2-dense2_act', 'handle-softmaxcrossentropy1-prediction');
      await dragBetweenHandles(page, 'handle-target1-out', 'handle-softmaxcrossentropy1-target');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 4);
      assert.equal(await edgeLabel(page, 'input1->dense1_w.X'), '(N, 2)');
      assert.equal(await edgeLabel(page, 'dense1_act->dense2_w.X'), '(N, 16)');
      assert.equal(await edgeLabel(page, 'dense2_act->softmaxcrossentropy1.prediction'), '(N, 2)');
      assert.equal(await page.getByTestId('model-summary-parameters').getAttribute('data-value'), String(2 * 16 + 16 + 16 * 2 + 2));
    });

    await t.test('the built-in spiral as data, two epochs of Adam, and it trains', async () => {
      await page.getByTestId('data-source').selectOption('builtin:spiral');
      const epochs = page.getByTestId('inspector').getByTestId('training-epochs');
      await epochs.fill('2');
      await epochs.press('Enter');
      await page.getByTestId('training-optimizer').selectOption('Adam');
      await page.getByTestId('run-train').and(page.locator(':enabled')).waitFor();
      await page.getByTestId('run-train').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === 'done', undefined, { timeout: 60_000 });
      assert.equal(await page.getByTestId('epoch').getAttribute('data-epoch'), '2');
      const loss = Number(await page.getByTestId('loss').getAttribute('data-loss'));
      assert.ok(Number.isFinite(loss) && loss > 0 && loss < 5, `a sensible cross-entropy: ${loss}`);
    });

    await t.test('Save As writes a real file; after a reload Open brings back the graph and what it learned', async () => {
      const download = page.waitForEvent('download');
      await page.getByTestId('file-save-as').click();
      saved = join(dir, 'spiral-mlp.gradflow');
      await (await download).saveAs(saved);
      const loaded = loadDocument(readFileSync(saved, 'utf8'));
      assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
      assert.deepEqual(Object.keys(loaded.doc.parameters ?? {}).sort(), ['dense1_b.B', 'dense1_w.W', 'dense2_b.B', 'dense2_w.W']);
      assert.equal(loaded.doc.runSummary?.epochs, 2);
      await page.reload();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('file-open').click();
      await (await chooser).setFiles(saved);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid^="edge-label-"]').length === 4);
      assert.equal(await edgeLabel(page, 'dense1_act->dense2_w.X'), '(N, 16)');
      assert.equal(await page.getByTestId('inspector').getByTestId('training-epochs').inputValue(), '2');
      assert.equal(await page.locator('.dirty').count(), 0, 'opened clean');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
