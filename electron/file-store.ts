// Reading and writing .gradflow files for the desktop app (DESIGN.md §5). Saving is atomic: the text goes to a
// temporary file in the same folder, is flushed to disk (fsync), and only then renamed over the target — so a
// crash, a full disk or a permission error leaves either the old file or the new one, never a truncated mix,
// and never a stray temp file. Every failure becomes a sentence for the window; the open document is untouched.
//
// A process killed mid-save (no cleanup ran) still leaves the old file or the new one, but also its temporary
// file; opening or saving that document later removes such leftovers — only names of our exact pattern for that
// document, and only once they are old enough that no save can still be writing them.
//
// The store also records what a file on disk was when it was opened or saved (size, modification time, SHA-256
// of its bytes), so the app can notice another program changing it before a save overwrites that change.
//
// All file-system calls go through FileSystemAdapter so tests can inject EACCES, EROFS, ENOSPC at any step.

import { promises as fsp } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { loadDocument } from '../core/document/load.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { DEFAULT_DOCUMENT_LIMITS } from '../core/document/parse.ts';
import type { DocumentError, GradflowDocument } from '../core/document/types.ts';
import { fileNameOf } from './window-title.ts';

export interface FileHandleLike {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls the store makes (async: main's event loop also drives the UI). */
export interface FileSystemAdapter {
  readFile(path: string): Promise<Uint8Array>;
  stat(path: string): Promise<{ size: number; mode: number; isFile: boolean; mtimeMs: number }>;
  realpath(path: string): Promise<string>;
  open(path: string, flags: 'wx', mode: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** The names in a folder (to find temporary files a killed save left). */
  readdir(path: string): Promise<string[]>;
  /** Makes the rename itself durable (POSIX); a no-op where folders cannot be opened (Windows). */
  syncDirectory(path: string): Promise<void>;
}

export const nodeFileSystem: FileSystemAdapter = {
  readFile: (path) => fsp.readFile(path),
  stat: async (path) => {
    const s = await fsp.stat(path);
    return { size: s.size, mode: s.mode, isFile: s.isFile(), mtimeMs: s.mtimeMs };
  },
  realpath: (path) => fsp.realpath(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  readdir: (path) => fsp.readdir(path),
  syncDirectory: async (path) => {
    if (process.platform === 'win32') return;
    const handle = await fsp.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

/**
 * What a file on disk was when the app last read or wrote it. Size and modification time answer "changed?"
 * without reading; the hash tells a real change from a touch (or a program rewriting the same bytes).
 */
export interface DiskIdentity {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** A file on disk compared with the identity the app recorded. */
export type DiskCheck =
  /** The same contents (`identity` is the current one: a touched file has a new time, same hash). */
  | { status: 'unchanged'; identity: DiskIdentity }
  /** Another program changed it; `identity` is what is there now (no hash — '' — when it is too large to read or not a file). */
  | { status: 'changed'; identity: DiskIdentity }
  /** It was deleted or moved away. */
  | { status: 'missing' }
  /** It could not be looked at (permissions, I/O): nothing is known. */
  | { status: 'unknown'; reason: string };

export type OpenResult = { ok: true; document: GradflowDocument; warnings: string[]; identity: DiskIdentity } | { ok: false; message: string };
/** `identity`: the file as written, when it could be looked at again after the rename. */
export type SaveResult = { ok: true; path: string; warnings: string[]; identity: DiskIdentity | null } | { ok: false; message: string };

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** How the default temporary-name suffix looks: 6 random bytes in hex. */
const TEMP_SUFFIX = /^[0-9a-f]{12}$/;

/** The temporary file a save of `fileName` writes first: `.<name>.<suffix>.tmp`, in the same folder. */
export function temporaryNameFor(fileName: string, suffix: string): string {
  return `.${fileName}.${suffix}.tmp`;
}

/** Whether `entry` is exactly a temporary file of OUR saves of `fileName` (default suffix), nothing else. */
export function isTemporaryFileOf(entry: string, fileName: string): boolean {
  const prefix = `.${fileName}.`;
  if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) return false;
  return TEMP_SUFFIX.test(entry.slice(prefix.length, entry.length - '.tmp'.length));
}

/** A leftover temporary file younger than this may belong to a save still running (another window or app). */
export const STALE_TEMPORARY_AGE_MS = 60_000;

/** What went wrong, in words (the path is named by the caller). */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'the file or its folder does not exist';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'the disk or folder is read-only';
    case 'ENOSPC': return 'the disk is full';
    case 'EDQUOT': return 'the disk quota is used up';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'ENAMETOOLONG': return 'the path is too long';
    case 'EBUSY': return 'the file is in use by another program';
    case 'EIO': return 'the disk reported an input/output error';
    default: return error instanceof Error ? error.message : String(error);
  }
}

const MAX_LISTED_ERRORS = 8;

/** A loader's errors as lines a person can act on: "nodes[2].attributes.neurons: must be ≥ 1". */
export function formatDocumentErrors(errors: readonly DocumentError[]): string {
  const lines = errors.slice(0, MAX_LISTED_ERRORS).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  if (errors.length > MAX_LISTED_ERRORS) lines.push(`… and ${errors.length - MAX_LISTED_ERRORS} more`);
  return lines.join('\n');
}

export interface FileStoreOptions {
  /** Files larger than this are refused before they are read (the loader's own text limit by default). */
  maxBytes?: number;
  /** Names the temporary file; tests make it predictable. */
  tempSuffix?: () => string;
  /** Leftover temporary files older than this are removed on open and save (STALE_TEMPORARY_AGE_MS). */
  staleTemporaryAgeMs?: number;
}

export class FileStore {
  private readonly maxBytes: number;
  private readonly tempSuffix: () => string;
  private readonly staleTemporaryAgeMs: number;

  constructor(private readonly fs: FileSystemAdapter = nodeFileSystem, options: FileStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_DOCUMENT_LIMITS.maxTextLength;
    this.tempSuffix = options.tempSuffix ?? (() => randomBytes(6).toString('hex'));
    this.staleTemporaryAgeMs = options.staleTemporaryAgeMs ?? STALE_TEMPORARY_AGE_MS;
  }

  /** Reads and loads a document; never throws. */
  async open(path: string): Promise<OpenResult> {
    const name = fileNameOf(path);
    let bytes: Uint8Array;
    let mtimeMs: number;
    try {
      // Bounded before reading: a document is untrusted input, and a 10 GB file must not fill the memory.
      const info = await this.fs.stat(path);
      if (!info.isFile) return { ok: false, message: `Could not open ${name}: it is not a file.` };
      if (info.size > this.maxBytes) return { ok: false, message: `Could not open ${name}: it is ${Math.round(info.size / 1048576)} MB; the limit is ${Math.round(this.maxBytes / 1048576)} MB.` };
      mtimeMs = info.mtimeMs;
      bytes = await this.fs.readFile(path);
    } catch (error) {
      return { ok: false, message: `Could not open ${name}: ${describeFileError(error)}.` };
    }
    await this.removeStaleTemporaryFiles(await this.fs.realpath(path).catch(() => path));
    // The size and hash are the bytes read; were the file rewritten between stat and read, the time is older
    // than the file's, and the next check reads it again and compares hashes.
    const identity: DiskIdentity = { size: bytes.length, mtimeMs, sha256: sha256(bytes) };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, message: `Could not open ${name}: it is not a text file (not valid UTF-8).` };
    }
    // The editor opens work in progress: a shape mismatch is a warning to fix, not a file refused.
    const loaded = loadDocument(text, {}, { shapeProblems: 'warning' });
    if (!loaded.ok) return { ok: false, message: `${name} is not a valid Gradflow file:\n${formatDocumentErrors(loaded.errors)}` };
    return { ok: true, document: loaded.doc, warnings: loaded.warnings, identity };
  }

  /**
   * Compares the file at `path` with `known`; never throws. Same size and time count as unchanged without
   * reading (file systems keep nanosecond times) unless `readAlways`; otherwise the bytes are hashed, so a file
   * that was only touched is not "changed".
   */
  async checkDisk(path: string, known: DiskIdentity, { readAlways = false }: { readAlways?: boolean } = {}): Promise<DiskCheck> {
    try {
      const info = await this.fs.stat(path);
      if (!readAlways && info.size === known.size && info.mtimeMs === known.mtimeMs) return { status: 'unchanged', identity: known };
      if (!info.isFile || info.size > this.maxBytes) return { status: 'changed', identity: { size: info.size, mtimeMs: info.mtimeMs, sha256: '' } };
      const bytes = await this.fs.readFile(path);
      const identity: DiskIdentity = { size: bytes.length, mtimeMs: info.mtimeMs, sha256: sha256(bytes) };
      return identity.sha256 === known.sha256 ? { status: 'unchanged', identity } : { status: 'changed', identity };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
      return { status: 'unknown', reason: describeFileError(error) };
    }
  }

  /**
   * Removes what killed saves of `target` left: files next to it named exactly `.<name>.<12 hex>.tmp`, older
   * than the stale age. Best effort, never throws; returns the names removed. Anything else — other documents'
   * temporary files, the user's own `.tmp` files, folders, a fresh temporary file of a save still running —
   * stays.
   */
  async removeStaleTemporaryFiles(target: string): Promise<string[]> {
    const folder = dirname(target);
    const fileName = fileNameOf(target);
    const removed: string[] = [];
    const entries = await this.fs.readdir(folder).catch(() => [] as string[]);
    for (const entry of entries) {
      if (!isTemporaryFileOf(entry, fileName)) continue;
      const path = join(folder, entry);
      try {
        const info = await this.fs.stat(path);
        if (!info.isFile || Date.now() - info.mtimeMs < this.staleTemporaryAgeMs) continue;
        await this.fs.unlink(path);
        removed.push(entry);
      } catch {
        // Gone already, or not ours to remove: it stays, and opening or saving goes on.
      }
    }
    return removed;
  }

  /**
   * Writes `document` to `path` atomically; never throws. On failure nothing at `path` has changed and no
   * temporary file is left behind.
   */
  async save(path: string, document: GradflowDocument): Promise<SaveResult> {
    const name = fileNameOf(path);
    const failed = (reason: string): SaveResult => ({
      ok: false,
      message: `Could not save ${name}: ${reason}. The file on disk was not changed and your document is still open; try Save As to save it somewhere else.`,
    });
    let text: string;
    try {
      text = serializeDocument(document);
    } catch (error) {
      return failed(`the document holds a value a file cannot store (${(error as Error).message})`);
    }
    // A document that would not open again is still saved — losing the user's work would be worse — but the
    // reply says what is wrong with it.
    const reloaded = loadDocument(text, {}, { shapeProblems: 'warning' });
    const warnings = reloaded.ok ? [] : [`${name} was saved, but it will not open until this is fixed:\n${formatDocumentErrors(reloaded.errors)}`];

    // Write through a symlink to its target, and keep the file's permissions.
    let target = path;
    let mode = 0o644;
    try {
      target = await this.fs.realpath(path);
      mode = (await this.fs.stat(target)).mode & 0o777;
    } catch {
      // A new file: the path as given, default permissions.
    }
    await this.removeStaleTemporaryFiles(target);
    const bytes = new TextEncoder().encode(text);
    const written = await writeFileAtomically(this.fs, target, bytes, { mode, tempSuffix: this.tempSuffix });
    if (!written.ok) return failed(describeFileError(written.error));
    const identity = await this.fs.stat(target)
      .then((info): DiskIdentity => ({ size: bytes.length, mtimeMs: info.mtimeMs, sha256: sha256(bytes) }))
      .catch(() => null);
    return { ok: true, path, warnings, identity };
  }
}

export type AtomicWriteResult = { ok: true } | { ok: false; error: unknown };

/**
 * Replaces `target` with `bytes` atomically: a temporary file next to it (`.<name>.<suffix>.tmp`, created
 * exclusively with `mode`), written, flushed (fsync), closed, then renamed over the target. Never throws. On
 * failure `target` is as it was and the temporary file is removed; the error is returned for the caller to
 * word. After the rename, the folder is synced too (best effort: the write has succeeded by then).
 */
export async function writeFileAtomically(
  fs: FileSystemAdapter,
  target: string,
  bytes: Uint8Array,
  { mode = 0o644, tempSuffix = () => randomBytes(6).toString('hex') }: { mode?: number; tempSuffix?: () => string } = {},
): Promise<AtomicWriteResult> {
  const temp = join(dirname(target), temporaryNameFor(fileNameOf(target), tempSuffix()));
  let handle: FileHandleLike | null = null;
  let tempCreated = false;
  try {
    handle = await fs.open(temp, 'wx', mode);
    tempCreated = true;
    await handle.writeFile(bytes);
    await handle.sync();
    const closing = handle;
    handle = null;
    await closing.close();
    await fs.rename(temp, target);
    tempCreated = false;
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined);
    if (tempCreated) await fs.unlink(temp).catch(() => undefined);
    return { ok: false, error };
  }
  // The rename is done, so the write succeeded; syncing the folder only makes it survive a power cut.
  await fs.syncDirectory(dirname(target)).catch(() => undefined);
  return { ok: true };
}
