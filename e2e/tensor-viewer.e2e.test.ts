// The tensor viewer and the canvas export (issue 6 §1, §7) in headless Chromium. While the spiral example trains,
// a click on an edge pins the viewer: a heatmap with real pixels, its colour range labelled, a history chart
// that grows, value and gradient tabs, refreshed while training; Escape and the close button close it. On
// chapter 1's matrix example in step mode, the viewer's raw values are the edge's own data-values after each
// step. Export SVG gives an XML document with the node labels that a browser draws; Export PNG a real PNG.
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { waitForReady } from './support/documents.ts';
import { pinEdge } from './support/canvas.ts';

const GRADIENT_EDGE = 'dense1_act->dense2_w';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations inside the side dock (axe injected through the debugger protocol, so the page's CSP stays on). */
async function dockViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(`axe.run('[data-testid="side-dock"]', { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Distinct colours among a canvas's pixels (a blank or one-colour canvas has 1). */
const distinctColours = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => {
  const canvas = el as HTMLCanvasElement;
  const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
});

const generation = async (page: Page) => Number(await page.getByTestId('viewer-tensor').getAttribute('data-generation'));
const stepText = (page: Page) => page.evaluate(() => document.querySelector('[data-testid="step"]')?.textContent ?? null);

async function stepOnce(page: Page, direction: 'forward' | 'backward'): Promise<string> {
  const before = await stepText(page);
  await page.getByTestId(`run-step-${direction}`).click();
  await page.waitForFunction((old) => { const t = document.querySelector('[data-testid="step"]')?.textContent ?? null; return t !== null && t !== old; }, before);
  return (await stepText(page)) ?? '';
}

/** The viewer's raw values once it shows a tensor fetched after `after` (its generation counter). */
async function viewerValues(page: Page, after: number): Promise<number[]> {
  await page.waitForFunction((g) => Number(document.querySelector('[data-testid="viewer-tensor"]')?.getAttribute('data-generation') ?? -1) > g, after);
  return JSON.parse((await page.getByTestId('viewer-values').getAttribute('data-values'))!) as number[];
}

/** float32 (the viewer's tensor) against float64 (step-through's exact numbers). */
function assertClose(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: as many values`);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) <= 1e-6 * Math.max(1, Math.abs(expected[i]!)), `${what}[${i}]: ${v} vs ${expected[i]}`));
}

test('the tensor viewer pins an edge\'s full tensor, its pictures and its history; the canvas exports as SVG and PNG', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  try {
    await t.test('while the spiral trains, a click on an edge pins a heatmap and a growing history', async () => {
      await page.getByTestId('example-spiral').click();
      await page.locator(`[data-testid="edge-label-${GRADIENT_EDGE}"]`).waitFor();
      const epochs = page.getByTestId('inspector').getByTestId('training-epochs');
      await epochs.fill('100000');
      await epochs.press('Enter');
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      await page.waitForFunction((id) => document.querySelector(`[data-testid="edge-label-${id}"]`)?.getAttribute('data-grad-rms') != null, GRADIENT_EDGE);
      await pinEdge(page, GRADIENT_EDGE);
      const viewer = page.getByTestId('tensor-viewer');
      await viewer.getByTestId('viewer-heatmap').waitFor();
      // tanh activations of a batch of 32: a (32, 16) signed matrix on the diverging scale.
      assert.equal(await viewer.getByTestId('viewer-tensor').getAttribute('data-shape'), '[32,16]');
      assert.equal(await viewer.getByTestId('viewer-legend').getAttribute('data-kind'), 'diverging');
      const low = Number(await viewer.getByTestId('viewer-legend').getAttribute('data-low'));
      const high = Number(await viewer.getByTestId('viewer-legend').getAttribute('data-high'));
      assert.ok(low < 0 && high > 0 && high <= 1 && Math.abs(low + high) < 1e-12, `a symmetric range inside tanh's (−1, 1): ${low} … ${high}`);
      const colours = await distinctColours(page, '[data-testid="viewer-heatmap"]');
      assert.ok(colours >= 20, `the heatmap has real pixels: ${colours} colours`);
      assert.equal(await viewer.getByTestId('viewer-images').count(), 0, 'a (32, 16) matrix is not an image');
      assert.equal(await viewer.getByTestId('viewer-values').count(), 0, '512 values are too many for a table');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="viewer-history"]')?.getAttribute('data-points') ?? 0) >= 2);
      assert.match((await viewer.locator('[data-series="norm"]').getAttribute('d')) ?? '', /^M[\d.]+ [\d.]+ L/);
    });

    await t.test('it is refreshed while training, and shows the gradient on its tab', async () => {
      const first = await generation(page);
      await page.waitForFunction((g) => Number(document.querySelector('[data-testid="viewer-tensor"]')?.getAttribute('data-generation')) > g + 1, first, { timeout: 10_000 });
      await page.getByTestId('viewer-tab-gradient').click();
      await page.locator('[data-testid="tensor-viewer"][data-side="gradient"] [data-testid="viewer-heatmap"]').waitFor();
      assert.equal(await page.getByTestId('viewer-tensor').getAttribute('data-shape'), '[32,16]');
      assert.ok(await distinctColours(page, '[data-testid="viewer-heatmap"]') >= 20);
      // The README's picture of the viewer (E2E_SCREENSHOT_DIR overrides docs/).
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs'), 'tensor-viewer.png') });
      assert.deepEqual(await dockViolations(page), [], 'the viewer passes axe-core');
    });

    await t.test('Escape closes it; a click pins it again; its button closes it; a data edge has no gradient tab', async () => {
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
      await page.keyboard.press('Escape');
      await page.getByTestId('tensor-viewer').waitFor({ state: 'detached' });
      await pinEdge(page, 'input->dense1_w');
      assert.equal(await page.getByTestId('viewer-tab-gradient').isDisabled(), true, 'no gradient flows along the input');
      await page.getByTestId('tensor-viewer-close').click();
      await page.getByTestId('tensor-viewer').waitFor({ state: 'detached' });
      await page.getByTestId('run-stop').click();
      await page.getByTestId('run-status').filter({ hasText: /^done$/ }).waitFor();
    });

    await t.test('Export SVG: an XML document holding the node labels, which a browser draws', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
      assert.match(download.suggestedFilename(), /\.svg$/);
      const text = readFileSync((await download.path())!, 'utf8');
      for (const label of ['dense1', 'dense2', 'dense3', 'SoftmaxCrossEntropy', 'Input']) assert.ok(text.includes(label), `the SVG names ${label}`);
      const checked = await page.evaluate(async (svg) => {
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const error = doc.querySelector('parsererror')?.textContent ?? null;
        const image = new Image();
        image.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
        await image.decode();
        return { error, root: doc.documentElement.nodeName, width: image.naturalWidth, height: image.naturalHeight };
      }, text);
      assert.equal(checked.error, null, 'parses as XML');
      assert.equal(checked.root, 'svg');
      assert.ok(checked.width > 300 && checked.height > 100, `drawn at ${checked.width}×${checked.height}`);
    });

    await t.test('Export PNG: a PNG of a sane size with the drawing in it, not only its background', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
      assert.match(download.suggestedFilename(), /\.png$/);
      const bytes = readFileSync((await download.path())!);
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
      const width = bytes.readUInt32BE(16);
      const height = bytes.readUInt32BE(20);
      assert.ok(width > 600 && width < 8200 && height > 200 && height < 8200, `${width}×${height}`);
      const ink = await page.evaluate(async (b64) => {
        // An <img> (the page's CSP lets images, not fetches, read data: URLs).
        const image = new Image();
        image.src = `data:image/png;base64,${b64}`;
        await image.decode();
        const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let differing = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!) > 60) differing++;
        return differing / (data.length / 4);
      }, bytes.toString('base64'));
      assert.ok(ink > 0.01, `nodes, edges and labels are drawn: ${(ink * 100).toFixed(1)}% of the pixels differ from the background`);
    });

    await t.test('ch1-matrix in step mode: the raw values are the edge\'s own numbers after each step', async () => {
      // After the run the engine keeps its last batch: a pinned edge still shows it.
      await pinEdge(page, GRADIENT_EDGE);
      await page.locator('[data-testid="tensor-viewer"] [data-testid="viewer-heatmap"]').waitFor();
      assert.equal(await page.getByTestId('viewer-tensor').getAttribute('data-shape'), '[32,16]');
      assert.equal(await page.getByTestId('viewer-error').count(), 0);
      // Another document closes the viewer (its edge belonged to the spiral). The spiral's epochs were edited:
      // replacing it asks first.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('example-ch1-matrix').click();
      await page.getByTestId('tensor-viewer').waitFor({ state: 'detached' });
      await page.locator('[data-testid="edge-label-X->N.X"]').waitFor();
      await waitForReady(page);
      // Forward until the parameter W has flowed onto its edge.
      for (let i = 0; i < 8 && !(await page.getByTestId('edge-stat-W->N.W').getAttribute('data-values')); i++) await stepOnce(page, 'forward');
      await pinEdge(page, 'W->N.W');
      await page.getByTestId('viewer-values').waitFor();
      const w = JSON.parse((await page.getByTestId('edge-stat-W->N.W').getAttribute('data-values'))!) as number[];
      assertClose(await viewerValues(page, 0), w, 'W');
      assert.equal(await page.getByTestId('viewer-tensor').getAttribute('data-shape'), '[3,1]');
      assert.equal(await page.getByTestId('viewer-values').locator('tr').count(), 3, 'a (3, 1) matrix is three rows');
      // Forward through N and S, then backward: the gradient reaching W after each step.
      let readout = '';
      for (let i = 0; i < 12 && !/backward .*: N$/.test(readout); i++) readout = await stepOnce(page, /^backward/.test(readout) || /: loss$/.test(readout) ? 'backward' : 'forward');
      assert.match(readout, /backward .*: N$/, 'stepped back through the MatMul');
      const before = await generation(page);
      await page.getByTestId('viewer-tab-gradient').click();
      const gradient = JSON.parse((await page.getByTestId('edge-stat-W->N.W').getAttribute('data-grad-values'))!) as number[];
      assertClose(await viewerValues(page, before), gradient, 'dL/dW');
      assert.ok(gradient.some((g) => g !== 0), 'a real gradient');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
