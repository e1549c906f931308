// Crash recovery for the desktop app (DESIGN.md §7: "autosave and recovery after a crash"). Each window gets a
// slot — a random id chosen here, never by the page — and its unsaved work is kept in `<dir>/<slot>.autosave`
// (dir = <userData>/autosave), written atomically like a saved document (file-store.ts: temp file, fsync,
// rename), so a crash mid-write leaves the previous copy, not a torn one.
//
// Who gets what at start-up: a window asking for recovery gets its own file if it has one (its page was
// reloaded, e.g. after the renderer crashed), else the newest file that belongs to no live window — one a
// crashed or killed session left — which is then renamed to the asking window's slot: a second window is not
// offered the same work, and the first window's discard (or save, or clean close) deletes it. A copy offered to
// a window that has not answered yet (no write, no discard) survives the window closing, for the next window.
//
// A file is untrusted input: its size is checked before it is read, and an unreadable, oversized or corrupt
// file is "nothing to recover" plus a logged warning (it is set aside as `.corrupt` so it is not read again).
// Every operation is queued one after another, so a write cannot land after the delete that followed it, and
// two windows cannot claim the same file. No operation throws.

import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AUTOSAVE_LIMITS, decodeAutosave, encodeAutosave, validateAutosaveRecord } from './autosave-format.ts';
import { describeFileError, nodeFileSystem, writeFileAtomically, type FileSystemAdapter } from './file-store.ts';
import type { AutosaveOutcome, AutosaveRecord } from './preload-api.ts';

/** The file-system calls the store makes beyond the document store's. */
export interface AutosaveFileSystem extends FileSystemAdapter {
  readdir(path: string): Promise<string[]>;
  /** Creates the folder and its parents; no error when it exists. */
  mkdir(path: string): Promise<void>;
}

export const nodeAutosaveFileSystem: AutosaveFileSystem = {
  ...nodeFileSystem,
  readdir: (path) => fsp.readdir(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true, mode: 0o700 });
  },
};

export interface AutosaveStoreOptions {
  fs?: AutosaveFileSystem;
  /** The largest document text kept, in UTF-8 bytes (the document limit by default). */
  maxTextBytes?: number;
  /** Where warnings go (a corrupt file, a failed delete): the log by default. */
  warn?: (line: string) => void;
  /** Names slots; tests make them predictable. Must return 16 lowercase hex digits. */
  newSlotId?: () => string;
  tempSuffix?: () => string;
}

const SLOT_FILE = /^([0-9a-f]{16})\.autosave$/;
const TEMP_FILE = /^\.[0-9a-f]{16}\.autosave\.[0-9a-z]+\.tmp$/;
const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;

interface SlotState {
  /** Its copy was offered to the window (its own, or claimed) and the window has not written or discarded since. */
  offerUnanswered: boolean;
}

export class AutosaveStore {
  private readonly fs: AutosaveFileSystem;
  private readonly maxTextBytes: number;
  private readonly warn: (line: string) => void;
  private readonly newSlotId: () => string;
  private readonly tempSuffix: (() => string) | undefined;
  private readonly live = new Map<string, SlotState>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string, options: AutosaveStoreOptions = {}) {
    this.fs = options.fs ?? nodeAutosaveFileSystem;
    this.maxTextBytes = options.maxTextBytes ?? AUTOSAVE_LIMITS.maxTextLength;
    this.warn = options.warn ?? ((line) => console.warn(`gradflow: ${line}`));
    this.newSlotId = options.newSlotId ?? (() => randomBytes(8).toString('hex'));
    this.tempSuffix = options.tempSuffix;
  }

  /** The largest file read back: the text limit plus the header line. */
  get maxFileBytes(): number {
    return this.maxTextBytes + AUTOSAVE_LIMITS.maxHeaderBytes;
  }

  /** A slot for a new window: an id no file has, live until `detach`. */
  attach(): string {
    for (;;) {
      const id = this.newSlotId();
      if (!/^[0-9a-f]{16}$/.test(id)) throw new Error(`autosave: a slot id must be 16 hex digits, not "${id}"`);
      if (!this.live.has(id)) {
        this.live.set(id, { offerUnanswered: false });
        return id;
      }
    }
  }

  /** The ids of the live slots (the windows of this session). */
  liveSlots(): string[] {
    return [...this.live.keys()];
  }

  fileOf(slot: string): string {
    return join(this.dir, `${slot}.autosave`);
  }

  /** Replaces the slot's copy with `record`, or removes it (`null`). A failure leaves the previous copy as it was. */
  write(slot: string, record: AutosaveRecord | null): Promise<AutosaveOutcome> {
    return this.serially(async () => {
      const state = this.live.get(slot);
      if (state === undefined) return { status: 'failed', message: 'this window is closed' };
      state.offerUnanswered = false;
      const path = this.fileOf(slot);
      if (record === null) {
        const removed = await this.remove(path);
        return removed === null ? { status: 'done' } : { status: 'failed', message: `could not remove the recovery copy in ${this.dir}: ${removed}` };
      }
      // Checked again here (main's own callers do not go through IPC), against this store's limit in bytes.
      const checked = validateAutosaveRecord(record, { maxTextLength: this.maxTextBytes });
      if (!checked.ok) return { status: 'failed', message: `the recovery copy was refused: ${checked.error}` };
      const textBytes = Buffer.byteLength(checked.value.text, 'utf8');
      if (textBytes > this.maxTextBytes) {
        return { status: 'failed', message: `the document is too large to keep a recovery copy (${megabytes(textBytes)}; the limit is ${megabytes(this.maxTextBytes)})` };
      }
      const bytes = new TextEncoder().encode(encodeAutosave(checked.value));
      const unchanged = 'the previous recovery copy, if there was one, is unchanged';
      try {
        await this.fs.mkdir(this.dir);
      } catch (error) {
        return { status: 'failed', message: `${describeFileError(error)} (could not create ${this.dir}); ${unchanged}` };
      }
      const written = await writeFileAtomically(this.fs, path, bytes, { mode: 0o600, ...(this.tempSuffix ? { tempSuffix: this.tempSuffix } : {}) });
      return written.ok ? { status: 'done' } : { status: 'failed', message: `${describeFileError(written.error)} (writing in ${this.dir}); ${unchanged}` };
    });
  }

  /**
   * Unsaved work for the window in `slot` to offer: its own copy, else the newest one no live window owns,
   * claimed for this slot. Null when there is none (or none that could be read: each problem is logged).
   */
  recover(slot: string): Promise<AutosaveRecord | null> {
    return this.serially(async () => {
      const state = this.live.get(slot);
      if (state === undefined) return null;
      let names: string[];
      try {
        names = await this.fs.readdir(this.dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`could not look for recovery copies in ${this.dir}: ${describeFileError(error)}`);
        return null;
      }
      // Nothing is being written while this runs (operations are queued), so a temporary file is a leftover
      // of a write a crash interrupted.
      for (const name of names.filter((n) => TEMP_FILE.test(n))) await this.fs.unlink(join(this.dir, name)).catch(() => undefined);

      const own = this.fileOf(slot);
      if (names.includes(`${slot}.autosave`)) {
        const record = await this.readCopy(own);
        if (record !== null) {
          state.offerUnanswered = true;
          return record;
        }
      }
      const orphans: { path: string; mtimeMs: number }[] = [];
      for (const name of names) {
        const id = SLOT_FILE.exec(name)?.[1];
        if (id === undefined || this.live.has(id)) continue;
        const path = join(this.dir, name);
        try {
          const info = await this.fs.stat(path);
          if (info.isFile) orphans.push({ path, mtimeMs: info.mtimeMs });
        } catch (error) {
          this.warn(`ignored the recovery copy ${path}: ${describeFileError(error)}`);
        }
      }
      orphans.sort((a, b) => b.mtimeMs - a.mtimeMs || a.path.localeCompare(b.path));
      for (const { path } of orphans) {
        const record = await this.readCopy(path);
        if (record === null) continue;
        try {
          await this.fs.rename(path, own);
          state.offerUnanswered = true;
        } catch (error) {
          // Still offered: losing the work would be worse than offering it again to a later window.
          this.warn(`could not take over the recovery copy ${path} for a window: ${describeFileError(error)}`);
        }
        return record;
      }
      return null;
    });
  }

  /**
   * The window closed: its copy is removed (saved, or the user chose not to save), unless `keepFile` (its page
   * crashed and the work is unsaved) or its copy was offered and never answered — those wait for the next window.
   */
  detach(slot: string, { keepFile = false }: { keepFile?: boolean } = {}): Promise<void> {
    return this.serially(async () => {
      const state = this.live.get(slot);
      if (state === undefined) return;
      this.live.delete(slot);
      if (keepFile || state.offerUnanswered) return;
      const removed = await this.remove(this.fileOf(slot));
      if (removed !== null) this.warn(`could not remove the recovery copy ${this.fileOf(slot)}: ${removed}`);
    });
  }

  /**
   * The app is quitting: every window still attached is detached (as on a clean close), and this resolves once
   * that and every operation queued before (the deletes of windows that already closed) are done.
   */
  async detachAll(): Promise<void> {
    await Promise.all(this.liveSlots().map((slot) => this.detach(slot)));
    await this.settled();
  }

  /** Resolves once every operation asked for so far has finished. */
  settled(): Promise<void> {
    return this.serially(async () => undefined);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Null when the file is gone or was removed; otherwise why it could not be removed. */
  private async remove(path: string): Promise<string | null> {
    try {
      await this.fs.unlink(path);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : describeFileError(error);
    }
  }

  /** A copy read and checked, or null with a warning; a copy that is not one is set aside so it is read once. */
  private async readCopy(path: string): Promise<AutosaveRecord | null> {
    const setAside = async (reason: string) => {
      const aside = `${path}.corrupt`;
      const moved = await this.fs.rename(path, aside).then(() => true, () => false);
      this.warn(`ignored the recovery copy ${path}: ${reason}${moved ? ` (kept as ${aside})` : ''}`);
      return null;
    };
    let bytes: Uint8Array;
    try {
      const info = await this.fs.stat(path);
      if (!info.isFile) return null;
      if (info.size > this.maxFileBytes) return setAside(`it is ${megabytes(info.size)}, over the ${megabytes(this.maxFileBytes)} limit`);
      bytes = await this.fs.readFile(path);
    } catch (error) {
      this.warn(`could not read the recovery copy ${path}: ${describeFileError(error)}`);
      return null;
    }
    // The file may have grown between stat and read.
    if (bytes.length > this.maxFileBytes) return setAside(`it is ${megabytes(bytes.length)}, over the ${megabytes(this.maxFileBytes)} limit`);
    let contents: string;
    try {
      contents = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return setAside('it is not text (not valid UTF-8)');
    }
    const decoded = decodeAutosave(contents, { maxTextLength: this.maxTextBytes });
    return decoded.ok ? decoded.value : setAside(decoded.error);
  }
}
