// The open document and everything about it that is not telemetry: its name and origin, whether it has
// unsaved changes, problems found while loading it, the data files a page still has to ask for, the
// examples and recent files. Actions go through the Host; the document is parsed and checked here with
// core's loader, so a bad file is reported with its JSON paths before the engine ever sees it.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadDocument } from '../../core/document/load.ts';
import { buildGraph } from '../../core/graph/build.ts';
import { serializeDocument } from '../../core/document/serialize.ts';
import type { GradflowDocument } from '../../core/document/types.ts';
import type { PartialRunConfig } from '../../core/train/config.ts';
import type { AutosaveRecord, ExampleEntry, Host, OpenedDocument, RecentFile } from '../host/host.ts';
import { withEngineParameters } from './trained-parameters.ts';

export interface DocumentState {
  name: string | null;
  ref?: string;
  doc?: GradflowDocument;
  dirty: boolean;
  /** Problems that stopped a document from opening or saving, one line each (shown in the error banner). */
  problems: string[];
  warnings: string[];
  /** Data files the document names that the page must still be given (web build only). */
  missingFiles: string[];
  examples: ExampleEntry[];
  recent: RecentFile[];
  /** Unsaved work found at start-up, offered for restoring. */
  recovered?: AutosaveRecord;
}

/** The paths of the user data files a document's data source reads. */
export function dataFilesOf(doc: GradflowDocument): string[] {
  const data = doc.data as { kind?: unknown; path?: unknown; labels?: unknown } | undefined;
  if (data?.kind !== 'file') return [];
  return [data.path, data.labels].filter((p): p is string => typeof p === 'string' && p.length > 0);
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** How often unsaved work is copied for crash recovery, at most (ms). */
export const AUTOSAVE_INTERVAL_MS = 3000;

export class DocumentController {
  readonly store: StoreApi<DocumentState>;
  private files: Record<string, Uint8Array> = {};
  private autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Asked before New, Open or an example replaces a document with unsaved changes (the page sets a dialog;
   * the default lets it go — the autosaved copy is still offered at the next start).
   */
  confirmDiscard: (name: string) => boolean = () => true;

  /**
   * `onEngineLoad` runs just before a document is sent to the engine (the page resets its telemetry): `open` for
   * another document, `edit` for the same one reloaded after an edit (its runs history stays, issue 6 §7).
   */
  constructor(
    private readonly host: Host,
    private readonly onEngineLoad: (reason: 'open' | 'edit') => void = () => {},
    private readonly autosaveIntervalMs = AUTOSAVE_INTERVAL_MS,
  ) {
    this.store = createStore<DocumentState>(() => ({ name: null, dirty: false, problems: [], warnings: [], missingFiles: [], examples: [], recent: [] }));
    // Unsaved work is copied a few seconds after it changes (throttled, not debounced: a long editing
    // session still gets a copy every interval), so a crash loses at most those seconds.
    this.store.subscribe((state, before) => {
      if (state.dirty && state.doc && state.doc !== before.doc) this.scheduleAutosave();
    });
  }

  private scheduleAutosave(): void {
    if (!this.host.autosave || this.autosaveTimer !== undefined) return;
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = undefined;
      void this.autosaveNow();
    }, this.autosaveIntervalMs);
  }

  /** Copy the open document for crash recovery now, if it has unsaved changes. */
  async autosaveNow(): Promise<void> {
    const { doc, dirty, name, ref } = this.store.getState();
    if (!doc || !dirty || !this.host.autosave) return;
    try {
      await this.host.autosave({ name: doc.name ?? name ?? 'untitled', text: serializeDocument(doc), ...(ref ? { ref } : {}), savedAt: Date.now() });
    } catch (error) {
      // A failed copy must not interrupt editing; it is said once, in the warnings, and tried again next edit.
      const line = `could not keep a recovery copy: ${describeError(error)}`;
      const warnings = this.store.getState().warnings;
      if (!warnings.includes(line)) this.set({ warnings: [...warnings, line] });
    }
  }

  dispose(): void {
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = undefined;
  }

  private set(partial: Partial<DocumentState>): void {
    this.store.setState(partial);
  }

  /** Report a failure of an action in the banner instead of losing it in a rejected promise. */
  private async attempt(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.set({ problems: [`${what}: ${describeError(error)}`] });
    }
  }

  /** Load the lists, listen for documents the host opens by itself, and open the window's first document. */
  init(): Promise<void> {
    this.host.onDocument?.((opened) => this.open(opened));
    // The desktop shows unsaved changes in the title bar and asks before closing; a page asks before it is left.
    if (this.host.setDirty) {
      let last = false;
      this.store.subscribe(({ dirty }) => { if (dirty !== last) this.host.setDirty?.((last = dirty)); });
    }
    return this.attempt('could not start', async () => {
      const [examples, recent, recovered, initial] = await Promise.all([
        this.host.listExamples(),
        this.host.recentFiles?.().catch(() => []) ?? [],
        this.host.readAutosave?.().catch(() => null) ?? null,
        this.host.initialDocument?.() ?? null,
      ]);
      this.set({ examples, recent, ...(recovered ? { recovered } : {}) });
      if (initial) this.open(initial);
    });
  }

  /** Whether the open document may be replaced: it has no unsaved changes, or the user said so. */
  private mayReplace(): boolean {
    const { doc, dirty, name } = this.store.getState();
    return !doc || !dirty || this.confirmDiscard(doc.name ?? name ?? 'untitled');
  }

  openExample(name: string): Promise<void> {
    if (!this.mayReplace()) return Promise.resolve();
    return this.attempt(`could not open the example "${name}"`, async () => {
      const opened = await this.host.openExample(name);
      const title = this.store.getState().examples.find((e) => e.name === name)?.title;
      if (opened) this.open({ ...opened, name: title ?? opened.name });
    });
  }

  openFile(): Promise<void> {
    if (!this.mayReplace()) return Promise.resolve();
    return this.attempt('could not open the file', async () => {
      const opened = await this.host.openDocument();
      // A file that does not load is not a recent file (the host listed it when it read it).
      if (opened && !this.open(opened) && opened.ref) await this.host.forgetRecent?.(opened.ref);
      await this.refreshRecent();
    });
  }

  openRecent(ref: string): Promise<void> {
    if (!this.mayReplace()) return Promise.resolve();
    return this.attempt('could not open the recent file', async () => {
      const opened = this.host.openRecent ? await this.host.openRecent(ref) : null;
      if (opened) this.open(opened);
      else this.set({ problems: ['that file is no longer available'] });
    });
  }

  restoreAutosave(): void {
    const recovered = this.store.getState().recovered;
    if (!recovered || !this.mayReplace()) return;
    // Unsaved from the moment it appears: the editor starts its history from the state it first sees, and one
    // that begins "clean" would call the restored work saved again after an edit and its undo.
    this.open({ name: recovered.name, text: recovered.text, ...(recovered.ref ? { ref: recovered.ref } : {}) }, { dirty: true });
    this.set({ recovered: undefined });
  }

  discardAutosave(): Promise<void> {
    this.set({ recovered: undefined });
    return this.attempt('could not discard the autosaved copy', async () => { await this.host.autosave?.(null); });
  }

  save(saveAs = false): Promise<void> {
    return this.attempt('could not save', async () => {
      const { doc: loaded, name, ref } = this.store.getState();
      if (!loaded) return;
      const doc = await withEngineParameters(this.host, loaded);
      const text = serializeDocument(doc);
      const target = ref?.startsWith('example:') ? {} : { ref };
      const saved = await this.host.saveDocument({ name: doc.name ?? name ?? 'untitled', document: doc, text, ...target, saveAs });
      if (!saved) return;
      this.set({ doc, ref: saved.ref, dirty: false, problems: [] });
      await this.host.autosave?.(null);
      await this.refreshRecent();
    });
  }

  /**
   * File ▸ Export: the document, with what the engine trained, as a NumPy or PyTorch script and its weights
   * (core/export), offered as downloads (the desktop app's Electron asks where to save each). The exporters
   * are loaded on first use; a graph they cannot export is reported in the banner with the op it stops at.
   */
  exportTo(to: 'numpy' | 'pytorch', download: (name: string, contents: string | Uint8Array) => void): Promise<void> {
    return this.attempt(`could not export to ${to === 'numpy' ? 'NumPy' : 'PyTorch'}`, async () => {
      const { doc: loaded, name } = this.store.getState();
      if (!loaded) return;
      const doc = await withEngineParameters(this.host, loaded);
      const { exportDocument, fileStem } = await import('../../core/export/index.ts');
      for (const file of exportDocument(doc, to, fileStem(doc.name ?? name ?? 'model'))) download(file.name, file.contents);
      this.set({ problems: [] });
    });
  }

  /** The web build's answer to a data file the document names: the user picks it, then the engine loads. */
  pickDataFile(path: string): Promise<void> {
    return this.attempt(`could not read the data file for "${path}"`, async () => {
      const bytes = this.host.pickDataFile ? await this.host.pickDataFile(path) : null;
      if (!bytes) return;
      this.files = { ...this.files, [path]: bytes };
      const missingFiles = this.store.getState().missingFiles.filter((p) => p !== path);
      this.set({ missingFiles });
      const doc = this.store.getState().doc;
      if (doc && missingFiles.length === 0) this.sendLoad(doc);
    });
  }

  /** The bytes of a data file the user gave this page (for the inspector's preview), if any. */
  dataFile(path: string): Uint8Array | undefined {
    return this.files[path];
  }

  /** Whether this host lets the user pick a data file from the inspector. */
  canChooseDataFile(): boolean {
    return typeof this.host.pickNamedDataFile === 'function';
  }

  /**
   * Let the user pick a new data file for the document's data source (a page: the bytes stay here and go to
   * the engine with the document). Returns the file's name, which becomes the source's path, or null.
   */
  async chooseDataFile(): Promise<string | null> {
    try {
      const picked = this.host.pickNamedDataFile ? await this.host.pickNamedDataFile() : null;
      if (!picked) return null;
      this.files = { ...this.files, [picked.name]: picked.bytes };
      this.set({ missingFiles: this.store.getState().missingFiles.filter((p) => p !== picked.name) });
      return picked.name;
    } catch (error) {
      this.set({ problems: [`could not read the data file: ${describeError(error)}`] });
      return null;
    }
  }

  /**
   * Start an empty graph (File › New): nothing to train until it has an Input, a loss and data. `training`
   * holds the settings' defaults (the backend). Returns false when the user kept the open document.
   */
  newDocument(training: PartialRunConfig = {}): boolean {
    if (!this.mayReplace()) return false;
    const doc: GradflowDocument = { format: 'gradflow', version: 1, name: 'untitled', nodes: [], edges: [], groups: [], training: { ...training } };
    this.files = {};
    this.onEngineLoad('open');
    this.set({ name: 'untitled', ref: undefined, doc, dirty: false, problems: [], warnings: [], missingFiles: [] });
    return true;
  }

  /**
   * The editor changed the document. A structural change reaches the engine when the graph is complete
   * (every port wired, a loss, data); until then the engine's view is cleared so nothing stale trains.
   */
  edit(doc: GradflowDocument, { dirty, structural }: { dirty: boolean; structural: boolean }): void {
    this.set({ doc, dirty });
    if (!structural) return;
    const built = buildGraph(doc);
    if (built.ok && built.graph.losses.length === 1 && doc.data && this.store.getState().missingFiles.length === 0) this.sendLoad(doc, 'edit');
    else this.onEngineLoad('edit');
  }

  dismissProblems(): void {
    this.set({ problems: [] });
  }

  /**
   * Parse and check text (a host's parsed document is taken as is); show it and hand it to the engine.
   * `dirty`: it is unsaved work (a restored autosave), not the contents of a file. False when it was refused.
   */
  private open(opened: OpenedDocument, { dirty = false }: { dirty?: boolean } = {}): boolean {
    let doc: GradflowDocument;
    let warnings: string[];
    if ('document' in opened) {
      ({ document: doc, warnings } = opened);
    } else {
      const result = loadDocument(opened.text, {}, { shapeProblems: 'warning' });
      if (!result.ok) {
        this.set({ problems: result.errors.map((e) => (e.path ? `${opened.name}: ${e.path}: ${e.message}` : `${opened.name}: ${e.message}`)) });
        return false;
      }
      ({ doc, warnings } = result);
    }
    this.files = {};
    // Only a page has to ask; the desktop host reads data files next to the document itself.
    const missingFiles = this.host.pickDataFile ? dataFilesOf(doc) : [];
    this.set({ name: doc.name ?? opened.name, ref: opened.ref, doc, dirty, problems: [], warnings, missingFiles });
    // A graph with a shape mismatch opens to be fixed (its warning says where); the engine gets it once it builds.
    if (missingFiles.length === 0 && buildGraph(doc, { requireConnected: false }).ok) this.sendLoad(doc);
    else if (missingFiles.length === 0) this.onEngineLoad('open');
    return true;
  }

  private sendLoad(doc: GradflowDocument, reason: 'open' | 'edit' = 'open'): void {
    this.onEngineLoad(reason);
    const files = Object.keys(this.files).length > 0 ? { files: this.files } : {};
    this.host.send({ type: 'load', document: doc, ...files });
  }

  private async refreshRecent(): Promise<void> {
    if (this.host.recentFiles) this.set({ recent: await this.host.recentFiles().catch(() => this.store.getState().recent) });
  }
}
