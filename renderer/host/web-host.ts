// The browser's Host: the engine runs in a module Web Worker (renderer/engine.worker.ts), examples are static
// files of the web build (examples/index.json lists them), and the user's files go through web-files.ts.
// Recent files and autosave live in IndexedDB (web-storage.ts). The worker is supervised like the desktop's
// (core/protocol/engine-supervisor.ts): one that throws, ends or stops answering its heartbeat is replaced, the
// document loaded into the fresh one again, and the window told.

import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import { EngineSupervisor, type SupervisedWorker, type SupervisionTiming, type WorkerEvents } from '../../core/protocol/engine-supervisor.ts';
import type { AutosaveRecord, ExampleEntry, Host, OpenedDocument, RecentFile, SaveRequest, SavedDocument } from './host.ts';
import { downloadDocument, fileNameFor, hasFileSystemAccess, pickFile, saveWithPicker, writeHandle, type FileHandle } from './web-files.ts';
import { indexedDbStore, WebStorage } from './web-storage.ts';
import { leaveGuard } from './leave-guard.ts';
import { WORKER_INIT, type WorkerInit } from '../worker-messages.ts';

const EXAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

const newRef = (kind: string): string =>
  `${kind}:${typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`}`;

async function fetchOk(url: URL, what: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${what} (HTTP ${response.status} for ${url.pathname})`);
  return response;
}

export interface WebHostOptions {
  /** Where the web build is served (index.html's folder); defaults to the page's base URI. */
  baseUrl?: string;
  storage?: WebStorage;
  /** Starts an engine worker (tests hand in stand-ins); defaults to the bundled engine.worker.ts. */
  createWorker?: () => Worker;
  /** The watchdog's timeouts and the crash-loop cap; the defaults are the desktop's. */
  supervision?: SupervisionTiming;
  /**
   * Asked before Save writes over a file another program changed since this page read or wrote it: true
   * overwrites, false saves under another name instead. Defaults to the browser's confirm dialog.
   */
  confirmOverwriteChanged?: (fileName: string) => boolean;
}

/** What a file on disk looked like when this page last read or wrote it: a different one means someone else wrote it. */
interface FileVersion {
  lastModified: number;
  size: number;
}

const versionOf = (file: File): FileVersion => ({ lastModified: file.lastModified, size: file.size });

const askBeforeOverwriting = (fileName: string): boolean =>
  window.confirm(`"${fileName}" was changed by another program since it was opened here.\n\n`
    + 'OK replaces it with this document (the other changes are lost); Cancel saves this document under another name, keeping both.');

/** The bundled engine. This exact `new Worker(new URL(…, import.meta.url))` shape is what Vite recognises and bundles. */
const engineWorker = (): Worker => new Worker(new URL('../engine.worker.ts', import.meta.url), { type: 'module', name: 'gradflow-engine' });

/**
 * A Web Worker wired to the supervisor's events. It is told where the datasets are and given its heartbeat port
 * first. A browser's worker has no 'exit' event: one that ends by itself (self.close()) goes silent, which the
 * heartbeat finds.
 */
function supervisedWebWorker(createWorker: () => Worker, assetBase: string, events: WorkerEvents, report: (message: string) => void): SupervisedWorker {
  const worker = createWorker();
  const heartbeat = new MessageChannel();
  heartbeat.port1.onmessage = () => events.answer();
  worker.onmessage = (event: MessageEvent<unknown>) => events.message(event.data);
  worker.onerror = (event) => {
    // Handled here: the browser would otherwise log it as the page's own uncaught error.
    event.preventDefault();
    events.error(event.message || 'it could not start');
  };
  worker.onmessageerror = () => report('a message from the engine could not be read');
  const init: WorkerInit = { kind: WORKER_INIT, assetBase, heartbeat: heartbeat.port2 };
  worker.postMessage(init, [heartbeat.port2]);
  return {
    post: (command) => worker.postMessage(command),
    ping: (sequence) => heartbeat.port1.postMessage(sequence),
    terminate: () => {
      worker.onmessage = null;
      worker.onerror = null;
      worker.onmessageerror = null;
      heartbeat.port1.close();
      worker.terminate();
    },
  };
}

export class WebHost implements Host {
  readonly kind = 'web' as const;
  private readonly base: URL;
  private readonly storage: WebStorage;
  private readonly engine: EngineSupervisor;
  private readonly listeners = new Set<(t: Telemetry) => void>();
  /** File handles of this session by ref; recent ones are also kept in storage. */
  private readonly handles = new Map<string, FileHandle>();
  /** The file name behind each ref of this session: what a save dialog or a download suggests for it. */
  private readonly fileNames = new Map<string, string>();
  /** The version of each handle's file this page last read or wrote (Save compares before writing). */
  private readonly versions = new Map<string, FileVersion>();
  private readonly confirmOverwriteChanged: (fileName: string) => boolean;
  /** The browser asks before the page is left with unsaved changes (the desktop asks in its own way). */
  private readonly guard = leaveGuard(window);

  constructor(options: WebHostOptions = {}) {
    this.base = new URL(options.baseUrl ?? document.baseURI);
    this.storage = options.storage ?? new WebStorage(indexedDbStore());
    this.confirmOverwriteChanged = options.confirmOverwriteChanged ?? askBeforeOverwriting;
    // Built-in datasets are fetched by the worker, whose own URL is inside the bundle folder; tell it the root.
    const assetBase = new URL('assets/data/', this.base).href;
    const createWorker = options.createWorker ?? engineWorker;
    const report = (message: string) => this.emit({ type: 'error', message });
    this.engine = new EngineSupervisor({
      ...options.supervision,
      createWorker: (events) => supervisedWebWorker(createWorker, assetBase, events, report),
      onTelemetry: (telemetry) => this.emit(telemetry),
    });
    this.engine.start();
  }

  async listExamples(): Promise<ExampleEntry[]> {
    const list: unknown = await (await fetchOk(new URL('examples/index.json', this.base), 'the examples list')).json();
    if (!Array.isArray(list)) throw new Error('the examples list is not a list');
    return list.filter((e): e is ExampleEntry => typeof e?.name === 'string' && EXAMPLE_NAME.test(e.name) && typeof e.title === 'string');
  }

  async openExample(name: string): Promise<OpenedDocument> {
    if (!EXAMPLE_NAME.test(name)) throw new Error(`"${name}" is not an example name`);
    const text = await (await fetchOk(new URL(`examples/${name}.gradflow`, this.base), `the example "${name}"`)).text();
    return { name, text, ref: `example:${name}` };
  }

  async openDocument(): Promise<OpenedDocument | null> {
    const picked = await pickFile(true);
    if (!picked) return null;
    const text = await picked.file.text();
    const ref = newRef(picked.handle ? 'file' : 'upload');
    if (picked.handle) {
      this.handles.set(ref, picked.handle);
      this.versions.set(ref, versionOf(picked.file));
    }
    this.fileNames.set(ref, picked.file.name);
    await this.remember({ ref, name: picked.file.name, at: Date.now() }, text, picked.handle);
    return { name: picked.file.name, text, ref };
  }

  async saveDocument(request: SaveRequest): Promise<SavedDocument | null> {
    const existing = request.ref && !request.saveAs ? this.handles.get(request.ref) : undefined;
    // Another program's changes are never overwritten silently: asked, or kept by saving under another name.
    const overwrite = existing && request.ref ? await this.mayOverwrite(request.ref, existing) : false;
    if (existing && request.ref && overwrite && (await writeHandle(existing, request.text))) {
      await this.recordVersion(request.ref, existing);
      await this.remember({ ref: request.ref, name: existing.name, at: Date.now() }, request.text, existing);
      return { name: existing.name, ref: request.ref };
    }
    // A document read from a file is saved under that file's name, as the desktop does; else under its own name.
    const suggested = (request.ref && this.fileNames.get(request.ref)) || fileNameFor(request.name);
    if (hasFileSystemAccess()) {
      const handle = await saveWithPicker(suggested, request.text);
      if (!handle) return null;
      const ref = newRef('file');
      this.handles.set(ref, handle);
      await this.recordVersion(ref, handle);
      this.fileNames.set(ref, handle.name);
      await this.remember({ ref, name: handle.name, at: Date.now() }, request.text, handle);
      return { name: handle.name, ref };
    }
    // No way to write a chosen file: download it. The browser decides where it lands, so keep no handle.
    downloadDocument(suggested, request.text);
    const ref = request.ref?.startsWith('upload:') ? request.ref : newRef('upload');
    this.fileNames.set(ref, suggested);
    await this.remember({ ref, name: suggested, at: Date.now() }, request.text);
    return { name: suggested, ref };
  }

  async recentFiles(): Promise<RecentFile[]> {
    return (await this.storage.recent()).map(({ ref, name, at }) => ({ ref, name, at }));
  }

  async openRecent(ref: string): Promise<OpenedDocument | null> {
    const stored = await this.storage.findRecent(ref);
    if (!stored) return null;
    const handle = stored.handle as FileHandle | undefined;
    if (handle && typeof handle.getFile === 'function') {
      const permitted = !handle.requestPermission || (await handle.requestPermission({ mode: 'read' })) === 'granted';
      if (permitted) {
        const file = await handle.getFile();
        const text = await file.text();
        this.handles.set(ref, handle);
        this.versions.set(ref, versionOf(file));
        this.fileNames.set(ref, handle.name);
        await this.remember({ ref, name: handle.name, at: Date.now() }, text, handle);
        return { name: handle.name, text, ref };
      }
    }
    // No handle (or no permission): reopen the copy kept when it was last opened or saved.
    if (stored.text === undefined) return null;
    this.fileNames.set(ref, stored.name);
    return { name: stored.name, text: stored.text, ref };
  }

  setDirty(dirty: boolean): void {
    this.guard.setDirty(dirty);
  }

  async forgetRecent(ref: string): Promise<void> {
    this.handles.delete(ref);
    this.fileNames.delete(ref);
    await this.storage.removeRecent(ref).catch((error: unknown) => console.warn('could not update recent files', error));
  }

  autosave(record: AutosaveRecord | null): Promise<void> {
    return this.storage.autosave(record);
  }

  readAutosave(): Promise<AutosaveRecord | null> {
    return this.storage.readAutosave();
  }

  async pickDataFile(): Promise<Uint8Array | null> {
    const picked = await pickFile(false);
    return picked ? new Uint8Array(await picked.file.arrayBuffer()) : null;
  }

  async pickNamedDataFile(): Promise<{ name: string; bytes: Uint8Array } | null> {
    const picked = await pickFile(false);
    return picked ? { name: picked.file.name, bytes: new Uint8Array(await picked.file.arrayBuffer()) } : null;
  }

  send(command: EngineCommand): void {
    this.engine.send(command);
  }

  /** How many times a failed engine worker was replaced (tests read it). */
  get engineRestarts(): number {
    return this.engine.restarts;
  }

  onTelemetry(listener: (telemetry: Telemetry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.guard.dispose();
    void this.engine.dispose();
    this.listeners.clear();
  }

  private emit(telemetry: Telemetry): void {
    for (const listener of this.listeners) listener(telemetry);
  }

  /** Whether Save may write over the handle's file: yes unless it changed since last read or written here and the user says no. */
  private async mayOverwrite(ref: string, handle: FileHandle): Promise<boolean> {
    const known = this.versions.get(ref);
    if (!known) return true;
    let now: FileVersion;
    try {
      now = versionOf(await handle.getFile());
    } catch {
      return true; // gone or unreadable: writing recreates it, and the write reports its own failure
    }
    if (now.lastModified === known.lastModified && now.size === known.size) return true;
    return this.confirmOverwriteChanged(handle.name);
  }

  private async recordVersion(ref: string, handle: FileHandle): Promise<void> {
    try {
      this.versions.set(ref, versionOf(await handle.getFile()));
    } catch {
      this.versions.delete(ref);
    }
  }

  private remember(entry: RecentFile, text: string, handle?: FileHandle): Promise<void> {
    // Storage can fail (quota, private mode); the open or save itself has succeeded, so only log it.
    return this.storage.addRecent({ ...entry, text, handle }).catch((error: unknown) => console.warn('could not update recent files', error));
  }
}
