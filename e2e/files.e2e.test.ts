// The editor's file handling in the web build, end to end in headless Chromium, with real files on disk:
//  - without the File System Access API (removed by an init script, as in Firefox or Safari): Save As is a
//    download, saved to a real file; after a reload, Open (a file input) reads it back and the document is the
//    same; the unsaved marker and the Recent list follow; corrupt files are refused with the loader's message
//    and the open graph stays; a document naming a data file asks for it and loads once it is given;
//  - with the File System Access API (pickers stubbed with handles whose reads and writes go to real files
//    through an exposed function): Save asks where once, then writes the same file in place;
//  - autosave: unsaved work is copied to IndexedDB; after the page is killed (no beforeunload), a new page in
//    the same browser offers it back and restores it as unsaved; leaving a page with unsaved work asks first.
// Skipped (with the reason) where no Chromium is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { loadDocument } from '../core/document/load.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { CHROMIUM_MISSING, openWebBuild } from './support/web-page.ts';
import {
  canvasIds, dirtyMarker, exampleText, expectedCanvasIds, readAutosaveRecord, readExample, setTrainingField, waitForCanvasIds, waitForName,
  waitForReady, type DocJson,
} from './support/documents.ts';

const CHAIN = readExample('ch1-chain');
const CHAIN_TITLE = CHAIN.name!;
const CHAIN_FILE = `${CHAIN_TITLE}.gradflow`;
const squareY = CHAIN.nodes.find((n) => n.id === 'square')!.position.y;

/** Runs before the page's scripts: the page sees a browser without the File System Access API. */
const NO_FILE_SYSTEM_ACCESS = `for (const name of ['showOpenFilePicker', 'showSaveFilePicker', 'showDirectoryPicker']) {
  delete Window.prototype[name];
  delete window[name];
}`;

const epochsField = (page: Page) => page.getByTestId('inspector').getByTestId('training-epochs');
const recentNames = (page: Page) => page.locator('[data-testid="recent-files"] button').allTextContents();
/** Wait for the Recent list to read `names` (it is refreshed after an open or save finishes), then compare. */
async function expectRecent(page: Page, names: readonly string[]): Promise<void> {
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('[data-testid="recent-files"] button')].map((b) => b.textContent)) === want,
    JSON.stringify(names), { timeout: 5_000 }).catch(() => {});
  assert.deepEqual(await recentNames(page), names);
}

async function until(condition: () => boolean, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const canvasNode = (page: Page, id: string) => page.locator(`[data-testid="canvas"] [data-op][data-node-id="${id}"]`);

/** Drag a node by its header, in steps so React Flow sees a drag. */
async function dragNode(page: Page, id: string, dx: number, dy: number): Promise<void> {
  const box = await canvasNode(page, id).locator('.op-node-head').boundingBox();
  assert.ok(box, `node ${id} is on screen`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
  await page.mouse.move(x + dx, y + dy, { steps: 5 });
  await page.mouse.up();
}

/** Where a node is drawn relative to another, in screen pixels. */
async function offsetBetween(page: Page, from: string, to: string): Promise<{ x: number; y: number }> {
  const a = await canvasNode(page, from).boundingBox();
  const b = await canvasNode(page, to).boundingBox();
  assert.ok(a && b);
  return { x: b.x - a.x, y: b.y - a.y };
}

/** Open a file through the page's Open button and its file input (the fallback without File System Access). */
async function openThroughFileInput(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('file-open').click()]);
  await chooser.setFiles(path);
}

/** Click a save button and keep the download the page starts, as a real file at `path`; returns its text. */
async function saveByDownload(page: Page, button: 'file-save' | 'file-save-as', path: string): Promise<{ text: string; suggested: string }> {
  const [done] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  await done.saveAs(path);
  return { text: readFileSync(path, 'utf8'), suggested: done.suggestedFilename() };
}

/** A saved text is what core's loader reads without a problem, and already in the canonical layout. */
function assertCanonical(text: string): DocJson {
  const loaded = loadDocument(text);
  assert.ok(loaded.ok, `the saved file loads: ${loaded.ok ? '' : JSON.stringify(loaded.errors)}`);
  assert.equal(text, serializeDocument(loaded.doc), 'the saved file is in canonical form');
  return JSON.parse(text) as DocJson;
}

test('Save As to a real file, reload, Open it: the same document (no File System Access: download and file input)', { timeout: 120_000 }, async (t) => {
  const opened = await openWebBuild({ timeout: 20_000, beforeGoto: (page) => page.addInitScript(NO_FILE_SYSTEM_ACCESS) });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-e2e-files-'));
  try {
    let saved: DocJson | undefined;
    let savedText = '';
    let squareOffset: { x: number; y: number } | undefined;

    await t.test('the page has no File System Access API: saving downloads, opening uploads', async () => {
      assert.equal(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).showSaveFilePicker), 'undefined');
      assert.equal(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).showOpenFilePicker), 'undefined');
    });

    await t.test('an example opens clean; changing the epochs and moving a node marks it unsaved', async () => {
      await page.getByTestId('example-ch1-chain').click();
      await waitForName(page, CHAIN_TITLE);
      await waitForReady(page);
      assert.equal(await dirtyMarker(page).count(), 0, 'a freshly opened example has no unsaved changes');
      await setTrainingField(page, 'epochs', '7');
      await dirtyMarker(page).waitFor();
      const before = await offsetBetween(page, 'x', 'square');
      await dragNode(page, 'square', 0, 120);
      await page.waitForFunction((y) => {
        const x = document.querySelector('[data-testid="canvas"] [data-op][data-node-id="x"]')!.getBoundingClientRect();
        const s = document.querySelector('[data-testid="canvas"] [data-op][data-node-id="square"]')!.getBoundingClientRect();
        return s.y - x.y > y + 60;
      }, before.y);
      squareOffset = await offsetBetween(page, 'x', 'square');
      assert.equal(await dirtyMarker(page).getAttribute('title'), 'unsaved changes');
    });

    await t.test('Save As writes the document to a real file; the marker goes and Recent lists the file', async () => {
      ({ text: savedText } = await saveByDownload(page, 'file-save-as', join(dir, 'saved.gradflow')));
      await dirtyMarker(page).waitFor({ state: 'detached' });
      saved = assertCanonical(savedText);
      // The example with exactly the two edits: nothing lost, nothing added. The engine has no trained
      // parameters (nothing was trained), so none are saved.
      const square = saved.nodes.find((n) => n.id === 'square')!;
      const original = CHAIN.nodes.find((n) => n.id === 'square')!;
      assert.equal(square.position.x, original.position.x, 'moved straight down');
      assert.ok(square.position.y > original.position.y + 50, `the square node moved down: ${original.position.y} → ${square.position.y}`);
      const expected = structuredClone(CHAIN);
      expected.training.epochs = 7;
      expected.nodes.find((n) => n.id === 'square')!.position = square.position;
      assert.deepEqual(saved, expected);
      await page.getByTestId('recent-files').waitFor();
      await expectRecent(page, [CHAIN_FILE]);
    });

    await t.test('after a reload, Open reads the saved file back: the same document on the canvas, clean, in Recent', async () => {
      await page.reload();
      await page.getByTestId('recent-files').waitFor();
      await expectRecent(page, [CHAIN_FILE]); // the Recent list outlives the page
      await openThroughFileInput(page, join(dir, 'saved.gradflow'));
      await waitForName(page, CHAIN_TITLE);
      await waitForCanvasIds(page, expectedCanvasIds(saved!));
      await waitForReady(page);
      assert.equal(await epochsField(page).inputValue(), '7');
      assert.equal(await dirtyMarker(page).count(), 0, 'a document just opened has no unsaved changes');
      // The same layout: the moved node is drawn where it was left, relative to the others.
      const offset = await offsetBetween(page, 'x', 'square');
      assert.ok(Math.abs(offset.x - squareOffset!.x) <= 2 && Math.abs(offset.y - squareOffset!.y) <= 2,
        `square relative to x: ${JSON.stringify(squareOffset)} before saving, ${JSON.stringify(offset)} after reopening`);
      await expectRecent(page, ['saved.gradflow', CHAIN_FILE]);
      // Saved again, the reopened document is byte for byte the file it was read from.
      const again = await saveByDownload(page, 'file-save-as', join(dir, 'again.gradflow'));
      assert.equal(again.suggested, 'saved.gradflow', 'suggested under the name of the file it was read from');
      assert.equal(again.text, savedText);
      await expectRecent(page, ['saved.gradflow', CHAIN_FILE]); // the same entry, saved again
    });

    await t.test('a corrupt file is refused with the loader\'s message in the banner; the open graph stays as it was', async () => {
      const shown = await canvasIds(page);
      const recent = ['saved.gradflow', CHAIN_FILE];
      const cases: { file: string; text: string; message: RegExp }[] = [
        { file: 'truncated.gradflow', text: savedText.slice(0, Math.floor(savedText.length / 2)), message: /^truncated\.gradflow: line \d+, column \d+: / },
        { file: 'newer.gradflow', text: JSON.stringify({ ...saved!, version: 99 }), message: /^newer\.gradflow: version: this file was written by a newer Gradflow \(version 99\)/ },
        { file: 'unknown-op.gradflow', text: savedText.replace('"op": "Square"', '"op": "Squared"'), message: /^unknown-op\.gradflow: nodes\[3\]\.op: .*Squared/ },
      ];
      for (const { file, text, message } of cases) {
        writeFileSync(join(dir, file), text);
        await openThroughFileInput(page, join(dir, file));
        const banner = page.getByTestId('error-banner');
        await banner.waitFor();
        const lines = await banner.locator('li').allTextContents();
        assert.ok(lines.some((line) => message.test(line)), `${file}: the banner says ${JSON.stringify(lines)}`);
        assert.equal(await page.getByTestId('document-name').textContent(), CHAIN_TITLE, `${file}: the document name is unchanged`);
        assert.deepEqual(await canvasIds(page), shown, `${file}: the canvas still shows the graph`);
        assert.equal(await epochsField(page).inputValue(), '7');
        assert.equal(await dirtyMarker(page).count(), 0);
        assert.equal(await page.getByTestId('run-train').isEnabled(), true, `${file}: the engine keeps the open graph`);
        await banner.getByRole('button', { name: 'Dismiss' }).click();
        await banner.waitFor({ state: 'detached' });
      }
      // Still the same graph underneath: saving it gives the same file.
      assert.equal((await saveByDownload(page, 'file-save', join(dir, 'after-errors.gradflow'))).text, savedText);
      await expectRecent(page, recent); // a file that did not open is not a recent file
    });

    await t.test('a document naming a data file asks for it; the picked file (a real CSV) is loaded', async () => {
      const twoInputs = readExample('ch1-two-inputs');
      const { rows, columns } = twoInputs.data as { rows: number[][]; columns: string[] };
      writeFileSync(join(dir, 'two-inputs.csv'), `${columns.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
      const doc = { ...twoInputs, name: 'two inputs from a CSV', data: { kind: 'file', path: 'two-inputs.csv', features: ['x', 'y'], targets: ['f'] } };
      writeFileSync(join(dir, 'from-csv.gradflow'), JSON.stringify(doc, null, 2));
      await openThroughFileInput(page, join(dir, 'from-csv.gradflow'));
      await waitForName(page, 'two inputs from a CSV');
      const prompt = page.getByTestId('data-files');
      await prompt.waitFor();
      assert.equal(await page.getByTestId('run-train').isDisabled(), true, 'nothing to train before the data is given');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), prompt.getByTestId('data-file-two-inputs.csv').click()]);
      await chooser.setFiles(join(dir, 'two-inputs.csv'));
      await prompt.waitFor({ state: 'detached' });
      await waitForReady(page);
      const summary = (await page.locator('.data-report summary').textContent()) ?? '';
      const counts = [...summary.matchAll(/(\d+) (train|validation|test)/g)].map((m) => Number(m[1]));
      assert.equal(counts.reduce((a, b) => a + b, 0), rows.length, `every row of the CSV is used: ${summary}`);
      assert.equal(await page.getByTestId('error-banner').count(), 0);
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * File System Access pickers that hand out fake handles: `name` is the file's name, reads and writes go to node
 * through window.__e2eFsa (page.exposeFunction), which keeps them in real files. Methods live on the class, so
 * the web host can still store a handle in IndexedDB (structured clone keeps own data, not methods).
 */
const FAKE_FILE_SYSTEM_ACCESS = `(() => {
  const call = (...args) => window.__e2eFsa(...args);
  const aborted = () => new DOMException('The user aborted a request.', 'AbortError');
  class E2EFileHandle {
    constructor(key, name) { this.kind = 'file'; this.key = key; this.name = name; }
    // lastModified is the real file's: the web host compares it before Save overwrites (a change by another program).
    async getFile() { return new File([await call('read', this.key)], this.name, { type: 'application/json', lastModified: await call('mtime', this.key) }); }
    async createWritable() {
      const key = this.key;
      const parts = [];
      return {
        async write(data) { parts.push(typeof data === 'string' ? data : await data.text()); },
        async close() { await call('write', key, parts.join('')); },
      };
    }
    async queryPermission() { return 'granted'; }
    async requestPermission() { return 'granted'; }
  }
  window.showSaveFilePicker = async (options) => {
    const picked = await call('save-picker', (options && options.suggestedName) || '');
    if (!picked) throw aborted();
    return new E2EFileHandle(picked, picked.split('/').pop());
  };
  window.showOpenFilePicker = async () => {
    const picked = await call('open-picker', '');
    if (!picked) throw aborted();
    return [new E2EFileHandle(picked, picked.split('/').pop())];
  };
})();`;

test('with the File System Access API: Save asks where once, then writes the same real file in place', { timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-e2e-fsa-'));
  // What the user "picks" next in each dialog (a path in `dir`), and what the dialogs were asked.
  const answers = { save: [] as string[], open: [] as string[] };
  const asked: string[] = [];
  const writes: string[] = [];
  const inDir = (key: string) => {
    const path = join(dir, basename(key));
    assert.equal(path, key, 'the page only touches files it was given');
    return path;
  };
  const opened = await openWebBuild({
    timeout: 20_000,
    beforeGoto: async (page) => {
      await page.exposeFunction('__e2eFsa', (op: string, key: string, text?: string) => {
        switch (op) {
          case 'save-picker': asked.push(`save as ${key}`); return answers.save.shift() ?? null;
          case 'open-picker': asked.push('open'); return answers.open.shift() ?? null;
          case 'read': return readFileSync(inDir(key), 'utf8');
          case 'mtime': return Math.floor(statSync(inDir(key)).mtimeMs);
          case 'write': {
            // As the browser does: write a swap file, then move it over the target.
            writeFileSync(`${inDir(key)}.crswap`, text ?? '');
            renameSync(`${inDir(key)}.crswap`, inDir(key));
            writes.push(basename(key));
            return null;
          }
          default: throw new Error(`unknown file operation ${op}`);
        }
      });
      await page.addInitScript(FAKE_FILE_SYSTEM_ACCESS);
    },
  });
  if (!opened) {
    rmSync(dir, { recursive: true, force: true });
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { page, problems } = opened;
  const chainPath = join(dir, 'chain.gradflow');
  const epochsIn = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as DocJson).training.epochs;
  try {
    await t.test('Save on an example asks where (a save dialog), writes the file, clears the marker and lists it in Recent', async () => {
      await page.getByTestId('example-ch1-chain').click();
      await waitForName(page, CHAIN_TITLE);
      await waitForReady(page);
      await setTrainingField(page, 'epochs', '5');
      await dirtyMarker(page).waitFor();
      answers.save.push(chainPath);
      await page.getByTestId('file-save').click();
      await dirtyMarker(page).waitFor({ state: 'detached' });
      assert.deepEqual(asked, [`save as ${CHAIN_FILE}`], 'an example is never written back: Save asks where');
      assert.deepEqual(writes, ['chain.gradflow']);
      const saved = assertCanonical(readFileSync(chainPath, 'utf8'));
      assert.deepEqual(saved, { ...CHAIN, training: { ...CHAIN.training, epochs: 5 } });
      await page.getByTestId('recent-files').waitFor();
      await expectRecent(page, ['chain.gradflow']);
    });

    await t.test('after another edit, Save writes the same file in place without asking', async () => {
      await setTrainingField(page, 'epochs', '6');
      await dirtyMarker(page).waitFor();
      await page.getByTestId('file-save').click();
      await dirtyMarker(page).waitFor({ state: 'detached' });
      assert.equal(asked.length, 1, 'no second dialog');
      assert.deepEqual(writes, ['chain.gradflow', 'chain.gradflow']);
      assert.equal(epochsIn(chainPath), 6);
      assert.equal(existsSync(`${chainPath}.crswap`), false);
    });

    await t.test('Save As asks again and writes a second file; the first keeps what it had', async () => {
      await setTrainingField(page, 'epochs', '8');
      answers.save.push(join(dir, 'copy.gradflow'));
      await page.getByTestId('file-save-as').click();
      await dirtyMarker(page).waitFor({ state: 'detached' });
      assert.deepEqual(asked, [`save as ${CHAIN_FILE}`, 'save as chain.gradflow'], 'Save As suggests the file\'s own name');
      assert.equal(epochsIn(join(dir, 'copy.gradflow')), 8);
      assert.equal(epochsIn(chainPath), 6);
      await expectRecent(page, ['copy.gradflow', 'chain.gradflow']);
    });

    await t.test('Open reads a real file through the open dialog; a cancelled dialog changes nothing', async () => {
      const spiralPath = join(dir, 'spiral.gradflow');
      writeFileSync(spiralPath, exampleText('spiral'));
      answers.open.push(spiralPath);
      await page.getByTestId('file-open').click();
      const spiral = readExample('spiral');
      await waitForName(page, spiral.name!);
      await waitForCanvasIds(page, expectedCanvasIds(spiral));
      await waitForReady(page);
      await expectRecent(page, ['spiral.gradflow', 'copy.gradflow', 'chain.gradflow']);
      const before = asked.length;
      await page.getByTestId('file-open').click(); // no answer queued: the user cancels
      await until(() => asked.length > before, 'the open dialog');
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
      assert.equal(await page.getByTestId('error-banner').count(), 0, 'cancelling is not an error');
      assert.equal(await page.getByTestId('document-name').textContent(), spiral.name);
    });

    await t.test('after a reload, a Recent entry reopens what was saved there', async () => {
      await page.reload();
      await page.getByTestId('recent-files').waitFor();
      await expectRecent(page, ['spiral.gradflow', 'copy.gradflow', 'chain.gradflow']);
      await page.getByTestId('recent-files').getByRole('button', { name: 'chain.gradflow' }).click();
      await waitForName(page, CHAIN_TITLE);
      await waitForReady(page);
      assert.equal(await epochsField(page).inputValue(), '6');
      assert.equal(await dirtyMarker(page).count(), 0);
    });

    await t.test('a file another program changed is not overwritten silently: Save asks; Cancel saves under another name', async () => {
      // Opened through the dialog, so the page holds a live handle (this fake's handles lose their methods in
      // IndexedDB, so the Recent entry above reopened a stored copy; a browser's real handles keep them).
      answers.open.push(chainPath);
      await page.getByTestId('file-open').click();
      await waitForName(page, CHAIN_TITLE);
      await waitForReady(page);
      const theirs = { ...CHAIN, training: { ...CHAIN.training, epochs: 42 } };
      writeFileSync(chainPath, JSON.stringify(theirs));
      await setTrainingField(page, 'epochs', '9');
      await dirtyMarker(page).waitFor();
      const questions: string[] = [];
      page.once('dialog', (dialog) => {
        questions.push(dialog.message());
        void dialog.dismiss(); // Cancel: keep both
      });
      answers.save.push(join(dir, 'kept.gradflow'));
      await page.getByTestId('file-save').click();
      await dirtyMarker(page).waitFor({ state: 'detached' });
      assert.equal(questions.length, 1);
      assert.match(questions[0]!, /"chain\.gradflow" was changed by another program/);
      assert.equal(epochsIn(chainPath), 42, 'the other program\'s version stays');
      assert.equal(epochsIn(join(dir, 'kept.gradflow')), 9, 'ours is saved where the Save As dialog said');
      assert.equal(asked.at(-1), 'save as chain.gradflow');
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('autosave keeps unsaved work; after the page is killed, a new page restores it as unsaved', { timeout: 90_000 }, async (t) => {
  // On the context, so the page opened after the crash has no File System Access either (Save downloads).
  const opened = await openWebBuild({ timeout: 20_000, beforeGoto: (page) => page.context().addInitScript(NO_FILE_SYSTEM_ACCESS) });
  if (!opened) {
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const { context, url, problems } = opened;
  let page = opened.page;
  const dir = mkdtempSync(join(tmpdir(), 'gradflow-e2e-autosave-'));
  let movedY = 0;
  try {
    await t.test('an edit is copied to IndexedDB a few seconds later', async () => {
      await page.getByTestId('example-ch1-chain').click();
      await waitForName(page, CHAIN_TITLE);
      await waitForReady(page);
      assert.equal(await readAutosaveRecord(page), null, 'nothing to keep for a clean document');
      await setTrainingField(page, 'epochs', '11');
      await dragNode(page, 'square', 0, 120);
      await dirtyMarker(page).waitFor();
      // AUTOSAVE_INTERVAL_MS (3 s) after the first edit, the document as it is then (both edits) is copied.
      const movedDown = (r: { text: string } | null) => r !== null && (JSON.parse(r.text) as DocJson).nodes.some((n) => n.id === 'square' && n.position.y > squareY + 50);
      const started = Date.now();
      while (!movedDown(await readAutosaveRecord(page))) {
        assert.ok(Date.now() - started < 15_000, 'an autosave copy with both edits within 15 s');
        await page.waitForTimeout(250);
      }
      const record = (await readAutosaveRecord(page))!;
      assert.equal(record.name, CHAIN_TITLE);
      assert.equal(record.ref, 'example:ch1-chain');
      const copy = assertCanonical(record.text);
      assert.equal(copy.training.epochs, 11);
      movedY = copy.nodes.find((n) => n.id === 'square')!.position.y;
    });

    await t.test('the page is killed (renderer crash: no beforeunload, no goodbye)', async () => {
      const crashed = page.waitForEvent('crash');
      const cdp = await context.newCDPSession(page);
      void cdp.send('Page.crash').catch(() => {}); // never answers: the renderer is gone
      await crashed;
      await page.close().catch(() => {});
    });

    await t.test('a new page in the same browser offers the work back; Restore brings the edits back, unsaved', async () => {
      page = await context.newPage();
      opened.watch(page);
      await page.goto(url);
      const banner = page.getByTestId('autosave-recovery');
      await banner.waitFor();
      assert.match((await banner.textContent()) ?? '', new RegExp(CHAIN_TITLE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.equal(await page.getByTestId('document-name').textContent(), 'no document', 'nothing is opened behind the user\'s back');
      await page.getByTestId('autosave-restore').click();
      await banner.waitFor({ state: 'detached' });
      await waitForName(page, CHAIN_TITLE);
      await waitForCanvasIds(page, expectedCanvasIds(CHAIN));
      await waitForReady(page);
      assert.equal(await epochsField(page).inputValue(), '11');
      await dirtyMarker(page).waitFor();
    });

    await t.test('the restored work stays unsaved through an edit and its undo', async () => {
      await setTrainingField(page, 'epochs', '12');
      await page.getByTestId('edit-undo').click();
      await page.waitForFunction(() => (document.querySelector('[data-testid="training-epochs"]') as HTMLInputElement | null)?.value === '11');
      assert.equal(await dirtyMarker(page).count(), 1, 'undoing back to the restored state is not "saved"');
    });

    await t.test('leaving the page with unsaved work asks first', async () => {
      const [asked] = await Promise.all([page.waitForEvent('dialog'), page.close({ runBeforeUnload: true })]);
      assert.equal(asked.type(), 'beforeunload');
      await asked.dismiss(); // stay on the page
      assert.equal(page.isClosed(), false);
    });

    await t.test('once saved, the copy is dropped: no recovery offer after a reload, and leaving does not ask', async () => {
      const { text } = await saveByDownload(page, 'file-save', join(dir, 'restored.gradflow'));
      const saved = assertCanonical(text);
      assert.equal(saved.training.epochs, 11);
      assert.equal(saved.nodes.find((n) => n.id === 'square')!.position.y, movedY, 'the restored document is the edited one');
      await dirtyMarker(page).waitFor({ state: 'detached' });
      // The marker goes as the save succeeds; the copy is deleted right after.
      const savedAt = Date.now();
      while (await readAutosaveRecord(page) !== null) {
        assert.ok(Date.now() - savedAt < 5_000, 'the autosave copy is deleted once the work is saved');
        await page.waitForTimeout(100);
      }
      await page.reload();
      await page.getByTestId('example-ch1-chain').waitFor();
      assert.equal(await page.getByTestId('autosave-recovery').count(), 0);
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs += 1; void d.accept(); });
      const closed = page.waitForEvent('close');
      await page.close({ runBeforeUnload: true });
      await closed;
      assert.equal(dialogs, 0);
    });

    await t.test('no page errors or console errors', () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
