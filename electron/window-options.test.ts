// The window's web preferences: every setting that keeps an untrusted document away from Node and the system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentWindowOptions, unsafeWebPreferences } from './window-options.ts';

const options = documentWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', title: 'Untitled — Gradflow' });
const prefs = options.webPreferences ?? {};

test('document windows are isolated, sandboxed and have no Node', () => {
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.enableBlinkFeatures, undefined);
  assert.equal(prefs.navigateOnDragDrop, false);
  assert.equal(prefs.preload, '/app/dist/electron/preload.cjs');
  assert.equal(options.show, false, 'shown on ready-to-show, never as an empty frame');
  assert.deepEqual(unsafeWebPreferences(prefs), []);
});

test('the checker catches every unsafe setting', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ nodeIntegration: true }, /nodeIntegration must be false/],
    [{ contextIsolation: false }, /contextIsolation must be true/],
    [{ sandbox: false }, /sandbox must be true/],
    [{ webSecurity: false }, /webSecurity must not be false/],
    [{ allowRunningInsecureContent: true }, /allowRunningInsecureContent/],
    [{ nodeIntegrationInWorker: true }, /nodeIntegrationInWorker/],
    [{ nodeIntegrationInSubFrames: true }, /nodeIntegrationInSubFrames/],
    [{ webviewTag: true }, /webviewTag/],
    [{ experimentalFeatures: true }, /experimentalFeatures/],
    [{ enableBlinkFeatures: 'CSSFoo' }, /enableBlinkFeatures/],
    [{ preload: undefined }, /preload script is required/],
  ];
  for (const [change, expected] of cases) {
    const problems = unsafeWebPreferences({ ...prefs, ...change });
    assert.equal(problems.length, 1, `${JSON.stringify(change)} → ${problems.join('; ')}`);
    assert.match(problems[0]!, expected);
  }
  // Relying on Electron's defaults is not enough: the three core settings must be explicit.
  assert.equal(unsafeWebPreferences({ preload: '/p.cjs' }).length, 3);
  assert.equal(unsafeWebPreferences(undefined).length, 4);
});
