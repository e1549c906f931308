// Opening, saving, the examples gallery and the recent-files list: the flows behind the File menu and the
// window's openFile/saveFile calls. Electron glue over file-store.ts (which does the I/O and the messages).

import { app, dialog, type BrowserWindow } from 'electron';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { AppPaths } from './app-paths.ts';
import { DocumentWindow } from './document-window.ts';
import { FileStore } from './file-store.ts';
import type { ExampleEntry, OpenOutcome, SaveOutcome, SaveRequest } from './preload-api.ts';
import { addRecent, parseRecentList } from './recent-files.ts';
import { fileNameOf } from './window-title.ts';

const FILTERS = [{ name: 'Gradflow graph', extensions: ['gradflow'] }];

export class FileActions {
  private readonly store = new FileStore();
  private recent: string[] = [];
  private recentWrites: Promise<void> = Promise.resolve();
  private examples: ExampleEntry[] | null = null;

  constructor(private readonly paths: AppPaths, private readonly onRecentChanged: () => void) {}

  get recentFiles(): readonly string[] {
    return this.recent;
  }

  private get recentStore(): string {
    return join(app.getPath('userData'), 'recent-files.json');
  }

  async loadRecent(): Promise<void> {
    this.recent = parseRecentList(await fsp.readFile(this.recentStore, 'utf8').catch(() => null));
  }

  private remember(path: string): void {
    this.recent = addRecent(this.recent, path);
    app.addRecentDocument(path);
    this.persistRecent();
  }

  clearRecent(): void {
    this.recent = [];
    app.clearRecentDocuments();
    this.persistRecent();
  }

  /** Writes one after another, so two quick saves cannot interleave; a failure only costs the list. */
  private persistRecent(): void {
    const text = JSON.stringify(this.recent);
    this.recentWrites = this.recentWrites.then(() => fsp.writeFile(this.recentStore, text)).catch(() => undefined);
    this.onRecentChanged();
  }

  /** A new window, or the given one when it is empty and unchanged. */
  newWindow(): DocumentWindow {
    return new DocumentWindow(this.paths, null);
  }

  /**
   * Opens a file: into `into` when that window is pristine, else into a new window. A failure is returned to a
   * window that asked (`askedByWindow`: it shows the message) and otherwise shown in a native dialog.
   */
  async openPath(path: string, into?: DocumentWindow, askedByWindow = false): Promise<OpenOutcome> {
    const already = DocumentWindow.all().find((w) => w.path === path);
    if (already) {
      already.window.focus();
      return { status: 'opened', where: already === into ? 'this-window' : 'new-window' };
    }
    const result = await this.store.open(path);
    if (!result.ok) {
      if (!askedByWindow) await this.showError(into?.window, result.message);
      return { status: 'failed', message: result.message };
    }
    this.remember(path);
    const opened = { path, name: fileNameOf(path), document: result.document, warnings: result.warnings };
    if (into?.pristine) {
      into.setDocument(opened, path);
      return { status: 'opened', where: 'this-window' };
    }
    new DocumentWindow(this.paths, opened, path);
    return { status: 'opened', where: 'new-window' };
  }

  async showOpenDialog(from?: DocumentWindow, askedByWindow = false): Promise<OpenOutcome> {
    const options = { title: 'Open a Gradflow graph', filters: FILTERS, properties: ['openFile' as const] };
    const chosen = from ? await dialog.showOpenDialog(from.window, options) : await dialog.showOpenDialog(options);
    const path = chosen.filePaths[0];
    if (chosen.canceled || path === undefined) return { status: 'canceled' };
    return this.openPath(path, from, askedByWindow);
  }

  async listExamples(): Promise<ExampleEntry[]> {
    if (this.examples !== null) return this.examples;
    const files = (await fsp.readdir(this.paths.examples).catch(() => [] as string[])).filter((f) => f.endsWith('.gradflow')).sort();
    this.examples = await Promise.all(files.map(async (file) => {
      // The title is the document's own name; a file that cannot be read still appears, by file name.
      const text = await fsp.readFile(join(this.paths.examples, file), 'utf8').catch(() => '');
      let title = file.replace(/\.gradflow$/, '');
      try {
        const name = (JSON.parse(text) as { name?: unknown }).name;
        if (typeof name === 'string' && name.length > 0) title = name;
      } catch { /* keep the file name */ }
      return { file, title };
    }));
    return this.examples;
  }

  /** An example opens as a new, untitled document: saving must not try to overwrite the shipped file. */
  async openExample(file: string, into?: DocumentWindow, askedByWindow = false): Promise<OpenOutcome> {
    const entry = (await this.listExamples()).find((e) => e.file === file);
    if (entry === undefined) return { status: 'failed', message: `there is no example named ${file}` };
    const source = join(this.paths.examples, entry.file);
    const result = await this.store.open(source);
    if (!result.ok) {
      if (!askedByWindow) await this.showError(into?.window, result.message);
      return { status: 'failed', message: result.message };
    }
    const opened = { path: null, name: entry.title, document: result.document, warnings: result.warnings };
    if (into?.pristine) {
      into.setDocument(opened, source);
      return { status: 'opened', where: 'this-window' };
    }
    new DocumentWindow(this.paths, opened, source);
    return { status: 'opened', where: 'new-window' };
  }

  async save(win: DocumentWindow, request: SaveRequest): Promise<SaveOutcome> {
    const outcome = await this.saveUnlessCanceled(win, request);
    if (outcome.status !== 'saved') win.closeAfterSave = false;
    return outcome;
  }

  private async saveUnlessCanceled(win: DocumentWindow, request: SaveRequest): Promise<SaveOutcome> {
    let path = request.saveAs ? null : win.path;
    if (path === null) {
      const suggested = win.path ?? join(app.getPath('documents'), `${(win.document?.name ?? 'Untitled').replace(/[^\w .-]+/g, '').trim() || 'Untitled'}.gradflow`);
      const chosen = await dialog.showSaveDialog(win.window, { title: 'Save the graph', defaultPath: suggested, filters: FILTERS });
      if (chosen.canceled || !chosen.filePath) return { status: 'canceled' };
      path = chosen.filePath.toLowerCase().endsWith('.gradflow') ? chosen.filePath : `${chosen.filePath}.gradflow`;
    }
    // A failure goes back to the window, which shows it (error banner); the document stays open there.
    const result = await this.store.save(path, request.document);
    if (!result.ok) return { status: 'failed', message: result.message };
    win.saved(path, request.document);
    this.remember(path);
    return { status: 'saved', path, name: fileNameOf(path), warnings: result.warnings };
  }

  private async showError(parent: BrowserWindow | undefined, message: string): Promise<void> {
    const [first, ...rest] = message.split('\n');
    const options = { type: 'error' as const, message: first ?? message, detail: rest.join('\n') };
    if (parent) await dialog.showMessageBox(parent, options);
    else await dialog.showMessageBox(options);
  }
}
