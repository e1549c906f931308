// Gradient health and live control on the canvas (issue 6 §4, §5), in headless Chromium:
//  (a) a deep sigmoid network (seven Dense+Sigmoid layers on the spiral, a document written here and opened
//      through the page's Open) trains, and the vanishing-gradient finding appears as a badge on a layer node
//      with its message in the tooltip and in the list beside the canvas; a click on the message selects the node;
//  (b) an absurd learning rate (1e6, typed into the inspector's training form) blows training up: the run
//      pauses, the node that first produced NaN/Inf is marked, selected and centred (the layer node standing for
//      it when it is inside a collapsed layer: the spiral with linear layers blows up in a WeightMultiply),
//      and the error banner names it;
//  (c) the learning rate and momentum change in the live fields mid-run, the rates read back from the engine's
//      progress change, and training goes on.
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { expectedCanvasIds, readExample, setTrainingField, waitForCanvasIds, waitForName, waitForReady, type DocJson } from './support/documents.ts';

const LAYERS = 7;
const NO_OPEN_PICKER = `delete Window.prototype.showOpenFilePicker; delete window.showOpenFilePicker;`;

/** Seven Dense(16, sigmoid) layers and a Dense(2) output on the spiral, each layer collapsed into one node. */
function deepSigmoidDocument(): DocJson {
  const spiral = readExample('spiral');
  const nodes: DocJson['nodes'] = [{ id: 'input', op: 'Input', attributes: { shape: [2] }, position: { x: 0, y: 0 } } as DocJson['nodes'][number]];
  const edges: Record<string, unknown>[] = [];
  const groups: Record<string, unknown>[] = [];
  const edge = (from: string, to: string, port: string) => edges.push({ id: `${from}->${to}.${port}`, from: { node: from, port: 'out' }, to: { node: to, port } });
  let previous = 'input';
  for (let i = 1; i <= LAYERS + 1; i++) {
    const output = i === LAYERS + 1;
    const neurons = output ? 2 : 16;
    const [w, b, act] = [`dense${i}_w`, `dense${i}_b`, `dense${i}_act`];
    const x = 200 * i;
    nodes.push(
      { id: w, op: 'WeightMultiply', attributes: { neurons, init: 'glorot' }, position: { x, y: 0 } } as DocJson['nodes'][number],
      { id: b, op: 'BiasAdd', attributes: { init: 'glorot' }, position: { x, y: 120 } } as DocJson['nodes'][number],
      { id: act, op: output ? 'Linear' : 'Sigmoid', attributes: {}, position: { x, y: 240 } } as DocJson['nodes'][number],
    );
    edge(previous, w, 'X');
    edge(w, b, 'X');
    edge(b, act, 'X');
    groups.push({ id: `dense${i}`, kind: 'Dense', name: `Dense dense${i}`, attributes: { activation: output ? 'linear' : 'sigmoid', init: 'glorot', neurons }, members: [w, b, act], collapsed: true });
    previous = act;
  }
  nodes.push(
    { id: 'target', op: 'Target', attributes: { shape: [2] }, position: { x: 200 * (LAYERS + 2), y: 200 } } as DocJson['nodes'][number],
    { id: 'loss', op: 'SoftmaxCrossEntropy', attributes: {}, position: { x: 200 * (LAYERS + 2), y: 0 } } as DocJson['nodes'][number],
  );
  edge(previous, 'loss', 'prediction');
  edge('target', 'loss', 'target');
  return {
    format: 'gradflow', version: 1, name: 'Deep sigmoid spiral',
    description: 'Seven sigmoid layers: the gradient reaching the first layers all but vanishes.',
    nodes, edges: edges as DocJson['edges'], groups: groups as DocJson['groups'], data: spiral.data,
    training: { epochs: 100000, batchSize: 32, evalEvery: 1000, earlyStopping: { enabled: false, patience: 1 }, optimizer: { kind: 'SGD', learningRate: 0.1 }, metrics: ['accuracy'] },
  };
}

const status = (page: Page) => page.getByTestId('run-status');

/** The canvas node that stands for an engine node: a member of a collapsed layer is drawn as the layer. */
function canvasIdOf(doc: DocJson, nodeId: string): string {
  return doc.groups.find((g) => g.collapsed && g.members.includes(nodeId))?.id ?? nodeId;
}

async function stopRun(page: Page): Promise<void> {
  if (await page.getByTestId('run-stop').isEnabled()) {
    await page.getByTestId('run-stop').click();
    await status(page).filter({ hasText: /^(done|idle)$/ }).waitFor();
  }
}

/**
 * Train and expect a NaN/Inf: the run pauses, the banner names the node, and the canvas node standing for it is
 * marked, selected and centred. Returns the engine's node and the canvas node.
 */
async function expectNanFocus(page: Page, doc: DocJson): Promise<{ origin: string; shown: string }> {
  await page.getByTestId('run-train').click();
  await status(page).filter({ hasText: /^(paused|error)$/ }).waitFor({ timeout: 30_000 });
  assert.equal(await status(page).getAttribute('data-engine-status'), 'paused', 'a NaN pauses the run');
  const banner = page.getByTestId('error-banner');
  await banner.waitFor();
  const origin = await banner.getAttribute('data-node-id');
  assert.ok(origin, 'the engine names the node');
  assert.match((await banner.textContent()) ?? '', /NaN|Inf/);
  assert.match((await page.getByTestId('error-node').textContent()) ?? '', new RegExp(origin));
  const shown = canvasIdOf(doc, origin);
  const node = page.locator(`[data-testid="canvas"] [data-node-id="${shown}"]`);
  await node.locator('[data-testid="nan-origin"]').waitFor();
  assert.equal(await page.getByTestId('nan-origin').count(), 1, 'one node is marked');
  await page.locator(`[data-testid="canvas"] [data-node-id="${shown}"].selected`).waitFor();
  // Centred: the view moves to it (a short animation), so wait for the node's middle to reach the canvas's.
  await page.waitForFunction((id) => {
    const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
    const box = document.querySelector(`[data-testid="canvas"] [data-node-id="${id}"]`)!.getBoundingClientRect();
    const dx = Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2));
    const dy = Math.abs(box.y + box.height / 2 - (canvas.y + canvas.height / 2));
    return dx < 20 && dy < 20;
  }, shown);
  await stopRun(page);
  return { origin, shown };
}

test('gradient health on the canvas, NaN focus, and live learning rate and momentum', { timeout: 90_000 }, async (t) => {
  // Without the File System Access API's picker, Open is a file input Playwright can answer (as in Firefox).
  const opened = await openWebBuild({ timeout: 20_000, beforeGoto: (page) => page.addInitScript(NO_OPEN_PICKER) });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  // Opening an example over edited work asks first (window.confirm): yes.
  page.on('dialog', (dialog) => void dialog.accept());
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-e2e-health-'));
  try {
    await t.test('(a) a deep sigmoid net: the vanishing-gradient badge and message appear; the message selects its node', async () => {
      const doc = deepSigmoidDocument();
      const file = join(dir, 'deep-sigmoid.gradflow');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('file-open').click()]);
      await chooser.setFiles(file);
      await waitForCanvasIds(page, expectedCanvasIds(doc));
      await waitForReady(page);
      assert.equal(await page.getByTestId('error-banner').count(), 0, 'the document loads');
      await page.getByTestId('run-train').click();
      const badge = page.locator('[data-testid^="health-badge-"][data-kinds*="vanishing"]').first();
      await badge.waitFor({ timeout: 30_000 });
      const canvasId = (await badge.getAttribute('data-testid'))!.slice('health-badge-'.length);
      assert.match(canvasId, /^dense\d$/, 'a layer node carries its members\' findings');
      const tooltip = (await badge.getAttribute('title')) ?? '';
      assert.match(tooltip, /vanish/i, `the badge's tooltip gives the message: ${tooltip}`);
      assert.ok(Number(await badge.getAttribute('data-count')) >= 1);

      const list = page.getByTestId('health-warnings');
      await list.waitFor();
      // The README's picture of a health warning (E2E_SCREENSHOT_DIR overrides docs/).
      await page.getByTestId('canvas').screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs'), 'health.png') });
      const item = list.locator('button[data-kind="vanishing"]').first();
      const message = (await item.textContent()) ?? '';
      assert.ok(tooltip.includes(message.replace(/^\S+\s/, '').trim()) || (await list.locator('button[data-kind="vanishing"]').count()) > 1,
        `the list and the tooltip say the same: ${message} / ${tooltip}`);
      const target = canvasIdOf(doc, (await item.getAttribute('data-node-id'))!);
      await item.click();
      await page.locator(`[data-testid="canvas"] [data-node-id="${target}"].selected`).waitFor();
      await stopRun(page);
    });

    await t.test('(b) a learning rate of 1e6: training pauses, the node that produced NaN/Inf is marked, selected, centred and named', async () => {
      const doc = readExample('ch2-one-hidden-layer');
      await page.getByTestId('example-ch2-one-hidden-layer').click();
      await waitForName(page, doc.name!);
      await waitForReady(page);
      await setTrainingField(page, 'learningRate', '1e6');
      await waitForReady(page);
      await expectNanFocus(page, doc);
    });

    await t.test('(b) …inside a collapsed layer: the layer node stands for it (the spiral with linear layers, SGD at 1e6)', async () => {
      const doc = readExample('spiral');
      for (const node of doc.nodes) if (node.op === 'Tanh') node.op = 'Linear';
      for (const group of doc.groups) (group as unknown as { attributes: Record<string, unknown> }).attributes.activation = 'linear';
      doc.training = { ...doc.training, optimizer: { kind: 'SGD', learningRate: 1e6 } };
      doc.name = 'Linear spiral at 1e6';
      const file = join(dir, 'linear-spiral.gradflow');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('file-open').click()]);
      await chooser.setFiles(file);
      await waitForName(page, doc.name);
      await waitForReady(page);
      const { origin, shown } = await expectNanFocus(page, doc);
      assert.notEqual(shown, origin, `${origin} is inside a collapsed layer, shown as the layer`);
    });

    await t.test('(c) the learning rate and momentum change live; the engine reports them and training goes on', async () => {
      const doc = readExample('spiral');
      await page.getByTestId('example-spiral').click();
      await waitForName(page, doc.name!);
      await waitForReady(page);
      await page.getByTestId('inspector').getByTestId('training-optimizer').selectOption('SGDMomentum');
      await waitForReady(page);
      await setTrainingField(page, 'learningRate', '0.01');
      await setTrainingField(page, 'epochs', '100000');
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      const rates = page.getByTestId('learning-rate');
      await page.locator('[data-testid="learning-rate"][data-momentum]').waitFor();
      assert.equal(await rates.getAttribute('data-learning-rate'), '0.01');
      assert.equal(await rates.getAttribute('data-momentum'), '0.9');

      const rate = page.getByTestId('live-learning-rate');
      await rate.fill('0.05');
      await rate.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="learning-rate"]')?.getAttribute('data-learning-rate') === '0.05');
      const momentum = page.getByTestId('live-momentum');
      assert.equal(await momentum.inputValue(), '0.9');
      await momentum.fill('0.5');
      await momentum.press('Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="learning-rate"]')?.getAttribute('data-momentum') === '0.5');
      assert.equal(await page.getByTestId('live-learning-rate').inputValue(), '0.05');

      // Training goes on at the new rates: the position in the run moves on.
      const where = () => page.getByTestId('epoch').textContent();
      const before = await where();
      await page.waitForFunction((old) => document.querySelector('[data-testid="epoch"]')?.textContent !== old, before);
      assert.equal(await status(page).textContent(), 'running');
      await stopRun(page);
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
