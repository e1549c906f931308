// npm run lint:security — Electronegativity (Doyensec's Electron security linter) over what the desktop app runs:
// the main, preload and engine-worker bundles, built fresh from the sources into a temporary folder (so a fresh
// clone and a stale dist/ are both fine), and the renderer's index.html. Every finding must be fixed or justified
// in electron/electronegativity.json with a reason; an unjustified finding, a justification that matches nothing
// any more, or a file the linter could not parse fails the script.
//
// Offline on purpose: the linter's one online check (AvailableSecurityFixesGlobalCheck, which downloads the list of
// Electron releases) is excluded, and its translation download is answered "offline" without touching the network,
// so it runs with its bundled English messages. The Electron version comes from node_modules/electron.
// The renderer's JavaScript is not scanned: it runs sandboxed without Node or Electron APIs, which is what these
// checks are about, and its libraries would only add noise (its CSP and preferences are checked in csp.test.ts and
// window-options.test.ts).
//
// Usage: node scripts/security-lint.mjs [--json]   (--json prints the findings as JSON, for a look)
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
export const JUSTIFICATIONS_FILE = join(root, 'electron', 'electronegativity.json');

/** The bundles the linter reads, under the .js names it looks for (it skips .cjs). */
const SCANNED = [['main.cjs', 'main.js'], ['preload.cjs', 'preload.js'], ['engine-worker.cjs', 'engine-worker.js']];

/** Runs Electronegativity on the freshly built bundles and the renderer's page (see the top of this file). */
export async function runElectronegativity({ excludedChecks }) {
  const folder = mkdtempSync(join(tmpdir(), 'gradflow-security-lint-'));
  try {
    await buildElectron({ quiet: true, outDir: join(folder, 'bundles') });
    for (const [built, scanned] of SCANNED) copyFileSync(join(folder, 'bundles', built), join(folder, scanned));
    rmSync(join(folder, 'bundles'), { recursive: true });
    copyFileSync(join(root, 'renderer', 'index.html'), join(folder, 'index.html'));
    return await scanFolder(folder, excludedChecks);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Electronegativity over `folder` (its .js/.html files), offline; returns { findings, errors, checks,
 * electronVersion } where a finding is { id, file, line, column, sample, severity, confidence, description }.
 */
export async function scanFolder(folder, excludedChecks) {
  const electronVersion = require(join(root, 'node_modules', 'electron', 'package.json')).version;
  const result = await offline(() => require('@doyensec/electronegativity')({
    input: folder,
    customScan: [],
    excludeFromScan: excludedChecks.map((name) => name.toLowerCase()),
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  }, false));
  const findings = result.issues.map((issue) => ({
    id: issue.id,
    file: issue.file,
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    sample: issue.sample ?? '',
    severity: issue.severity?.name ?? '?',
    confidence: issue.confidence?.name ?? '?',
    description: issue.description ?? '',
  }));
  const errors = result.errors.map((e) => ({ file: relative(folder, e.file), message: e.message, tolerable: e.tolerable }));
  return { findings, errors, checks: result.globalChecks + result.atomicChecks, electronVersion };
}

/**
 * Runs `fn` with the linter cut off from the network: its HTTP client ('got') rejects at once, which it treats as
 * "no updated translations", and LANG is one of its bundled locales (an unknown one turns its messages into keys).
 */
async function offline(fn) {
  const load = Module._load;
  const lang = process.env.LANG;
  const log = console.log;
  Module._load = function (request, parent, ...rest) {
    if (request === 'got' && parent?.filename?.includes('electronegativity')) return () => Promise.reject(new Error('offline'));
    return load.call(this, request, parent, ...rest);
  };
  process.env.LANG = 'en-US';
  // Its one line about the translations it could not fetch is expected here.
  console.log = (...args) => { if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args); };
  try {
    return await fn();
  } finally {
    Module._load = load;
    console.log = log;
    if (lang === undefined) delete process.env.LANG;
    else process.env.LANG = lang;
  }
}

/** electron/electronegativity.json, checked: every entry has the fields it needs and a real reason. */
export function readJustifications(text = readFileSync(JUSTIFICATIONS_FILE, 'utf8')) {
  const config = JSON.parse(text);
  const problems = [];
  const excluded = Object.entries(config.excludedChecks ?? {});
  for (const [check, reason] of excluded) if (typeof reason !== 'string' || reason.length < 20) problems.push(`excludedChecks.${check} needs a reason`);
  const justified = config.justified ?? [];
  justified.forEach((j, i) => {
    for (const field of ['id', 'file', 'reason']) if (typeof j[field] !== 'string' || j[field] === '') problems.push(`justified[${i}] has no ${field}`);
    // An empty sample is allowed: some findings (a CSP the linter could not read) flag a line it does not quote.
    if (typeof j.sample !== 'string') problems.push(`justified[${i}] has no sample (a piece of the flagged line, or "")`);
    if (j.count !== undefined && !(Number.isInteger(j.count) && j.count >= 1)) problems.push(`justified[${i}] has a count that is not a positive whole number`);
    if (typeof j.reason === 'string' && j.reason.length < 20) problems.push(`justified[${i}] (${j.id}) needs a real reason`);
  });
  if (problems.length > 0) throw new Error(`${JUSTIFICATIONS_FILE}: ${problems.join('; ')}`);
  return { excludedChecks: excluded.map(([check]) => check), justified };
}

/** Whether justification `j` describes `finding`: same check and file, and its sample occurs in the flagged line. */
const describes = (j, finding) => j.id === finding.id && j.file === finding.file && (j.sample === '' ? finding.sample === '' : finding.sample.includes(j.sample));

/**
 * Which findings the justifications cover, which are left, and which justifications are stale. A justification
 * covers exactly `count` findings (default 1): a second call site of a justified pattern is a new finding, and a
 * justification covering fewer than its count (the code changed) is stale.
 */
export function judge(findings, justified) {
  const uses = justified.map(() => 0);
  const unjustified = [];
  const covered = [];
  for (const finding of findings) {
    const index = justified.findIndex((j, i) => describes(j, finding) && uses[i] < (j.count ?? 1));
    if (index === -1) unjustified.push(finding);
    else {
      uses[index] += 1;
      covered.push({ ...finding, reason: justified[index].reason });
    }
  }
  const stale = justified.filter((j, i) => uses[i] !== (j.count ?? 1)).map((j) => ({ ...j, matched: uses[justified.indexOf(j)] }));
  return { covered, unjustified, stale };
}

/** The report: one line per finding, then the verdict; `ok` is false when anything needs fixing. */
export function report({ findings, errors, checks, electronVersion }, justifications) {
  const { covered, unjustified, stale } = judge(findings, justifications.justified);
  const hardErrors = errors.filter((e) => !e.tolerable);
  const where = (f) => `${f.id} ${f.file}:${f.line}:${f.column} (${f.severity}, ${f.confidence})`;
  const lines = [`lint:security: Electronegativity, ${checks} checks, Electron ${electronVersion}, excluded: ${justifications.excludedChecks.join(', ') || 'none'}`];
  for (const f of covered) lines.push(`  justified  ${where(f)} — ${f.reason}`);
  for (const f of unjustified) lines.push(`  FINDING    ${where(f)}: ${f.description}\n             ${f.sample.slice(0, 160)}`);
  for (const j of stale) lines.push(`  STALE      the justification for ${j.id} in ${j.file} ("${j.sample}") covers ${j.matched} finding(s), not ${j.count ?? 1}; update or remove it`);
  for (const e of errors) lines.push(`  ${e.tolerable ? 'warning' : 'ERROR  '}    could not fully parse ${e.file}: ${e.message}`);
  const ok = unjustified.length === 0 && stale.length === 0 && hardErrors.length === 0;
  lines.push(ok
    ? `lint:security: ok — ${findings.length} finding(s), all justified in electron/electronegativity.json`
    : `lint:security: FAILED — ${unjustified.length} unjustified finding(s), ${stale.length} stale justification(s), ${hardErrors.length} unparsed file(s); fix them or justify them in electron/electronegativity.json`);
  return { ok, text: lines.join('\n'), unjustified, stale };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const justifications = readJustifications();
    const result = await runElectronegativity(justifications);
    if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
    const { ok, text } = report(result, justifications);
    console.log(text);
    process.exitCode = ok ? 0 : 1;
  } catch (error) {
    console.error(`lint:security: FAILED: ${error.message}`);
    process.exitCode = 1;
  }
}
