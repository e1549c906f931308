// The live numbers on a real model (issue 6 §1, DESIGN.md §8), in headless Chromium: chapter 4's MNIST MLP
// (momentum) from the examples gallery trains on the built-in digits, and through the edge-stat hooks every
// edge that carries a gradient gets a finite, positive data-grad-norm, which moves between two moments;
// data edges (the digits, the labels) never carry one. Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, setTrainingField, waitForName, waitForReady } from './support/documents.ts';

const EXAMPLE = 'ch4-mnist-momentum';

/** data-grad-norm of every edge-stat row, keyed by edge id (null where absent). */
const gradNorms = (page: Page): Promise<Record<string, string | null>> =>
  page.locator('[data-testid^="edge-stat-"]').evaluateAll((els) => Object.fromEntries(els.map((el) => [
    el.getAttribute('data-testid')!.slice('edge-stat-'.length), el.getAttribute('data-grad-norm'),
  ])));

test('training the MNIST MLP gives every gradient-carrying edge a finite, positive, moving gradient norm', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  const doc = readExample(EXAMPLE);
  const ops = new Map(doc.nodes.map((n) => [n.id, n.op]));
  const edgesOf = (doc.edges as unknown as { id: string; from: { node: string } }[]);
  // Gradients flow everywhere except out of the data and the labels (DESIGN.md §4).
  const carrying = edgesOf.filter((e) => ops.get(e.from.node) !== 'Input' && ops.get(e.from.node) !== 'Target').map((e) => e.id).sort();
  const data = edgesOf.filter((e) => !carrying.includes(e.id)).map((e) => e.id);
  try {
    await t.test('the example opens from the gallery and the engine loads the digits', async () => {
      await page.getByTestId(`example-${EXAMPLE}`).click();
      await waitForName(page, doc.name!);
      await waitForReady(page, 60_000);
      assert.ok(carrying.length >= 5, `gradient edges: ${carrying.join(', ')}`);
      assert.deepEqual(Object.keys(await gradNorms(page)).sort(), edgesOf.map((e) => e.id).sort());
      await setTrainingField(page, 'epochs', '1000');
      await waitForReady(page, 60_000);
    });

    let first: Record<string, string | null> = {};
    await t.test('while training, every gradient-carrying edge has a finite positive gradient norm', async () => {
      await page.getByTestId('run-train').click();
      await page.waitForFunction((ids) => ids.every((id) => {
        const norm = document.querySelector(`[data-testid="edge-stat-${id}"]`)?.getAttribute('data-grad-norm');
        return norm !== null && norm !== undefined && Number(norm) > 0 && Number.isFinite(Number(norm));
      }), carrying, { timeout: 45_000 });
      first = await gradNorms(page);
      for (const id of carrying) assert.ok(Number(first[id]) > 0 && Number.isFinite(Number(first[id])), `${id}: ${first[id]}`);
      for (const id of data) assert.equal(first[id], null, `${id} carries data, no gradient`);
    });

    await t.test('the gradient norms change between two moments', async () => {
      await page.waitForFunction(([ids, before]) => ids.every((id) =>
        document.querySelector(`[data-testid="edge-stat-${id}"]`)?.getAttribute('data-grad-norm') !== before[id]), [carrying, first] as const, { timeout: 30_000 });
      const later = await gradNorms(page);
      for (const id of carrying) assert.ok(Number(later[id]) > 0 && Number.isFinite(Number(later[id])), `${id}: ${later[id]}`);
      await page.getByTestId('run-stop').click();
      await page.getByTestId('run-status').filter({ hasText: /^done$/ }).waitFor();
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
