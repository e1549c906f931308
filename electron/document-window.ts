// One window per document: the BrowserWindow with the safe options, its document state (path, name, unsaved
// changes), its engine, the title, and the question before closing with unsaved changes. Electron glue.

import { BrowserWindow, dialog, shell, type WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.ts';
import type { RendererCommandId } from './commands.ts';
import { EngineHost } from './engine-host.ts';
import type { PushChannels } from './ipc-channels.ts';
import type { WindowDocument } from './preload-api.ts';
import { DataReadConfirmations, DATA_READ_ALLOW, dataReadDialog } from './security-data-access.ts';
import { hardenWebContents } from './security-navigation.ts';
import { documentWindowOptions, unsafeWebPreferences } from './window-options.ts';
import { fileNameOf, windowTitle } from './window-title.ts';
import type { AppPaths } from './app-paths.ts';
import type { AutosaveStore } from './autosave-store.ts';
import type { AutosaveOutcome, AutosaveRecord } from './preload-api.ts';

const windows = new Map<number, DocumentWindow>();
/** Where windows keep their crash-recovery copies (set once by main at start-up). */
let autosaveStore: AutosaveStore | null = null;

export class DocumentWindow {
  readonly window: BrowserWindow;
  readonly engine: EngineHost;
  /** The document main opened into this window; null for a new one. The renderer owns edits after that. */
  document: WindowDocument | null;
  /** The file the document was read from — its path, or the example it copies — for relative data paths. */
  private source: string | null;
  dirty = false;
  /** Set by "Save" in the close prompt: close once that save succeeds. */
  closeAfterSave = false;
  private closeConfirmed = false;
  /** This window's crash-recovery slot (main's choice; the page never names a file). */
  private readonly autosaveSlot: string | null;
  /** The page crashed with unsaved work and the window was closed: its recovery copy stays for the next window. */
  private keepAutosave = false;
  /** The user's answers about data files outside the document's folder, for as long as the window is open. */
  private readonly dataReads = new DataReadConfirmations(async (documentPath, dataPath) => {
    if (this.window.isDestroyed()) return false;
    const { response } = await dialog.showMessageBox(this.window, dataReadDialog(documentPath, dataPath, this.document?.name ?? 'This document'));
    return response === DATA_READ_ALLOW;
  });

  /** The store every window created after this call keeps its recovery copy in. */
  static useAutosave(store: AutosaveStore): void {
    autosaveStore = store;
  }

  constructor(paths: AppPaths, document: WindowDocument | null, source: string | null = document?.path ?? null) {
    this.document = document;
    this.source = source;
    const options = documentWindowOptions({ preloadPath: paths.preload, title: this.title() });
    const problems = unsafeWebPreferences(options.webPreferences);
    if (problems.length > 0) throw new Error(`refusing to open a window with unsafe settings: ${problems.join('; ')}`);
    this.window = new BrowserWindow(options);
    const contents = this.window.webContents;
    windows.set(contents.id, this);
    this.autosaveSlot = autosaveStore?.attach() ?? null;
    this.engine = new EngineHost(contents, {
      workerPath: paths.engineWorker,
      datasetsDir: paths.datasets,
      documentPath: this.source,
      confirmDataRead: (documentPath, dataPath) => this.dataReads.confirm(documentPath, dataPath),
    });

    this.window.once('ready-to-show', () => this.window.show());
    contents.on('did-finish-load', () => this.engine.connect());
    // The page is ours and stays ours: no navigation, no new windows; only links the app made open in the browser.
    hardenWebContents(contents, { openExternal: (url) => shell.openExternal(url), log: (message) => console.warn(`gradflow: ${message}`) });
    contents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      // The page is gone, and with it any edits made since its last recovery copy; main still has the document as
      // last opened or saved.
      void dialog.showMessageBox(this.window, {
        type: 'error',
        buttons: ['Reload', 'Close Window'],
        message: 'This window stopped working',
        detail: `Its page ended (${details.reason}). Reload shows the document as it was last opened or saved and offers the copy of unsaved changes kept a few seconds before, if there is one; Close Window keeps that copy for the next window you open.`,
      }).then(({ response }) => {
        if (this.window.isDestroyed()) return;
        // Main's dirty flag described the page that is gone. Its unsaved work, if any, is in the recovery copy:
        // the reloaded page is offered it (its own slot), and a closed window leaves it for the next one.
        if (response !== 0 && this.dirty) this.keepAutosave = true;
        this.dirty = false;
        if (response === 0) contents.reload();
        else this.window.close();
      });
    });
    this.window.on('close', (event) => this.onClose(event));
    this.window.on('closed', () => {
      windows.delete(contents.id);
      void this.engine.dispose();
      // A clean close (nothing unsaved, saved, or "Don't Save"): the recovery copy goes with the window.
      if (this.autosaveSlot !== null) void autosaveStore?.detach(this.autosaveSlot, { keepFile: this.keepAutosave });
    });
    void this.window.loadURL(APP_ENTRY_URL);
  }

  static fromContents(contents: WebContents): DocumentWindow | undefined {
    return windows.get(contents.id);
  }

  static all(): DocumentWindow[] {
    return [...windows.values()];
  }

  static focused(): DocumentWindow | undefined {
    const focused = BrowserWindow.getFocusedWindow();
    return focused ? windows.get(focused.webContents.id) : undefined;
  }

  get path(): string | null {
    return this.document?.path ?? null;
  }

  /** Empty and unchanged: Open may reuse it instead of adding a window. */
  get pristine(): boolean {
    return this.document === null && !this.dirty;
  }

  title(): string {
    return windowTitle(this.path, this.dirty, this.document?.name ?? 'Untitled');
  }

  setDirty(dirty: boolean): void {
    this.dirty = dirty;
    this.refreshTitle();
  }

  /** Main opened a document into this (pristine) window; `source` is the file it was read from. */
  setDocument(document: WindowDocument, source: string): void {
    this.document = document;
    this.source = source;
    this.engine.setDocumentPath(source);
    this.refreshTitle();
    this.push('document:opened', document);
  }

  /** After a successful save: the new path and name, no unsaved changes. */
  saved(path: string, document: WindowDocument['document']): void {
    this.document = { path, name: fileNameOf(path), document, warnings: [] };
    this.source = path;
    this.engine.setDocumentPath(path);
    this.setDirty(false);
    if (this.closeAfterSave) {
      this.closeAfterSave = false;
      this.window.close();
    }
  }

  /** Replace this window's recovery copy with `record`, or remove it (`null`). */
  async writeAutosave(record: AutosaveRecord | null): Promise<AutosaveOutcome> {
    if (autosaveStore === null || this.autosaveSlot === null) return { status: 'failed', message: 'recovery copies are not available in this window' };
    return autosaveStore.write(this.autosaveSlot, record);
  }

  /** Unsaved work to offer this window at start-up (see AutosaveStore.recover). */
  async readAutosave(): Promise<AutosaveRecord | null> {
    if (autosaveStore === null || this.autosaveSlot === null) return null;
    return autosaveStore.recover(this.autosaveSlot);
  }

  sendMenuCommand(id: RendererCommandId): void {
    this.push('menu:command', id);
  }

  private push<C extends keyof PushChannels>(channel: C, payload: PushChannels[C]): void {
    if (!this.window.isDestroyed()) this.window.webContents.send(channel, payload);
  }

  private refreshTitle(): void {
    if (this.window.isDestroyed()) return;
    this.window.setTitle(this.title());
    // macOS shows the dot in the close button and the file's icon in the title bar.
    this.window.setDocumentEdited(this.dirty);
    if (this.path !== null) this.window.setRepresentedFilename(this.path);
  }

  private onClose(event: Electron.Event): void {
    if (!this.dirty || this.closeConfirmed) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(this.window, {
      type: 'warning',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      message: `Do you want to save the changes you made to ${this.document?.name ?? 'Untitled'}?`,
      detail: "Your changes will be lost if you don't save them.",
    });
    if (choice === 0) {
      // The renderer holds the document: it saves through the normal path, and saved() closes the window.
      this.closeAfterSave = true;
      this.sendMenuCommand('save');
    } else if (choice === 1) {
      this.closeConfirmed = true;
      this.window.close();
    }
  }
}
