// Reading and writing .gradflow files for the desktop app (DESIGN.md §5). Saving is atomic: the text goes to a
// temporary file in the same folder, is flushed to disk (fsync), and only then renamed over the target — so a
// crash, a full disk or a permission error leaves either the old file or the new one, never a truncated mix,
// and never a stray temp file. Every failure becomes a sentence for the window; the open document is untouched.
//
// All file-system calls go through FileSystemAdapter so tests can inject EACCES, EROFS, ENOSPC at any step.

import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
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

export type OpenResult = { ok: true; document: GradflowDocument; warnings: string[] } | { ok: false; message: string };
export type SaveResult = { ok: true; path: string; warnings: string[] } | { ok: false; message: string };

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
}

export class FileStore {
  private readonly maxBytes: number;
  private readonly tempSuffix: () => string;

  constructor(private readonly fs: FileSystemAdapter = nodeFileSystem, options: FileStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_DOCUMENT_LIMITS.maxTextLength;
    this.tempSuffix = options.tempSuffix ?? (() => randomBytes(6).toString('hex'));
  }

  /** Reads and loads a document; never throws. */
  async open(path: string): Promise<OpenResult> {
    const name = fileNameOf(path);
    let bytes: Uint8Array;
    try {
      // Bounded before reading: a document is untrusted input, and a 10 GB file must not fill the memory.
      const info = await this.fs.stat(path);
      if (!info.isFile) return { ok: false, message: `Could not open ${name}: it is not a file.` };
      if (info.size > this.maxBytes) return { ok: false, message: `Could not open ${name}: it is ${Math.round(info.size / 1048576)} MB; the limit is ${Math.round(this.maxBytes / 1048576)} MB.` };
      bytes = await this.fs.readFile(path);
    } catch (error) {
      return { ok: false, message: `Could not open ${name}: ${describeFileError(error)}.` };
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, message: `Could not open ${name}: it is not a text file (not valid UTF-8).` };
    }
    // The editor opens work in progress: a shape mismatch is a warning to fix, not a file refused.
    const loaded = loadDocument(text, {}, { shapeProblems: 'warning' });
    if (!loaded.ok) return { ok: false, message: `${name} is not a valid Gradflow file:\n${formatDocumentErrors(loaded.errors)}` };
    return { ok: true, document: loaded.doc, warnings: loaded.warnings };
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
    const written = await writeFileAtomically(this.fs, target, new TextEncoder().encode(text), { mode, tempSuffix: this.tempSuffix });
    if (!written.ok) return failed(describeFileError(written.error));
    return { ok: true, path, warnings };
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
  const temp = join(dirname(target), `.${fileNameOf(target)}.${tempSuffix()}.tmp`);
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
