// Opening, saving, the examples gallery and the recent-files list: the flows behind the File menu and the
// window's openFile/saveFile calls. Electron glue over file-store.ts (which does the I/O and the messages).
//
// It also notices another program changing a window's file: what the file was when the window opened or saved
// it is kept here, compared before Save overwrites it and whenever the window comes to the front, and a change
// is put to the user as a question (disk-change-questions.ts) — never overwritten or reloaded silently.

import { app, dialog, type BrowserWindow } from 'electron';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { AppPaths } from './app-paths.ts';
import { DocumentWindow } from './document-window.ts';
import { changedOnDiskAnswer, changedOnDiskQuestion, saveConflictAnswer, saveConflictQuestion, type SaveConflictAnswer } from './disk-change-questions.ts';
import { FileStore, type DiskIdentity } from './file-store.ts';
import type { ExampleEntry, OpenOutcome, SaveOutcome, SaveRequest } from './preload-api.ts';
import { addRecent, parseRecentList } from './recent-files.ts';
import { fileNameOf } from './window-title.ts';

const FILTERS = [{ name: 'Gradflow graph', extensions: ['gradflow'] }];

export class FileActions {
  private readonly store = new FileStore();
  private recent: string[] = [];
  private recentWrites: Promise<void> = Promise.resolve();
  private examples: ExampleEntry[] | null = null;
  /** What each window's file was when the window last opened, saved or reloaded it (windows with a path). */
  private readonly onDisk = new WeakMap<DocumentWindow, DiskIdentity>();
  /** Windows whose focus is watched (each once). */
  private readonly watched = new WeakSet<DocumentWindow>();
  /** Saves and checks running per window: a focus then checks nothing (a message box itself refocuses). */
  private readonly busy = new WeakMap<DocumentWindow, number>();

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
    return this.watch(new DocumentWindow(this.paths, null));
  }

  private watch(win: DocumentWindow): DocumentWindow {
    if (!this.watched.has(win)) {
      this.watched.add(win);
      win.window.on('focus', () => void this.checkOnFocus(win));
    }
    return win;
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
      this.onDisk.set(this.watch(into), result.identity);
      return { status: 'opened', where: 'this-window' };
    }
    this.onDisk.set(this.watch(new DocumentWindow(this.paths, opened, path)), result.identity);
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
      this.onDisk.delete(into);
      return { status: 'opened', where: 'this-window' };
    }
    this.watch(new DocumentWindow(this.paths, opened, source));
    return { status: 'opened', where: 'new-window' };
  }

  async save(win: DocumentWindow, request: SaveRequest): Promise<SaveOutcome> {
    this.watch(win);
    return this.whileBusy(win, async () => {
      const outcome = await this.saveUnlessCanceled(win, request);
      if (outcome.status !== 'saved') win.closeAfterSave = false;
      return outcome;
    });
  }

  private async whileBusy<T>(win: DocumentWindow, work: () => Promise<T>): Promise<T> {
    this.busy.set(win, (this.busy.get(win) ?? 0) + 1);
    try {
      return await work();
    } finally {
      this.busy.set(win, (this.busy.get(win) ?? 1) - 1);
    }
  }

  private async saveUnlessCanceled(win: DocumentWindow, request: SaveRequest): Promise<SaveOutcome> {
    let path = request.saveAs ? null : win.path;
    if (path !== null) {
      const answer = await this.confirmOverwrite(win, path);
      if (answer === 'cancel') return { status: 'canceled' };
      if (answer === 'save-as') path = null;
    }
    if (path === null) {
      const suggested = win.path ?? join(app.getPath('documents'), `${(win.document?.name ?? 'Untitled').replace(/[^\w .-]+/g, '').trim() || 'Untitled'}.gradflow`);
      const chosen = await dialog.showSaveDialog(win.window, { title: 'Save the graph', defaultPath: suggested, filters: FILTERS });
      if (chosen.canceled || !chosen.filePath) return { status: 'canceled' };
      path = chosen.filePath.toLowerCase().endsWith('.gradflow') ? chosen.filePath : `${chosen.filePath}.gradflow`;
    }
    // A failure goes back to the window, which shows it (error banner); the document stays open there.
    const result = await this.store.save(path, request.document);
    if (!result.ok) return { status: 'failed', message: result.message };
    if (result.identity !== null) this.onDisk.set(win, result.identity);
    else this.onDisk.delete(win);
    win.saved(path, request.document);
    this.remember(path);
    return { status: 'saved', path, name: fileNameOf(path), warnings: result.warnings };
  }

  /**
   * Save is about to replace the window's own file: if another program changed it since the window opened or
   * saved it, ask first. A file that is gone, or cannot be looked at, is written as usual (the write reports
   * its own errors).
   */
  private async confirmOverwrite(win: DocumentWindow, path: string): Promise<SaveConflictAnswer> {
    const known = this.onDisk.get(win);
    if (known === undefined) return 'overwrite';
    // Read every time: a save is rare, and a same-size rewrite within one clock tick must not slip through.
    const check = await this.store.checkDisk(path, known, { readAlways: true });
    if (check.status !== 'changed') return 'overwrite';
    const { response } = await dialog.showMessageBox(win.window, saveConflictQuestion(fileNameOf(path)));
    return saveConflictAnswer(response);
  }

  /**
   * The window came to the front: if its file changed meanwhile, ask whether to reload it. Whatever the answer,
   * that version of the file is not asked about again (Keep means Save may replace it, as the question says).
   */
  private async checkOnFocus(win: DocumentWindow): Promise<void> {
    const path = win.path;
    const known = this.onDisk.get(win);
    if (path === null || known === undefined || (this.busy.get(win) ?? 0) > 0) return;
    await this.whileBusy(win, async () => {
      const check = await this.store.checkDisk(path, known);
      // A save or an open that finished meanwhile has recorded a newer identity: this check is out of date.
      if (win.window.isDestroyed() || win.path !== path || this.onDisk.get(win) !== known) return;
      if (check.status === 'unchanged') {
        this.onDisk.set(win, check.identity);
        return;
      }
      // A deleted file is written again by the next Save; one that cannot be looked at is not a change.
      if (check.status !== 'changed') return;
      const { question, answers } = changedOnDiskQuestion(fileNameOf(path), win.dirty);
      const { response } = await dialog.showMessageBox(win.window, question);
      if (win.window.isDestroyed()) return;
      this.onDisk.set(win, check.identity);
      const answer = changedOnDiskAnswer(answers, response);
      if (answer === 'reload') await this.reload(win, path);
      else if (answer === 'save-as') win.sendMenuCommand('save-as');
    });
  }

  /** Replaces the window's document with the file as it is now; a file that no longer opens changes nothing. */
  private async reload(win: DocumentWindow, path: string): Promise<void> {
    const result = await this.store.open(path);
    if (win.window.isDestroyed()) return;
    if (!result.ok) {
      await this.showError(win.window, `${result.message}\nThis window keeps its own version of the document; saving it replaces the file.`);
      return;
    }
    win.setDocument({ path, name: fileNameOf(path), document: result.document, warnings: result.warnings }, path);
    this.onDisk.set(win, result.identity);
  }

  private async showError(parent: BrowserWindow | undefined, message: string): Promise<void> {
    const [first, ...rest] = message.split('\n');
    const options = { type: 'error' as const, message: first ?? message, detail: rest.join('\n') };
    if (parent) await dialog.showMessageBox(parent, options);
    else await dialog.showMessageBox(options);
  }
}
