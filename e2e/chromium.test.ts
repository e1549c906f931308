// Which Chromium the browser tests use, and when they skip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHROMIUM_CANDIDATES, findChromium } from './support/chromium.ts';

test('CHROMIUM_PATH wins, and a wrong one is an error rather than a skip', () => {
  assert.equal(findChromium({ CHROMIUM_PATH: '/opt/chrome' }, (p) => p === '/opt/chrome'), '/opt/chrome');
  assert.throws(() => findChromium({ CHROMIUM_PATH: '/opt/none' }, () => false), /CHROMIUM_PATH.*does not exist/);
});

test('otherwise the usual paths in order, or null (the e2e test then skips with a message)', () => {
  assert.equal(findChromium({}, (p) => p === '/usr/bin/google-chrome' || p === '/usr/bin/chromium-browser'), '/usr/bin/chromium-browser');
  assert.equal(findChromium({}, () => false), null);
  assert.equal(CHROMIUM_CANDIDATES[0], '/usr/bin/chromium');
});
