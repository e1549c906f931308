// The web host's file flows over stand-ins for what a browser gives it: a window with File System Access
// pickers handing out in-memory file handles, a Worker that does nothing, and an in-memory store; and the engine
// worker's supervision over stand-in workers that throw, go quiet or crash ten times in a row.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { FileHandle } from './web-files.ts';
import { memoryStore, WebStorage } from './web-storage.ts';
import { WebHost } from './web-host.ts';

interface Browser {
  files: Map<string, string>;
  /** What the save dialog was asked to suggest, in order. */
  suggested: string[];
  /** What the user picks next in the open / save dialogs (a file name). */
  nextOpen: string[];
  nextSave: string[];
  /** Files the user was asked about before Save overwrote a changed file, and the answers to give (true = overwrite). */
  asked: string[];
  answers: boolean[];
  window: EventTarget;
}

/** When each file was last written (a File's lastModified); a test writing "from another program" bumps it. */
const modified = new Map<string, number>();
let clock = 1;

function handle(files: Map<string, string>, name: string): FileHandle {
  return {
    name,
    getFile: async () => new File([files.get(name) ?? ''], name, { lastModified: modified.get(name) ?? 0 }),
    createWritable: async () => {
      let text = '';
      return {
        write: async (data) => { text += typeof data === 'string' ? data : await data.text(); },
        close: async () => { files.set(name, text); modified.set(name, clock++); },
      };
    },
  };
}

/** Another program writes the file. */
function writeElsewhere(files: Map<string, string>, name: string, text: string): void {
  files.set(name, text);
  modified.set(name, clock++);
}

/** A host in a fake browser; the globals it reads are put back when the test ends. */
function webHost(t: { after(fn: () => void): void }): { host: WebHost; browser: Browser } {
  const files = new Map<string, string>();
  const browser: Browser = { files, suggested: [], nextOpen: [], nextSave: [], asked: [], answers: [], window: new EventTarget() };
  Object.assign(browser.window, {
    showOpenFilePicker: async () => [handle(files, browser.nextOpen.shift()!)],
    showSaveFilePicker: async (options: { suggestedName: string }) => {
      browser.suggested.push(options.suggestedName);
      return handle(files, browser.nextSave.shift()!);
    },
  });
  const globals = globalThis as Record<string, unknown>;
  const saved = { window: globals.window, Worker: globals.Worker };
  globals.window = browser.window;
  globals.Worker = class { postMessage() {} terminate() {} };
  t.after(() => Object.assign(globals, saved));
  const host = new WebHost({ baseUrl: 'http://localhost/', storage: new WebStorage(memoryStore()), confirmOverwriteChanged: (name) => {
    browser.asked.push(name);
    return browser.answers.shift() ?? false;
  } });
  t.after(() => host.dispose());
  return { host, browser };
}

const request = (name: string, text: string, extra: { ref?: string; saveAs?: boolean } = {}) => ({ name, text, document: {} as never, ...extra });

test('Save As suggests the name of the file a document was read from; a document from no file suggests its own', async (t) => {
  const { host, browser } = webHost(t);
  browser.files.set('mine.gradflow', '{"from":"disk"}');
  browser.nextOpen.push('mine.gradflow');
  const opened = await host.openDocument();
  assert.equal(opened?.name, 'mine.gradflow');
  assert.ok(opened && 'text' in opened && opened.text === '{"from":"disk"}');

  browser.nextSave.push('copy.gradflow');
  const copy = await host.saveDocument(request('Chapter 1 · a chain', 'v2', { ref: opened.ref!, saveAs: true }));
  assert.deepEqual(browser.suggested, ['mine.gradflow'], 'the file\'s name, not the document\'s title');
  assert.equal(copy?.name, 'copy.gradflow');
  assert.equal(browser.files.get('copy.gradflow'), 'v2');

  browser.nextSave.push('new.gradflow');
  await host.saveDocument(request('My graph', 'v1'));
  assert.equal(browser.suggested.at(-1), 'My graph.gradflow');

  // Save (not Save As) writes through the handle it has, without a dialog.
  await host.saveDocument(request('Chapter 1 · a chain', 'v3', { ref: copy!.ref! }));
  assert.equal(browser.suggested.length, 2);
  assert.equal(browser.files.get('copy.gradflow'), 'v3');
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['copy.gradflow', 'new.gradflow', 'mine.gradflow']);
});

test('Save never silently overwrites a file another program changed: asked first; no means Save As, keeping both', async (t) => {
  const { host, browser } = webHost(t);
  browser.files.set('shared.gradflow', 'v1');
  browser.nextOpen.push('shared.gradflow');
  const opened = await host.openDocument();

  await host.saveDocument(request('Shared', 'mine 1', { ref: opened!.ref! }));
  assert.deepEqual(browser.asked, [], 'our own last write is no change');
  assert.equal(browser.files.get('shared.gradflow'), 'mine 1');

  writeElsewhere(browser.files, 'shared.gradflow', 'theirs');
  browser.answers.push(false);
  browser.nextSave.push('mine.gradflow');
  const kept = await host.saveDocument(request('Shared', 'mine 2', { ref: opened!.ref! }));
  assert.deepEqual(browser.asked, ['shared.gradflow']);
  assert.equal(browser.files.get('shared.gradflow'), 'theirs', 'their version stays');
  assert.equal(browser.files.get('mine.gradflow'), 'mine 2', 'ours went to the name picked in Save As');
  assert.equal(kept?.name, 'mine.gradflow');

  writeElsewhere(browser.files, 'shared.gradflow', 'theirs again');
  browser.answers.push(true);
  await host.saveDocument(request('Shared', 'mine 3', { ref: opened!.ref! }));
  assert.equal(browser.files.get('shared.gradflow'), 'mine 3', 'overwritten when the user says so');
  await host.saveDocument(request('Shared', 'mine 4', { ref: opened!.ref! }));
  assert.equal(browser.asked.length, 2, 'and not asked again about our own write');
});

test('a file the page could not open is taken off the recent files again', async (t) => {
  const { host, browser } = webHost(t);
  browser.files.set('good.gradflow', 'g');
  browser.files.set('bad.gradflow', 'b');
  browser.nextOpen.push('good.gradflow', 'bad.gradflow');
  await host.openDocument();
  const bad = await host.openDocument();
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['bad.gradflow', 'good.gradflow']);
  await host.forgetRecent(bad!.ref!);
  assert.deepEqual((await host.recentFiles()).map((r) => r.name), ['good.gradflow']);
  assert.equal(await host.openRecent(bad!.ref!), null);
});

test('leaving the page asks while the document has unsaved changes', (t) => {
  const { host, browser } = webHost(t);
  const leave = () => {
    const event = new Event('beforeunload', { cancelable: true });
    browser.window.dispatchEvent(event);
    return event.defaultPrevented;
  };
  assert.equal(leave(), false);
  host.setDirty(true);
  assert.equal(leave(), true);
  host.setDirty(false);
  assert.equal(leave(), false);
  host.setDirty(true);
  host.dispose();
  assert.equal(leave(), false, 'a disposed host no longer asks');
});

/**
 * A stand-in for the browser's engine worker: records what it is sent, echoes heartbeat pings on the port its
 * init brings (unless silenced), answers a load as session.ts does, and throws or goes quiet on demand.
 */
class FakeEngineWorker {
  static created: FakeEngineWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly received: unknown[] = [];
  terminated = false;
  answers = true;
  private heartbeat: MessagePort | null = null;

  constructor() {
    FakeEngineWorker.created.push(this);
  }

  postMessage(message: unknown): void {
    assert.equal(this.terminated, false, 'nothing is posted to a terminated worker');
    this.received.push(message);
    const m = message as { kind?: string; heartbeat?: MessagePort; type?: string };
    if (m.heartbeat) {
      this.heartbeat = m.heartbeat;
      this.heartbeat.onmessage = (ping) => { if (this.answers) this.heartbeat?.postMessage(ping.data); };
    }
    if (m.type === 'load') queueMicrotask(() => {
      this.post({ type: 'status', status: 'loading' });
      this.post({ type: 'loaded', name: 'my graph' });
      this.post({ type: 'status', status: 'ready' });
    });
  }

  post(telemetry: unknown): void {
    if (!this.terminated) this.onmessage?.({ data: telemetry });
  }

  /** An uncaught error inside the worker, as the page sees it. */
  crash(message: string): void {
    let prevented = false;
    this.onerror?.({ message, preventDefault: () => { prevented = true; } });
    assert.ok(prevented, 'the host handles the error (else the browser logs it as the page\'s own)');
  }

  terminate(): void {
    this.terminated = true;
    this.heartbeat?.close();
  }
}

function supervisedWebHost(t: { after(fn: () => void): void }, supervision: Record<string, number> = {}) {
  FakeEngineWorker.created = [];
  const { window: savedWindow } = globalThis as Record<string, unknown>;
  (globalThis as Record<string, unknown>).window = new EventTarget();
  t.after(() => { (globalThis as Record<string, unknown>).window = savedWindow; });
  const host = new WebHost({
    baseUrl: 'http://localhost/app/', storage: new WebStorage(memoryStore()),
    createWorker: () => new FakeEngineWorker() as unknown as Worker,
    supervision: { pingIntervalMs: 10, idleTimeoutMs: 150, busyTimeoutMs: 400, startupTimeoutMs: 150, ...supervision },
  });
  t.after(() => host.dispose());
  const telemetry: Telemetry[] = [];
  host.onTelemetry((m) => telemetry.push(m));
  const workers = FakeEngineWorker.created;
  return {
    host, telemetry, workers,
    current: () => workers.at(-1)!,
    alive: () => workers.filter((w) => !w.terminated).length,
    errors: () => telemetry.flatMap((m) => (m.type === 'error' ? [m.message] : [])),
  };
}

async function until(done: () => boolean, what: string, ms = 3_000): Promise<void> {
  for (const deadline = Date.now() + ms; !done();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const doc = { format: 'gradflow', version: 1, name: 'my graph', nodes: [], edges: [], groups: [], training: {} } as never;

test('an engine worker that throws is replaced: told where the data is, given the settings and the document again, and the user told', async (t) => {
  const h = supervisedWebHost(t);
  const load = { type: 'load' as const, document: doc, files: { 'data.csv': new Uint8Array([1, 2]) } };
  h.host.send({ type: 'set-telemetry-rate', hz: 12 });
  h.host.send(load);
  await until(() => h.telemetry.some((m) => m.type === 'loaded'), 'the load');
  h.host.send({ type: 'train' });
  h.current().post({ type: 'status', status: 'running' });
  h.current().crash('Uncaught Error: boom');

  assert.equal(h.workers.length, 2);
  assert.equal(h.workers[0]!.terminated, true);
  const [init, ...commands] = h.current().received as Record<string, unknown>[];
  assert.equal(init!.kind, 'gradflow-worker-init');
  assert.equal(init!.assetBase, 'http://localhost/app/assets/data/');
  assert.ok(init!.heartbeat instanceof MessagePort, 'a heartbeat port of its own');
  assert.deepEqual(commands, [{ type: 'set-telemetry-rate', hz: 12 }, load], 'the settings, then the document with its picked files');
  await until(() => h.errors().length > 0, 'the notice');
  assert.deepEqual(h.errors(), ['The engine crashed (Uncaught Error: boom). A fresh engine was started and your document loaded again; training was interrupted and the run\'s progress is lost, your document is unchanged.']);
  assert.equal(h.host.engineRestarts, 1);
});

test('an engine worker that ends silently or hangs stops answering its heartbeat and is replaced', async (t) => {
  const h = supervisedWebHost(t);
  h.host.send({ type: 'load', document: doc });
  await until(() => h.workers.length === 1 && h.telemetry.some((m) => m.type === 'loaded'), 'the load');
  // A real worker answers pings: within the idle timeout nothing happens.
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal(h.workers.length, 1, 'a worker that answers is left alone');
  h.current().answers = false;
  await until(() => h.workers.length === 2, 'the watchdog');
  await until(() => h.errors().length > 0, 'the notice');
  assert.match(h.errors()[0]!, /^The engine stopped responding \(no answer for 0\.\d s\)\. A fresh engine was started and your document loaded again/);
  assert.equal(h.alive(), 1);
});

test('ten crashes in a row leave one live engine worker (constructed minus terminated), none after dispose', async (t) => {
  const h = supervisedWebHost(t, { maxRestarts: 10 });
  h.host.send({ type: 'load', document: doc });
  for (let i = 0; i < 10; i += 1) {
    await until(() => h.telemetry.filter((m) => m.type === 'loaded').length === i + 1, `load ${i + 1}`);
    h.current().crash(`bug ${i}`);
  }
  await until(() => h.telemetry.filter((m) => m.type === 'loaded').length === 11, 'the eleventh load');
  assert.equal(h.workers.length, 11);
  assert.equal(h.alive(), 1);
  assert.equal(h.errors().length, 10);
  h.host.dispose();
  assert.equal(h.alive(), 0);
});

test('an engine that cannot start is retried up to the cap, then left stopped with a message saying so', async (t) => {
  const h = supervisedWebHost(t, { maxRestarts: 3 });
  h.host.send({ type: 'load', document: doc });
  for (let i = 0; i < 4; i += 1) h.current().crash('');
  assert.equal(h.workers.length, 4);
  assert.equal(h.alive(), 0);
  assert.match(h.errors().at(-1)!, /^The engine crashed \(it could not start\)\. It failed 4 times in a row, so it was not restarted; your document is unchanged — load it again to retry\.$/);
  assert.deepEqual(h.telemetry.at(-1), { type: 'status', status: 'error', message: h.errors().at(-1) });
});
