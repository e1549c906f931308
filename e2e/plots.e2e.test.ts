// The plots dock (issue 6 §6–§7) in headless Chromium: each plot that applies to an example opens, plotly
// draws it (data-rendered="true" once its promise resolved with traces, and its SVG holds them), and a picture
// of each is saved for the README (docs/plot-<kind>.png; E2E_SCREENSHOT_DIR overrides docs/). The spiral
// gives loss, metrics, histograms, weights, confusion matrix and the live decision boundary, and two runs (one
// learning rate each) overlaid with the differing setting listed, a run's CSV and a plot's PNG and SVG; the
// chapter 1 chain gives f(x) and f′(x), linear regression predicted vs actual, an MNIST MLP the grid of
// mistakes and its first layer's weights as images. Plots follow the theme, tabs work from the keyboard, and the
// page logs no error and no CSP violation. Filters and feature maps: e2e/conv.e2e.test.ts (chapter 5).
// Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, setTrainingField, waitForName, waitForReady } from './support/documents.ts';

const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const status = (page: Page) => page.getByTestId('run-status');

/** Open the example and wait until the engine has it loaded. */
async function openExample(page: Page, name: string): Promise<void> {
  await page.getByTestId(`example-${name}`).click();
  // The name shows in the same task that clears the previous document's numbers (and its plots).
  await waitForName(page, readExample(name).name ?? name);
  await page.getByTestId('plot-tab-loss').waitFor({ timeout: 30_000 });
  await waitForReady(page);
}

/** Set the epochs, train, and wait for the run to end. */
async function trainFor(page: Page, epochs: number): Promise<void> {
  await setTrainingField(page, 'epochs', String(epochs));
  await waitForReady(page);
  await page.getByTestId('run-train').click();
  await status(page).filter({ hasText: /^running$/ }).waitFor({ timeout: 10_000 }).catch(() => {});
  await status(page).filter({ hasText: /^done$/ }).waitFor({ timeout: 60_000 });
}

interface Drawn { traces: number; svgTraces: number; rendered: string | null }

/**
 * Open a plot's tab and wait for plotly to draw it; returns how many traces the page says it drew and how many
 * the plot's SVG holds (scatter traces, heatmap images). Saves a picture of the plot when `shot` is given.
 */
async function openPlot(page: Page, tab: string, kind = tab, shot?: string): Promise<Drawn> {
  await page.getByTestId(`plot-tab-${tab}`).click();
  const plot = page.locator(`[data-testid="plot-${kind}"][data-rendered="true"]`);
  await plot.waitFor({ timeout: 45_000 }).catch(async (error: unknown) => {
    const empty = await page.getByTestId(`plot-${kind}-empty`).textContent().catch(() => null);
    throw new Error(`plot-${kind} was not drawn${empty ? `: the page says “${empty}”` : ''} (${String(error).split('\n')[0]})`);
  });
  const drawn = await plot.evaluate((el) => ({
    traces: Number(el.getAttribute('data-traces')),
    svgTraces: el.querySelectorAll('svg .cartesianlayer .trace, svg .cartesianlayer .hm').length,
    rendered: el.getAttribute('data-rendered'),
  }));
  assert.ok(drawn.traces > 0 && drawn.svgTraces > 0, `plot-${kind}: ${JSON.stringify(drawn)}`);
  if (shot) {
    await page.waitForTimeout(150); // plotly's last transition frame
    await plot.scrollIntoViewIfNeeded();
    await plot.screenshot({ path: join(SHOTS, `plot-${shot}.png`) });
  }
  return drawn;
}

const traceNames = (page: Page, kind: string) => page.getByTestId(`plot-${kind}`).evaluate((el) =>
  [...el.querySelectorAll('.legend .traces .legendtext')].map((t) => t.textContent ?? ''));

test('the plots dock: every plot that applies opens and is drawn; runs compare; exports work', { timeout: 240_000 }, async (t) => {
  mkdirSync(SHOTS, { recursive: true });
  const opened = await openWebBuild({
    timeout: 20_000,
    // Any CSP violation (plotly's strict bundle must need no eval) is kept where the test can read it.
    beforeGoto: (page) => page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
    }),
  });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  // Opening the next example replaces an edited one: say yes to "Discard the unsaved changes?".
  page.on('dialog', (dialog) => void dialog.accept());
  await page.setViewportSize({ width: 1440, height: 1000 });
  try {
    await t.test('plotly is not loaded before a plot is opened', async () => {
      await openExample(page, 'spiral');
      const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => /plotly/i.test(n)));
      assert.deepEqual(scripts, [], 'no plotly chunk fetched at start');
      const tabs = await page.locator('[role="tab"][data-testid^="plot-tab-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('plot-tab-'.length)));
      assert.deepEqual(tabs, ['loss', 'metrics', 'runs', 'histograms', 'weights', 'confusion', 'boundary'], 'a 2-D classifier: no scatter, sweep or image plots');
    });

    await t.test('spiral: the decision boundary is drawn live while training', async () => {
      await setTrainingField(page, 'epochs', '100000');
      await waitForReady(page);
      await page.getByTestId('run-train').click();
      await status(page).filter({ hasText: /^running$/ }).waitFor();
      try {
        const drawn = await openPlot(page, 'boundary');
        assert.ok(drawn.traces >= 2, 'the model\'s surface and the data points');
        // The first plot fetched plotly as a chunk of its own: the page's own bundle does not carry it.
        const chunks = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name.split('/').pop() ?? '').filter((n) => /plotly/i.test(n)));
        assert.equal(chunks.length, 1, `one plotly chunk, fetched on demand: ${chunks.join(', ')}`);
        // It is redrawn while the run goes on: the count of data points gathered from the batches grows.
        const points = async () => Number(((await page.getByTestId('plot-boundary-points').textContent()) ?? '').match(/^\d+/)?.[0] ?? 0);
        const before = await points();
        await page.waitForFunction((n) => Number(document.querySelector('[data-testid="plot-boundary-points"]')?.textContent?.match(/^\d+/)?.[0] ?? 0) > n, before, { timeout: 15_000 });
        assert.equal(await status(page).textContent(), 'running', 'redrawn while the run goes on');
      } finally {
        await page.getByTestId('run-stop').click();
        await status(page).filter({ hasText: /^done$/ }).waitFor();
      }
    });

    await t.test('spiral: a full run, then loss, metrics, histograms, weights, confusion and boundary are drawn', async () => {
      await trainFor(page, 300);
      const loss = await openPlot(page, 'loss', 'loss', 'loss');
      assert.ok(loss.traces >= 2, 'batches and epochs');
      assert.deepEqual((await traceNames(page, 'loss')).slice(0, 3), ['batch', 'train (epoch mean so far)', 'validation']);
      await openPlot(page, 'metrics', 'metrics', 'metrics');
      assert.ok((await traceNames(page, 'metrics')).includes('validation accuracy'));
      const histograms = await openPlot(page, 'histograms', 'histograms', 'histograms');
      assert.equal(histograms.traces, 2, 'values and gradients of a hidden edge');
      await openPlot(page, 'weights', 'weights', 'weights');
      await openPlot(page, 'confusion', 'confusion');
      // The matrix counts every validation row once: its cells add up to the split's size.
      const validationRows = Number(((await page.locator('.data-report summary').textContent()) ?? '').match(/(\d+) validation/)?.[1]);
      await page.waitForFunction((n) => {
        const cells = [...document.querySelectorAll('[data-testid="plot-confusion"] .hm .heatmap-label text')].map((t) => Number(t.textContent));
        return cells.length === 4 && cells.reduce((a, b) => a + b, 0) === n;
      }, validationRows, { timeout: 5_000 }).catch(async () => {
        const text = await page.getByTestId('plot-confusion').evaluate((el) => [...el.querySelectorAll('text')].map((t) => t.textContent).join('|'));
        assert.fail(`the confusion matrix's cells should add up to ${validationRows}: ${text}`);
      });
      const boundary = await openPlot(page, 'boundary', 'boundary', 'boundary');
      assert.equal(boundary.traces, 3, 'the model\'s surface under the points of both classes, sampled while the run went on');
    });

    await t.test('the tabs are reachable and movable from the keyboard', async () => {
      await page.getByTestId('plot-tab-confusion').focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByTestId('plot-tab-boundary').getAttribute('aria-selected'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'plot-tab-boundary');
      await page.keyboard.press('Home');
      assert.equal(await page.getByTestId('plot-tab-loss').getAttribute('aria-selected'), 'true');
      await page.getByTestId('plot-panel-loss').waitFor();
      assert.equal(await page.getByTestId('plot-panel-loss').getAttribute('role'), 'tabpanel');
      assert.equal(await page.locator('[role="tab"][tabindex="0"]').count(), 1, 'one tab stop for the whole tab list');
    });

    await t.test('plots follow the theme', async () => {
      await openPlot(page, 'loss');
      const tickColour = () => page.locator('[data-testid="plot-loss"] .xtick text').first().evaluate((el) => getComputedStyle(el).fill);
      const before = await tickColour();
      const theme = await page.evaluate(() => document.documentElement.dataset.theme);
      await page.getByTestId('toggle-theme').click();
      await page.waitForFunction((old) => document.documentElement.dataset.theme !== old, theme);
      await page.waitForFunction(([old]) => {
        const tick = document.querySelector('[data-testid="plot-loss"] .xtick text');
        return tick !== null && getComputedStyle(tick).fill !== old;
      }, [before] as const);
      if ((await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark') {
        await page.getByTestId('plot-loss').screenshot({ path: join(SHOTS, 'plot-loss-dark.png') });
      }
      await page.getByTestId('toggle-theme').click();
      await page.waitForFunction((old) => document.documentElement.dataset.theme === old, theme);
    });

    await t.test('a plot saves as PNG and as SVG', async () => {
      await openPlot(page, 'loss');
      const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plot-loss-png').click()]);
      assert.match(png.suggestedFilename(), /^a-spiral-two-classes-loss\.png$/, 'named after the document and the plot');
      const pngBytes = readFileSync((await png.path())!);
      assert.deepEqual([...pngBytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
      assert.ok(pngBytes.length > 5_000, `a real picture (${pngBytes.length} bytes)`);
      const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plot-loss-svg').click()]);
      assert.match(svg.suggestedFilename(), /\.svg$/);
      const svgText = readFileSync((await svg.path())!, 'utf8');
      assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match(svgText, /class="scatterlayer/, 'the traces are in it');
    });

    await t.test('two runs overlaid, with the setting they differ in listed; a run\'s CSV', async () => {
      await setTrainingField(page, 'learningRate', '0.03');
      await trainFor(page, 300);
      await page.getByTestId('plot-tab-runs').click();
      // Run 1 was stopped early (the live boundary), run 2 and 3 trained 300 epochs (the example's own count) at 0.01 and 0.03.
      await page.getByTestId('run-row-3').waitFor();
      await page.getByTestId('run-choose-2').check();
      await page.getByTestId('run-choose-3').check();
      const drawn = await openPlot(page, 'runs', 'compare', 'compare');
      const names = await traceNames(page, 'compare');
      assert.ok(names.includes('run 2 · train') && names.includes('run 3 · train'), `one curve per run: ${names.join(', ')}`);
      assert.ok(drawn.traces >= 2);
      const differences = await page.getByTestId('run-difference').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-setting'), ...[...r.querySelectorAll('td')].map((td) => td.textContent)]));
      assert.deepEqual(differences, [['training.optimizer.learningRate', '0.01', '0.03']], 'the one setting changed between the runs');
      await page.getByTestId('run-differences').screenshot({ path: join(SHOTS, 'plot-run-differences.png') });
      // Choosing a third run lets go of the first choice: still two.
      await page.getByTestId('run-choose-1').check();
      assert.equal(await page.locator('[data-testid^="run-choose-"]:checked').count(), 2);
      assert.equal(await page.getByTestId('run-choose-2').isChecked(), false);

      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('run-csv-3').click()]);
      assert.equal(csv.suggestedFilename(), 'a-spiral-two-classes-run-3.csv');
      const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
      assert.equal(lines[0], 'epoch,train_loss,validation_loss,accuracy');
      const validated = lines.slice(1).map((l) => l.split(',')).filter((cells) => cells[2] !== '');
      assert.ok(validated.length >= 12, `a validation every 25 epochs: ${validated.length} rows with one`);
      assert.ok(validated.every((cells) => Number.isFinite(Number(cells[2])) && Number(cells[3]) >= 0 && Number(cells[3]) <= 1), lines.slice(0, 4).join(' / '));
    });

    await t.test('the dock passes axe-core with a plot open (no serious or critical violation)', async () => {
      await openPlot(page, 'boundary');
      await page.evaluate(axeSource);
      const violations = (await page.evaluate(`axe.run('[data-testid="plots-dock"]', { resultTypes: ['violations'] }).then((r) => r.violations)`)) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
      assert.deepEqual(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    });

    await t.test('chapter 1 chain: f(x), f′(x) by backpropagation and the chain rule\'s product coincide', async () => {
      await openExample(page, 'ch1-chain');
      await trainFor(page, 20);
      const drawn = await openPlot(page, 'sweep', 'sweep', 'sweep');
      assert.ok(drawn.traces >= 3 + 4, 'f, f′ twice, and one local derivative per node of the chain');
      const gap = Number(await page.getByTestId('sweep-gap').getAttribute('data-gap'));
      assert.ok(gap < 1e-9, `backpropagation and the product of local derivatives agree (gap ${gap})`);
    });

    await t.test('linear regression: predicted against actual', async () => {
      await openExample(page, 'ch2-linear-regression');
      const tabs = await page.locator('[role="tab"][data-testid^="plot-tab-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('plot-tab-'.length)));
      assert.ok(tabs.includes('scatter') && !tabs.includes('confusion') && !tabs.includes('boundary'), tabs.join(', '));
      await trainFor(page, 10);
      await openPlot(page, 'scatter', 'scatter', 'scatter');
      const points = await page.locator('[data-testid="plot-scatter"] .scatterlayer .trace').nth(1).locator('.point').count();
      const validationRows = Number(((await page.locator('.data-report summary').textContent()) ?? '').match(/(\d+) validation/)?.[1]);
      assert.equal(points, validationRows, 'one point per validation row');
    });

    await t.test('MNIST: the misclassified digits, the first layer\'s weights as images, the confusion matrix', async () => {
      await openExample(page, 'ch4-mnist-glorot');
      await trainFor(page, 1);
      await openPlot(page, 'mistakes', 'mistakes', 'mistakes');
      const captions = await page.locator('[data-testid="plot-mistakes"] .annotation-text').allTextContents();
      assert.ok(captions.length > 0 && captions.every((c) => /^\d, is \d$/.test(c) && c[0] !== c.at(-1)), `captions say the wrong class and the right one: ${captions.slice(0, 4).join(' / ')}`);
      await openPlot(page, 'weights', 'weight-images', 'weight-images');
      await openPlot(page, 'confusion', 'confusion', 'confusion');
    });

    await t.test('no page errors, console errors or CSP violations', async () => {
      const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      assert.deepEqual(violations, []);
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
  }
});
