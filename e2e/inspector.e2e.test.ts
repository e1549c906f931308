// The inspector in the web build, end to end in headless Chromium: open the spiral example, select a
// WeightMultiply, type an invalid neuron count (the schema's message, the document unchanged), then a valid one
// (the shapes downstream change), undo it; with nothing selected, the model summary and its parameter total.
// Skipped (with the reason) where no Chromium is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';

const edgeLabel = (page: Page, id: string) => page.locator(`[data-testid="edge-label-${id}"]`).textContent();
const waitForLabel = (page: Page, id: string, text: string) => page.waitForFunction(([edge, want]) =>
  document.querySelector(`[data-testid="edge-label-${edge}"]`)?.textContent === want, [id, text] as const);

test('the inspector edits a node\'s attributes and shows the model summary in Chromium', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 15_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {
    await page.getByTestId('example-spiral').click();
    // The example's layers open collapsed: one node each, expanded in place by its button.
    await page.locator('[data-node-id="dense1"][data-layer="Dense"]').waitFor();
    assert.equal(await page.locator('[data-node-id="dense1_w"]').count(), 0);
    await page.getByTestId('expand-dense1').click();
    await page.locator('[data-node-id="dense1_w"]').waitFor();
    // Expanding is an edit of its own: what undo offers from here on is compared against it.
    const undoTitle = () => page.getByTestId('edit-undo').getAttribute('title');
    const afterExpand = await undoTitle();
    assert.match(afterExpand ?? '', /Expand/);
    const inspector = page.getByTestId('inspector');

    await t.test('with nothing selected: the model summary with its total parameter count, and the training setup', async () => {
      await inspector.getByTestId('model-summary').waitFor();
      assert.equal(await inspector.getByTestId('model-summary-parameters').getAttribute('data-value'), '354');
      assert.equal(await inspector.getByTestId('training-epochs').inputValue(), '300');
      assert.equal(await inspector.getByTestId('training-optimizer').inputValue(), 'Adam');
      assert.match((await inspector.getByTestId('inspector-data').textContent()) ?? '', /spiral/);
    });

    await t.test('selecting a WeightMultiply shows its op, formula, attributes, ports and layer', async () => {
      await page.locator('[data-node-id="dense1_w"]').click();
      await inspector.getByTestId('inspector-op').waitFor();
      assert.equal(await inspector.getByTestId('inspector-op').textContent(), 'WeightMultiply');
      assert.ok(((await inspector.getByTestId('inspector-formula').textContent()) ?? '').length > 0);
      assert.equal(await inspector.getByTestId('attribute-neurons').inputValue(), '16');
      assert.equal(await inspector.getByTestId('inspector-output-shape').textContent(), '(N, 16)');
      assert.match((await inspector.getByTestId('inspector-ports').textContent()) ?? '', /X.*input/);
      assert.equal(await inspector.getByTestId('layer-attribute-activation').inputValue(), 'tanh');
    });

    await t.test('an invalid value shows the schema\'s message and is not applied', async () => {
      const neurons = inspector.getByTestId('attribute-neurons');
      await neurons.fill('0');
      await inspector.getByTestId('attribute-error-neurons').waitFor();
      assert.equal(await inspector.getByTestId('attribute-error-neurons').textContent(), 'must be at least 1, got 0');
      await neurons.press('Enter');
      assert.equal(await edgeLabel(page, 'dense1_w->dense1_b'), '(N, 16)', 'the document is unchanged');
      assert.equal(await undoTitle(), afterExpand, 'nothing new to undo');
    });

    await t.test('a valid value is applied on Enter (shapes downstream change) and undo restores it', async () => {
      const neurons = inspector.getByTestId('attribute-neurons');
      await neurons.fill('8');
      assert.equal(await inspector.getByTestId('attribute-error-neurons').count(), 0);
      assert.equal(await edgeLabel(page, 'dense1_w->dense1_b'), '(N, 16)', 'not applied while typing');
      await neurons.press('Enter');
      await waitForLabel(page, 'dense1_w->dense1_b', '(N, 8)');
      assert.equal(await edgeLabel(page, 'dense1_act->dense2_w'), '(N, 8)');
      assert.equal(await inspector.getByTestId('inspector-output-shape').textContent(), '(N, 8)');
      await page.getByTestId('edit-undo').click();
      await waitForLabel(page, 'dense1_w->dense1_b', '(N, 16)');
      assert.equal(await inspector.getByTestId('attribute-neurons').inputValue(), '16');
      assert.equal(await undoTitle(), afterExpand, 'one undo step for the edit');
    });

    await t.test('deselecting shows the model summary again', async () => {
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
      await inspector.getByTestId('model-summary').waitFor();
      assert.equal(await inspector.getByTestId('model-summary-parameters').getAttribute('data-value'), '354');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
