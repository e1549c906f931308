// The Electron security lint (scripts/security-lint.mjs, npm run lint:security) as part of npm test: the real
// bundles pass it, the linter really reads what it is given (a known-bad file is flagged), and the justification
// bookkeeping fails on anything unexplained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judge, readJustifications, report, runElectronegativity, scanFolder, type Finding } from '../scripts/security-lint.mjs';

test('the desktop bundles pass the security lint: every Electronegativity finding is fixed or justified', { timeout: 120_000 }, async () => {
  const justifications = readJustifications();
  assert.ok(justifications.excludedChecks.includes('AvailableSecurityFixesGlobalCheck'), 'the online check stays off');
  const result = await runElectronegativity(justifications);
  assert.ok(result.checks >= 30, `${result.checks} checks ran`);
  const { ok, text } = report(result, justifications);
  assert.ok(ok, text);
});

test('the linter reads what it is given: an unsandboxed window without navigation or permission handlers is flagged', { timeout: 60_000 }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'gradflow-lint-fixture-'));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  writeFileSync(join(folder, 'main.js'), [
    "const { BrowserWindow, shell } = require('electron');",
    'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
    "win.webContents.on('new-window', (e, url) => shell.openExternal(url));",
    '',
  ].join('\n'));
  const result = await scanFolder(folder, ['AvailableSecurityFixesGlobalCheck']);
  const ids = new Set(result.findings.map((f) => f.id));
  // The handlers our bundles install are what keep the two global checks quiet for them.
  for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
    assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
  }
  const { ok, text } = report(result, { excludedChecks: ['AvailableSecurityFixesGlobalCheck'], justified: [] });
  assert.equal(ok, false);
  assert.match(text, /FINDING {4}CONTEXT_ISOLATION_JS_CHECK main\.js:2:/);
  assert.match(text, /lint:security: FAILED — \d+ unjustified finding/);
});

const finding = (id: string, file: string, sample: string): Finding => ({ id, file, line: 1, column: 0, sample, severity: 'LOW', confidence: 'FIRM', description: 'd' });

test('a justification covers only its check, file and line; one matching nothing is stale', () => {
  const justified = [
    { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main.js', sample: 'shell.openExternal(url)', reason: 'only URLs the allow-list admits reach this call' },
    { id: 'LIMIT_NAVIGATION_JS_CHECK', file: 'main.js', sample: 'gone', reason: 'a justification for code that no longer exists' },
  ];
  const findings = [
    finding('OPEN_EXTERNAL_JS_CHECK', 'main.js', 'openExternal: (url) => import_electron.shell.openExternal(url),'),
    finding('OPEN_EXTERNAL_JS_CHECK', 'main.js', 'shell.openExternal(other)'),
    finding('OPEN_EXTERNAL_JS_CHECK', 'preload.js', 'shell.openExternal(url)'),
  ];
  const { covered, unjustified, stale } = judge(findings, justified);
  assert.equal(covered.length, 1);
  assert.deepEqual(unjustified.map((f) => `${f.file} ${f.sample}`), ['main.js shell.openExternal(other)', 'preload.js shell.openExternal(url)']);
  assert.deepEqual(stale.map((j) => j.sample), ['gone']);
  const { ok, text } = report({ findings, errors: [], checks: 40, electronVersion: '45.0.0' }, { excludedChecks: [], justified });
  assert.equal(ok, false);
  assert.match(text, /STALE {6}the justification for LIMIT_NAVIGATION_JS_CHECK in main\.js \("gone"\) covers 0 finding\(s\), not 1; update or remove it/);
  // A justification counts its call sites: a second one is a new finding; an empty sample matches only an empty line.
  const twice = [finding('OPEN_EXTERNAL_JS_CHECK', 'main.js', 'a.shell.openExternal(u)'), finding('OPEN_EXTERNAL_JS_CHECK', 'main.js', 'b.shell.openExternal(u)')];
  const once = { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main.js', sample: '.shell.openExternal(', reason: 'only URLs the allow-list admits reach this call' };
  assert.equal(judge(twice, [once]).unjustified.length, 1);
  assert.deepEqual(judge(twice, [{ ...once, count: 2 }]), { covered: twice.map((f) => ({ ...f, reason: once.reason })), unjustified: [], stale: [] });
  assert.equal(judge(twice.slice(1), [{ ...once, count: 2 }]).stale[0]?.matched, 1);
  const empty = { id: 'CSP_GLOBAL_CHECK', file: 'main.js', sample: '', reason: 'the policy is a constant the linter cannot read' };
  assert.equal(judge([finding('CSP_GLOBAL_CHECK', 'main.js', '')], [empty]).unjustified.length, 0);
  assert.equal(judge([finding('CSP_GLOBAL_CHECK', 'main.js', "script-src *")], [empty]).unjustified.length, 1);
  // A file the linter could not parse is a file not checked.
  assert.equal(report({ findings: [], errors: [{ file: 'main.js', message: 'Unexpected token', tolerable: false }], checks: 40, electronVersion: '45.0.0' }, { excludedChecks: [], justified: [] }).ok, false);
});

test('the justification file is checked: every entry needs its fields and a reason', () => {
  assert.throws(() => readJustifications('{"excludedChecks": {"X": "no"}}'), /excludedChecks\.X needs a reason/);
  assert.throws(() => readJustifications('{"justified": [{"id": "A", "file": "main.js", "sample": "x"}]}'), /justified\[0\] has no reason/);
  assert.throws(() => readJustifications('{"justified": [{"id": "A", "file": "main.js", "sample": "x", "reason": "fine"}]}'), /needs a real reason/);
  assert.throws(() => readJustifications('{"justified": [{"id": "A", "file": "main.js", "reason": "a reason long enough to pass"}]}'), /has no sample/);
  assert.throws(() => readJustifications('{"justified": [{"id": "A", "file": "main.js", "sample": "", "count": 0, "reason": "a reason long enough to pass"}]}'), /count that is not a positive whole number/);
  for (const j of readJustifications().justified) assert.ok(j.reason.length >= 20, j.id);
});
