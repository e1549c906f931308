// File ▸ Export in the web build: after a short training run, Export NumPy offers the script and the trained
// weights as two downloads, and the script runs with python3 + numpy where they exist (its --help at least:
// the parity of its numbers is proved in core/export/numpy.test.ts). Skipped where Chromium is missing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import { waitForReady } from './support/documents.ts';
import { findPython } from '../test/support/python.ts';

test('Export NumPy / PyTorch download the script and the trained weights', { timeout: 90_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000 });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-export-e2e-'));
  try {
    await page.getByTestId('example-ch1-chain').click();
    await waitForReady(page);
    await page.getByTestId('run-train').click();
    await page.locator('[data-testid="run-status"][data-engine-status="done"]').waitFor();

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('file-export-numpy').click();
    for (let i = 0; i < 100 && downloads.length < 2; i++) await page.waitForTimeout(100);
    assert.deepEqual(downloads.map((d) => d.suggestedFilename().replace(/^.*\./, '')).sort(), ['npz', 'py']);
    const saved: Record<string, string> = {};
    for (const d of downloads) {
      saved[d.suggestedFilename()] = join(dir, d.suggestedFilename());
      copyFileSync((await d.path())!, saved[d.suggestedFilename()]!);
    }
    const script = Object.keys(saved).find((n) => n.endsWith('.py'))!;
    const weights = Object.keys(saved).find((n) => n.endsWith('.npz'))!;
    assert.match(readFileSync(saved[script]!, 'utf8'), /import numpy as np/);
    assert.deepEqual([...readFileSync(saved[weights]!).subarray(0, 2)], [0x50, 0x4b], 'the weights are a zip (.npz)');
    assert.equal(await page.getByTestId('error-banner').count(), 0);

    const python = findPython();
    if ('python' in python) {
      const help = execFileSync(python.python, [saved[script]!, '--help'], { cwd: dir, encoding: 'utf8' });
      assert.match(help, /usage/i, 'the downloaded script runs');
    } else {
      t.diagnostic(`the script was not run: ${python.skip}`);
    }

    downloads.length = 0;
    await page.getByTestId('file-export-pytorch').click();
    for (let i = 0; i < 100 && downloads.length < 2; i++) await page.waitForTimeout(100);
    assert.ok(downloads.some((d) => d.suggestedFilename().endsWith('.py')), downloads.map((d) => d.suggestedFilename()).join(', '));
    assert.deepEqual(problems, []);
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
