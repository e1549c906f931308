// The web build's Content-Security-Policy is written twice — the <meta> tag of renderer/index.html and the
// header of scripts/serve-web.mjs (a worker does not inherit the page's meta policy) — and must not drift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSP } from '../scripts/serve-web.mjs';

const html = readFileSync(join(import.meta.dirname, '..', 'renderer', 'index.html'), 'utf8');

test('index.html and the static server carry the same strict policy', () => {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(meta, CSP);
  const scriptSrc = /script-src ([^;]+)/.exec(CSP)?.[1];
  assert.equal(scriptSrc, "'self' 'wasm-unsafe-eval'", 'no unsafe-eval, no unsafe-inline for scripts');
});

test('index.html has no inline script', () => {
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=/, tag);
});
