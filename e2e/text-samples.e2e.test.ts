// Chapter 6 in the browser: a character LSTM trains in the app and writes a line of generated text after each
// epoch, shown under the run controls (newest first). Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { readExample, setTrainingField, waitForName, waitForReady } from './support/documents.ts';

const EXAMPLE = 'ch6-char-lstm';

test('a character model writes generated text after each epoch', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  try {
    await page.getByTestId(`example-${EXAMPLE}`).click();
    await waitForName(page, readExample(EXAMPLE).name!);
    await waitForReady(page);
    const limit = page.getByTestId('inspector').getByTestId('data-limit');
    await limit.fill('96');
    await limit.press('Enter');
    await page.locator('.data-report summary').filter({ hasText: /^Data: \d+ train/ }).waitFor({ timeout: 30_000 });
    await waitForReady(page);
    await setTrainingField(page, 'epochs', '2');
    await waitForReady(page);
    assert.equal(await page.getByTestId('text-samples').count(), 0, 'nothing before training');
    await page.getByTestId('run-train').click();
    await page.locator('[data-testid="run-status"][data-engine-status="done"]').waitFor({ timeout: 60_000 });
    const samples = page.getByTestId('text-sample');
    assert.equal(await samples.count(), 2);
    assert.equal(await samples.first().getAttribute('data-epoch'), '2', 'the newest first');
    const generated = (await samples.first().locator('.generated').textContent()) ?? '';
    assert.equal(generated.length, 80);
    assert.deepEqual(problems, []);
  } finally {
    await opened.close();
  }
});
