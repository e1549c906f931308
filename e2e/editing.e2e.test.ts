// The editor's editing commands in headless Chromium, through the DOM only: layers collapse and expand in
// place, copy/paste through the real clipboard events, duplicate, cut, box selection, group and ungroup,
// ELK auto-layout, zoom to fit, the quick-add popup, dark/light themes and the settings panel, the data
// source picked from a real CSV file with its column pickers and preview — and an axe-core accessibility
// check of the page in each state (no serious or critical violations). Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** Run axe-core in the page (injected through the debugger protocol, so the page's strict CSP stays on). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const nodeIds = (page: Page) => page.locator('[data-testid="canvas"] [data-node-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')!));
const selectedIds = (page: Page) => page.locator('[data-testid="canvas"] .op-node.selected').evaluateAll((els) => els.map((el) => el.getAttribute('data-node-id')!));
const countIs = (page: Page, n: number) => page.waitForFunction((n) => document.querySelectorAll('[data-testid="canvas"] [data-node-id]').length === n, n);

test('the editor\'s editing commands, themes, settings and data source in Chromium', { timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-editing-'));
  const csv = join(dir, 'houses.csv');
  writeFileSync(csv, 'size,rooms,age,price\n50,2,10,100\n80,3,,150\n120,4,5,230\n60,,30,110\n95,3,12,180\n');
  // The classic upload input, so Playwright's file chooser can answer "Choose…" with a real file.
  const opened = await openWebBuild({
    timeout: 15_000,
    beforeGoto: (page) => page.addInitScript(() => Object.defineProperty(window, 'showOpenFilePicker', { value: undefined, configurable: true })),
  });
  if (!opened) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  await page.setViewportSize({ width: 1440, height: 960 });
  try {
    await t.test('the page as it opens has no serious or critical accessibility violations', async () => {
      await page.getByTestId('example-spiral').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
    });

    await t.test('an example\'s layers open collapsed; a layer expands in place and collapses back', async () => {
      await page.getByTestId('example-spiral').click();
      await page.locator('[data-node-id="dense1"][data-layer="Dense"]').waitFor();
      assert.deepEqual(await nodeIds(page), ['input', 'dense1', 'dense2', 'dense3', 'target', 'loss']);
      const before = (await page.locator('[data-node-id="dense2"]').boundingBox())!;
      await page.getByTestId('expand-dense1').click();
      await page.locator('[data-node-id="dense1_w"]').waitFor();
      assert.deepEqual((await nodeIds(page)).slice(0, 4), ['input', 'dense1_w', 'dense1_b', 'dense1_act']);
      const after = (await page.locator('[data-node-id="dense2"]').boundingBox())!;
      const w = (await page.locator('[data-node-id="dense1_act"]').boundingBox())!;
      assert.ok(after.x > before.x && after.x >= w.x + w.width, 'the next layer moved aside, past the expanded members');
      assert.deepEqual(await seriousViolations(page), [], 'with an example open');
      await page.getByTestId('collapse-dense1').first().click();
      await page.locator('[data-node-id="dense1"]').waitFor();
      assert.equal(await page.locator('[data-node-id="dense1_w"]').count(), 0);
      // The README's pictures of the editor, in both themes (E2E_SCREENSHOT_DIR overrides docs/).
      await page.getByTestId('edit-fit').click();
      await page.waitForTimeout(400);
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      const shots = process.env.E2E_SCREENSHOT_DIR ?? join(import.meta.dirname, '..', 'docs');
      for (let i = 0; i < 2; i++) {
        await page.screenshot({ path: join(shots, `editor-${await theme()}.png`) });
        await page.getByTestId('toggle-theme').click();
      }
    });

    await t.test('copy and paste through the clipboard events, duplicate and cut', async () => {
      await page.locator('[data-node-id="input"]').click();
      assert.deepEqual(await selectedIds(page), ['input']);
      await page.keyboard.press('Control+c');
      await page.keyboard.press('Control+v');
      await countIs(page, 7);
      assert.deepEqual(await selectedIds(page), ['input1'], 'the pasted copy is selected');
      await page.keyboard.press('Control+d');
      await countIs(page, 8);
      assert.deepEqual(await selectedIds(page), ['input2']);
      await page.getByTestId('edit-cut').click();
      await countIs(page, 7);
      // A layer copies with its members and its settings.
      await page.locator('[data-node-id="dense2"]').click();
      await page.getByTestId('edit-duplicate').click();
      await countIs(page, 8);
      assert.ok((await nodeIds(page)).includes('dense4'));
      assert.equal(await page.locator('[data-node-id="dense4"]').getAttribute('data-layer'), 'Dense');
      await page.getByTestId('edit-undo').click();
      await page.getByTestId('edit-undo').click();
      await page.getByTestId('edit-undo').click();
      await page.getByTestId('edit-undo').click();
      await countIs(page, 6);
    });

    await t.test('a Shift-drag box selects several nodes; Group makes them one, Ungroup dissolves it', async () => {
      const a = (await page.locator('[data-node-id="target"]').boundingBox())!;
      const b = (await page.locator('[data-node-id="loss"]').boundingBox())!;
      const pane = (await page.locator('.react-flow__pane').boundingBox())!;
      const left = Math.min(a.x, b.x) - 12; const top = Math.min(a.y, b.y) - 12;
      const right = Math.max(a.x + a.width, b.x + b.width) + 12; const bottom = Math.max(a.y + a.height, b.y + b.height) + 12;
      assert.ok(left > pane.x && bottom < pane.y + pane.height, 'the box fits on the pane');
      await page.keyboard.down('Shift');
      await page.mouse.move(right, bottom);
      await page.mouse.down();
      await page.mouse.move((left + right) / 2, (top + bottom) / 2, { steps: 4 });
      await page.mouse.move(left, top, { steps: 4 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      assert.deepEqual((await selectedIds(page)).sort(), ['loss', 'target']);
      await page.getByTestId('edit-group').click();
      await page.locator('[data-node-id="loss"]', { hasText: 'group1 ·' }).waitFor();
      // A box selection is one draggable rectangle over its nodes: click the pane to drop it, then pick one.
      await page.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } });
      await page.locator('[data-testid="canvas"] [data-node-id="target"]').click();
      await page.getByTestId('inspector-group').waitFor();
      // A plain group collapses like a layer: one node standing for its members.
      await page.getByTestId('inspector-toggle-collapse').click();
      await page.locator('[data-testid="canvas"] [data-node-id="group1"]').waitFor();
      assert.equal(await page.locator('[data-testid="canvas"] [data-node-id="loss"]').count(), 0);
      await page.locator('[data-testid="canvas"] [data-node-id="group1"]').click();
      await page.getByTestId('inspector-ungroup').click();
      await page.locator('[data-testid="canvas"] [data-node-id="loss"]').waitFor();
      assert.equal(await page.locator('[data-testid="canvas"] [data-node-id="group1"]').count(), 0);
    });

    await t.test('auto-layout orders the graph left to right in one undo step; Fit shows it all', async () => {
      await page.getByTestId('edit-auto-layout').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="edit-undo"]')?.getAttribute('title') ?? '').includes('Move'));
      const x = async (id: string) => (await page.locator(`[data-node-id="${id}"]`).boundingBox())!.x;
      assert.ok(await x('input') < await x('dense1') && await x('dense1') < await x('dense2') && await x('dense3') < await x('loss'));
      await page.getByTestId('edit-fit').click();
      await page.waitForTimeout(400);
      const pane = (await page.locator('.react-flow__pane').boundingBox())!;
      for (const id of await nodeIds(page)) {
        const box = (await page.locator(`[data-node-id="${id}"]`).boundingBox())!;
        assert.ok(box.x >= pane.x && box.x + box.width <= pane.x + pane.width + 1, `${id} is in view after Fit`);
      }
    });

    await t.test('double-clicking the canvas opens quick-add; typing and Enter adds the op there', async () => {
      const pane = (await page.locator('.react-flow__pane').boundingBox())!;
      const at = { x: pane.x + 60, y: pane.y + pane.height - 60 };
      await page.mouse.dblclick(at.x, at.y);
      await page.getByTestId('quick-add').waitFor();
      await page.keyboard.type('sigmoid');
      assert.equal(await page.getByTestId('quick-add-item-Sigmoid').getAttribute('aria-selected'), 'true');
      assert.deepEqual(await seriousViolations(page), [], 'with the quick-add popup open');
      await page.keyboard.press('Enter');
      await page.locator('[data-op="Sigmoid"]').waitFor();
      const box = (await page.locator('[data-op="Sigmoid"]').boundingBox())!;
      assert.ok(Math.abs(box.x - at.x) < 5 && Math.abs(box.y - at.y) < 5, 'placed where the canvas was double-clicked');
      assert.equal(await page.getByTestId('quick-add').count(), 0, 'the popup closed');
      await page.keyboard.press('Control+k');
      await page.getByTestId('quick-add').waitFor();
      await page.keyboard.press('Escape');
      assert.equal(await page.getByTestId('quick-add').count(), 0);
    });

    await t.test('the theme toggles between dark and light; settings persist and bad numbers are refused', async () => {
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      const first = await theme();
      await page.getByTestId('toggle-theme').click();
      const second = await theme();
      assert.notEqual(first, second);
      assert.deepEqual(await seriousViolations(page), [], `in the ${second} theme`);
      await page.keyboard.press('Control+Shift+L');
      assert.equal(await theme(), first);
      await page.getByTestId('open-settings').click();
      await page.getByTestId('settings').waitFor();
      await page.getByTestId('settings-theme').selectOption('dark');
      assert.equal(await theme(), 'dark');
      await page.getByTestId('settings-telemetry-hz').fill('500');
      await page.getByTestId('settings-telemetry-hz').press('Enter');
      await page.getByText('must be from 0 to 240').waitFor();
      await page.getByTestId('settings-telemetry-hz').fill('12');
      await page.getByTestId('settings-telemetry-hz').press('Enter');
      assert.deepEqual(await seriousViolations(page), [], 'with the settings open');
      await page.keyboard.press('Escape');
      const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('gradflow.settings'))) ?? '{}') as Record<string, unknown>;
      assert.equal(stored.theme, 'dark');
      assert.equal(stored.telemetryHz, 12);
      await page.getByTestId('settings-theme').evaluate(() => undefined); // still in the DOM, closed
      assert.equal(await page.locator('dialog[open]').count(), 0);
    });

    await t.test('a CSV picked for the data source shows its columns, missing cells and first rows', async () => {
      // The spiral has unsaved edits: New asks, and is told yes.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByTestId('file-new').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="document-name"]')?.textContent === 'untitled');
      await page.getByTestId('data-source').selectOption('file');
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('data-choose').click();
      await (await chooser).setFiles(csv);
      await page.getByTestId('data-columns').waitFor();
      assert.equal(await page.getByTestId('data-path').inputValue(), 'houses.csv');
      assert.equal(await page.getByTestId('data-missing-age').textContent(), '1');
      assert.equal(await page.getByTestId('data-target-price').isChecked(), true, 'the last column is the first pick for the target');
      assert.equal(await page.getByTestId('data-feature-size').isChecked(), true);
      await page.getByTestId('data-feature-age').uncheck();
      await page.waitForFunction(() => !(document.querySelector('[data-testid="data-feature-age"]') as HTMLInputElement).checked);
      assert.equal(await page.getByTestId('data-preview').locator('tbody tr').count(), 5);
      await page.getByTestId('edit-undo').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="data-feature-age"]') as HTMLInputElement).checked, undefined, { timeout: 5000 });
      assert.deepEqual(await seriousViolations(page), [], 'with the data source editor');
    });

    await t.test('opening something else over unsaved changes asks first; "cancel" keeps the work', async () => {
      assert.ok(await page.locator('.dirty').count() === 1, 'the CSV edits are unsaved');
      const messages: string[] = [];
      const answer = (accept: boolean) => page.once('dialog', (dialog) => { messages.push(dialog.message()); void (accept ? dialog.accept() : dialog.dismiss()); });
      answer(false);
      await page.getByTestId('example-ch1-chain').click();
      await page.waitForTimeout(300);
      assert.match(messages[0] ?? '', /Discard the unsaved changes to “untitled”/);
      assert.equal(await page.getByTestId('document-name').textContent(), 'untitled');
      assert.equal(await page.getByTestId('data-path').inputValue(), 'houses.csv', 'the work is still there');
      answer(true);
      await page.getByTestId('example-ch1-chain').click();
      await page.locator('[data-testid="canvas"] [data-op="Square"]').first().waitFor();
      assert.equal(messages.length, 2);
    });

    await t.test('a port is wired and unwired from the inspector, by keyboard alone', async () => {
      await page.locator('[data-testid="canvas"] [data-node-id="sigmoid"]').click();
      const select = page.getByTestId('inspector').getByTestId('inspector-port-X');
      assert.equal(await select.inputValue(), 'square');
      await select.focus();
      const choices = await select.locator('option').evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value));
      assert.ok(choices.includes('ax') && choices.includes('x'), `upstream nodes are offered: ${choices.join(', ')}`);
      assert.equal(choices.includes('leaky') || choices.includes('loss'), false, 'nodes downstream would make a cycle');
      await select.selectOption('');
      await page.waitForFunction(() => !document.querySelector('[data-testid="edge-label-square->sigmoid.X"]'));
      await select.selectOption('ax');
      await page.locator('[data-testid^="edge-label-ax->sigmoid.X"]').waitFor();
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+z');
      await page.locator('[data-testid="edge-label-square->sigmoid.X"]').waitFor();
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
