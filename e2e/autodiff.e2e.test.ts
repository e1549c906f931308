// Chapter 6's opening, automatic differentiation, stepped through on the canvas (issue 7 §3), in headless
// Chromium: ch6-autodiff (a = 3; b = a·4; c = b + 5; e = a + 2; d = c·e) steps forward to d = 85 on the d
// edge, then back; a feeds two consumers and its node shows the gradient accumulating with += from both:
// 20 (through b) + 17 (through e) = 37 = ∂d/∂a × ∂L/∂d (the example's target makes ∂L/∂d = 1).
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, waitForName, waitForReady } from './support/documents.ts';

type StepMark = { direction: string; index: number; nodeId: string };

const readStep = (page: Page): Promise<StepMark | null> => page.evaluate(() => {
  const el = document.querySelector('[data-testid="step"]');
  return el ? { direction: el.getAttribute('data-step-direction')!, index: Number(el.getAttribute('data-step-index')), nodeId: el.getAttribute('data-step-node')! } : null;
});

/** Click a step button and wait for the step readout to move on; returns where the step is now. */
async function step(page: Page, direction: 'forward' | 'backward'): Promise<StepMark> {
  const before = await readStep(page);
  await page.getByTestId(`run-step-${direction}`).click();
  await page.waitForFunction((old) => {
    const el = document.querySelector('[data-testid="step"]');
    if (!el) return false;
    const now = `${el.getAttribute('data-step-direction')}:${el.getAttribute('data-step-index')}`;
    return old === null || now !== `${old.direction}:${old.index}`;
  }, before);
  const now = (await readStep(page))!;
  assert.equal(now.direction, direction);
  return now;
}

/** The numbers the canvas's label on one edge carries (its value or its gradient), once it has them. */
async function edgeNumbers(page: Page, edgeId: string, attribute: 'data-values' | 'data-grad-values'): Promise<number[]> {
  const label = page.locator(`[data-testid="edge-label-${edgeId}"][${attribute}]`);
  await label.waitFor();
  return JSON.parse((await label.getAttribute(attribute))!) as number[];
}

test('autodiff: d = 85 forward; backward, a accumulates 20 + 17 = 37 from its two consumers', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  const doc = readExample('ch6-autodiff');
  const nodeCount = doc.nodes.length;
  try {
    await page.getByTestId('example-ch6-autodiff').click();
    await waitForName(page, doc.name!);
    await waitForReady(page);
    assert.equal(doc.name, 'Chapter 6 · automatic differentiation');

    for (let i = 0; i < nodeCount; i++) assert.equal((await step(page, 'forward')).index, i);
    assert.deepEqual(await edgeNumbers(page, 'a->b.A', 'data-values'), [3]);
    assert.deepEqual(await edgeNumbers(page, 'c->d.A', 'data-values'), [17]);
    assert.deepEqual(await edgeNumbers(page, 'e->d.B', 'data-values'), [5]);
    assert.deepEqual(await edgeNumbers(page, 'd->loss.prediction', 'data-values'), [85], 'd = (3·4 + 5)·(3 + 2)');
    const dFormula = (await page.getByTestId('node-formula-d').textContent()) ?? '';
    assert.equal(dFormula, 'A × B = 17 × 5 = 85');

    for (let i = nodeCount - 1; i >= 0; i--) {
      const at = await step(page, 'backward');
      assert.equal(at.index, i, 'reverse topological order');
    }
    assert.deepEqual(await edgeNumbers(page, 'd->loss.prediction', 'data-grad-values'), [1], '∂L/∂d = 2 × (85 − 84.5)');
    assert.deepEqual(await edgeNumbers(page, 'a->b.A', 'data-grad-values'), [20], 'through b: 4 × ∂L/∂b');
    assert.deepEqual(await edgeNumbers(page, 'a->e.A', 'data-grad-values'), [17], 'through e: 1 × ∂L/∂e');
    // The last step backward was a's: its node shows the two contributions and their sum.
    const formula = page.getByTestId('node-formula-a');
    await formula.waitFor();
    const text = (await formula.textContent()) ?? '';
    assert.equal(text, 'a feeds 2 consumers, so its gradient accumulates: ∂L/∂a += 20 (from b); ∂L/∂a += 17 (from e); ∂L/∂a = 20 + 17 = 37');
    assert.deepEqual(problems, [], 'no page errors or console errors');
  } finally {
    await opened.close();
  }
});
