// Step-through mode on the canvas (issue 6 §2), in headless Chromium: chapter 1's matrix function steps
// forward one Operation at a time and back again, and after every step the exact numbers on the edges — the
// DESIGN.md §8 edge-stat hooks and the canvas's own edge labels — are what `gradflow inspect --json` prints for
// the same file and seed (float64, to 1e-12 relative). The stepped node is marked and shows its local formula,
// the edges it wrote are lit, "Check gradient" answers ✓, and picking training row 2 sends that row through.
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDocument } from '../core/document/load.ts';
import { prepareRun } from '../core/runtime/prepare-run.ts';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { EXAMPLES_DIR, readExample, waitForName, waitForReady } from './support/documents.ts';
import { ROOT } from './support/web-build.ts';

interface InspectEdge { id: string; from: string; to: string; value: { values?: number[] }; gradient: { values?: number[] } | null }

/** What `gradflow inspect FILE --json` says about every edge: its value and gradient on the first batch, float64. */
function inspect(file: string): Map<string, InspectEdge> {
  const out = execFileSync(process.execPath, [join(ROOT, 'bin', 'gradflow.mjs'), 'inspect', file, '--json'], { cwd: ROOT, encoding: 'utf8' });
  const records = out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { type: string } & InspectEdge);
  return new Map(records.filter((r) => r.type === 'edge').map((r) => [r.id, r]));
}

function assertClose(actual: readonly number[], expected: readonly number[] | undefined, what: string): void {
  assert.ok(expected, `${what}: inspect lists the values`);
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, inspect has ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    assert.ok(a === e || Math.abs(a - e) <= 1e-12 * Math.max(Math.abs(a), Math.abs(e)), `${what}[${i}]: ${a} in the page, ${e} from inspect`);
  });
}

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

/** Per edge id, the JSON arrays the page shows in one attribute, on the edge-stat rows or on the canvas's edge labels. */
const arrays = (page: Page, selector: string, attribute: string): Promise<Record<string, number[]>> =>
  page.locator(`${selector}[${attribute}]`).evaluateAll((els, attr) => Object.fromEntries(els.map((el) => [
    el.getAttribute('data-testid')!.replace(/^edge-(stat|label)-/, ''), JSON.parse(el.getAttribute(attr)!) as number[],
  ])), attribute);

test('step-through shows the exact numbers of gradflow inspect, one Operation at a time, forward and back', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  const doc = readExample('ch1-matrix');
  const expected = inspect(join(EXAMPLES_DIR, 'ch1-matrix.gradflow'));
  const nodeCount = doc.nodes.length;
  try {
    await t.test('ch1-matrix opens with the same edges inspect lists, no numbers yet', async () => {
      await page.getByTestId('example-ch1-matrix').click();
      await waitForName(page, doc.name!);
      await waitForReady(page);
      assert.deepEqual(doc.edges.map((e) => e.id).sort(), [...expected.keys()].sort(), 'the CLI names the document\'s edges');
      assert.deepEqual(await arrays(page, '[data-testid^="edge-stat-"]', 'data-values'), {});
    });

    const forwardDone = new Set<string>();
    await t.test('each step forward runs one Operation and writes its output on its edges: inspect\'s values', async () => {
      for (let i = 0; i < nodeCount; i++) {
        const at = await step(page, 'forward');
        assert.equal(at.index, i, 'topological order, one Operation per step');
        forwardDone.add(at.nodeId);
        const written = [...expected.values()].filter((e) => forwardDone.has(e.from)).map((e) => e.id).sort();
        // The stepped node is marked on the canvas; the edges it just wrote are lit.
        await page.locator(`[data-testid="canvas"] [data-node-id="${at.nodeId}"][data-step="current"]`).waitFor();
        assert.equal(await page.locator('[data-testid="canvas"] [data-step="current"]').count(), 1);
        const lit = await page.locator('[data-testid^="edge-label-"][data-step="forward"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-edge-id')).sort());
        assert.deepEqual(lit, [...expected.values()].filter((e) => e.from === at.nodeId).map((e) => e.id).sort(), `edges lit by ${at.nodeId}`);
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="edge-stat-"][data-values]').length === n, written.length);
        for (const selector of ['[data-testid^="edge-stat-"]', '[data-testid^="edge-label-"]']) {
          const shown = await arrays(page, selector, 'data-values');
          assert.deepEqual(Object.keys(shown).sort(), written, `after ${at.nodeId}: the edges leaving the nodes run so far carry values (${selector})`);
          for (const [id, values] of Object.entries(shown)) assertClose(values, expected.get(id)!.value.values, `${id} value`);
        }
        assert.deepEqual(await arrays(page, '[data-testid^="edge-stat-"]', 'data-grad-values'), {}, 'no gradient before the backward pass');
      }
      // The label reads the numbers compactly: X is the book's [[0.4723, 0.6151, −1.7262]].
      assert.match((await page.getByTestId('edge-label-X->N.X').textContent()) ?? '', /\[0\.472, 0\.615, -1\.73\]/);
    });

    await t.test('the stepped node shows its formula with the numbers plugged in', async () => {
      const formula = page.getByTestId('node-formula-S');
      await formula.waitFor();
      const text = (await formula.textContent()) ?? '';
      assert.match(text, /^σ\(x\) = .* = 0\.8978$/, `Sigmoid's forward formula: ${text}`);
    });

    const backwardDone = new Set<string>();
    await t.test('each step backward writes the gradients of one Operation\'s inputs: inspect\'s gradients', async () => {
      for (let i = nodeCount - 1; i >= 0; i--) {
        const at = await step(page, 'backward');
        assert.equal(at.index, i, 'reverse topological order');
        backwardDone.add(at.nodeId);
        const written = [...expected.values()].filter((e) => e.gradient && backwardDone.has(e.to)).map((e) => e.id).sort();
        await page.locator(`[data-testid="canvas"] [data-node-id="${at.nodeId}"][data-step="current"]`).waitFor();
        const lit = await page.locator('[data-testid^="edge-label-"][data-step="backward"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-edge-id')).sort());
        assert.deepEqual(lit, [...expected.values()].filter((e) => e.to === at.nodeId && e.gradient).map((e) => e.id).sort(), `edges lit by ${at.nodeId}`);
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="edge-stat-"][data-grad-values]').length === n, written.length);
        for (const selector of ['[data-testid^="edge-stat-"]', '[data-testid^="edge-label-"]']) {
          const shown = await arrays(page, selector, 'data-grad-values');
          assert.deepEqual(Object.keys(shown).sort(), written, `after ${at.nodeId} backward (${selector})`);
          for (const [id, values] of Object.entries(shown)) assertClose(values, expected.get(id)!.gradient?.values, `${id} gradient`);
        }
        // The values stay what the forward pass wrote.
        for (const [id, values] of Object.entries(await arrays(page, '[data-testid^="edge-stat-"]', 'data-values'))) assertClose(values, expected.get(id)!.value.values, `${id} value`);
      }
      const text = (await page.getByTestId('node-formula-S').textContent()) ?? '';
      assert.match(text, /∂σ\/∂x = σ\(x\)\(1 − σ\(x\)\)/, `after its step backward, Sigmoid shows its local derivative: ${text}`);
      // The README's picture of step-through (E2E_SCREENSHOT_DIR overrides docs/).
      await page.getByTestId('canvas').screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs'), 'step-through.png') });
    });

    await t.test('Check gradient on a node answers ✓', async () => {
      await page.locator('[data-testid="canvas"] [data-node-id="S"] .op-node-head').click();
      const inspector = page.getByTestId('inspector');
      await inspector.getByTestId('inspector-op').filter({ hasText: 'Sigmoid' }).waitFor();
      await inspector.getByTestId('gradient-check').click();
      const result = inspector.getByTestId('gradient-check-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-passed'), 'true');
      assert.match((await result.textContent()) ?? '', /✓/);
    });

    await t.test('picking training row 2 sends that row through (ch1-chain: the chain of functions)', async () => {
      const chain = readExample('ch1-chain');
      await page.getByTestId('example-ch1-chain').click();
      await waitForName(page, chain.name!);
      await waitForReady(page);
      // The training split as the engine prepares it: row 2 is index 1.
      const loaded = loadDocument(readFileSync(join(EXAMPLES_DIR, 'ch1-chain.gradflow'), 'utf8'));
      assert.ok(loaded.ok);
      const noFiles = { readFile: () => Promise.reject(new Error('no files')), readAsset: () => Promise.reject(new Error('no assets')) };
      const prepared = await prepareRun(loaded.doc, noFiles);
      assert.ok(prepared.ok, prepared.ok ? '' : prepared.errors.join('\n'));
      const train = prepared.run.data.train.x;
      const row = (i: number) => Array.from(train.data.slice(i * train.shape[1]!, (i + 1) * train.shape[1]!));
      const first = prepared.run.graph.nodes[0]!.id;
      const edge = prepared.run.graph.edges.find((e) => e.from === first)!.id;

      await page.getByTestId('step-sample-mode').selectOption('row');
      const rowField = page.getByTestId('step-sample-row');
      await rowField.fill('2');
      await rowField.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="step-sample-row"]')?.getAttribute('data-sample') === '1');
      const at = await step(page, 'forward');
      assert.equal(at.nodeId, first);
      await page.locator(`[data-testid="edge-stat-${edge}"][data-values]`).waitFor();
      const values = JSON.parse((await page.getByTestId(`edge-stat-${edge}`).getAttribute('data-values'))!) as number[];
      assert.deepEqual(values, row(1), `${edge} carries training row 2`);
      assert.notDeepEqual(values, row(0));

      await page.getByTestId('step-sample-mode').selectOption('batch');
      await page.waitForFunction(() => document.querySelector('[data-testid="step-sample-row"]') === null);
      await page.waitForFunction((id) => !document.querySelector(`[data-testid="edge-stat-${id}"]`)?.hasAttribute('data-values'), edge);
      await step(page, 'forward');
      await page.locator(`[data-testid="edge-stat-${edge}"][data-values]`).waitFor();
      const batch = JSON.parse((await page.getByTestId(`edge-stat-${edge}`).getAttribute('data-values'))!) as number[];
      assert.equal(batch.length, Math.min(chain.training.batchSize as number, train.shape[0]!), 'back to the first batch');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
