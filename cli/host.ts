// All of the CLI's file I/O: reading documents and data (the Node DataHost core/ asks for bytes), the
// built-in dataset assets, and the atomic save. Everything goes through a FileSystem object so tests can
// inject failures (a rename that fails, a disk that fills up) and check that nothing partial is left.
//
// Paths: the DataHost resolves a data path relative to the document's folder (that is what a path inside a
// document means). Paths typed on the command line are made absolute against the working directory before
// they get here, so they pass through unchanged.

import * as fs from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { BuiltinAsset, DataHost } from '../core/data/prepare.ts';
import { CliError } from './errors.ts';

/** The part of node:fs the CLI uses. */
export interface FileSystem {
  readFileSync(path: string): Uint8Array;
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

export const nodeFileSystem: FileSystem = {
  readFileSync: (path) => fs.readFileSync(path),
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
};

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm install` (scripts/build-assets.mjs) puts the built-in datasets. */
export const DEFAULT_ASSETS_DIR = join(REPO_ROOT, 'assets', 'data');
/** A gzip bomb must not take the machine down: decompressed data beyond this is refused. */
const MAX_DECOMPRESSED_BYTES = 2 ** 31 - 1;

/** "no such file" rather than "ENOENT: no such file or directory, open '/x'" (the path is already named). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOSPC': return 'the disk is full';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    default: return error instanceof Error ? error.message : String(error);
  }
}

const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** A data host that also tells which files it read from outside the document's folder. */
export interface CliDataHost extends DataHost {
  /** One line per data file read from outside the document's folder (DESIGN.md §5: the CLI prints them). */
  readonly notices: string[];
}

export class CliHost {
  constructor(
    readonly files: FileSystem = nodeFileSystem,
    readonly assetsDir: string = DEFAULT_ASSETS_DIR,
  ) {}

  /** A file's bytes, gzip-decompressed when it is gzip; `what` names it in the error ("data file"). */
  readBytes(path: string, what: string): Uint8Array {
    let bytes: Uint8Array;
    try {
      bytes = this.files.readFileSync(path);
    } catch (error) {
      throw new CliError(`cannot read ${what} ${path}: ${describeFsError(error)}`);
    }
    if (!isGzip(bytes)) return bytes;
    try {
      return gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    } catch (error) {
      throw new CliError(`cannot read ${what} ${path}: it looks gzip-compressed but does not decompress (${(error as Error).message})`);
    }
  }

  readText(path: string, what: string): string {
    return new TextDecoder('utf-8').decode(this.readBytes(path, what));
  }

  /**
   * The DataHost for one document: relative data paths are relative to the document's folder.
   * `inMemory` serves files the CLI made itself (predict's input rows) by their absolute path.
   */
  dataHost(documentPath: string, commandLinePaths: ReadonlySet<string> = new Set(), inMemory: ReadonlyMap<string, Uint8Array> = new Map()): CliDataHost {
    const folder = dirname(resolve(documentPath));
    const notices: string[] = [];
    const noticed = new Set<string>();
    return {
      notices,
      readFile: async (path: string) => {
        const full = resolve(folder, path);
        const made = inMemory.get(full);
        if (made) return made;
        const inside = relative(folder, full);
        const outside = inside.startsWith('..') || isAbsolute(inside);
        // A path the user typed is read on purpose; a path a document names outside its folder is shown.
        if (outside && !commandLinePaths.has(full) && !noticed.has(full)) {
          noticed.add(full);
          notices.push(`reading ${full} (outside the document's folder)`);
        }
        return this.readBytes(full, 'data file');
      },
      readAsset: async (name: BuiltinAsset) => {
        const path = join(this.assetsDir, name);
        try {
          return this.files.readFileSync(path);
        } catch (error) {
          const reason = describeFsError(error);
          const fix = reason === 'no such file' ? '; run npm install (or npm run build:assets) to build the built-in datasets' : '';
          throw new CliError(`the built-in dataset file ${path} cannot be read: ${reason}${fix}`);
        }
      },
    };
  }

  /**
   * Write `text` to `path` so that the file is either the old one or the complete new one, never partial:
   * write a temporary file beside it, flush it to disk, then rename it over the target (atomic on POSIX).
   */
  saveAtomically(path: string, text: string): void {
    const temporary = `${path}.tmp-${process.pid}`;
    const bytes = new TextEncoder().encode(text);
    let fd: number | undefined;
    try {
      fd = this.files.openSync(temporary, 'w', 0o644);
      for (let offset = 0; offset < bytes.length;) offset += this.files.writeSync(fd, bytes, offset, bytes.length - offset);
      this.files.fsyncSync(fd);
      this.files.closeSync(fd);
      fd = undefined;
      this.files.renameSync(temporary, path);
    } catch (error) {
      if (fd !== undefined) {
        try { this.files.closeSync(fd); } catch { /* already failing; the first error is the one to report */ }
      }
      try { this.files.unlinkSync(temporary); } catch { /* it may never have been created */ }
      throw new CliError(`cannot save ${path}: ${describeFsError(error)} (the file was not changed)`);
    }
    this.syncFolder(dirname(path));
  }

  /** Make the rename itself durable; not every platform lets a folder be opened, so this is best effort. */
  private syncFolder(folder: string): void {
    let fd: number | undefined;
    try {
      fd = this.files.openSync(folder, 'r');
      this.files.fsyncSync(fd);
    } catch {
      // The file is complete either way; only a power cut right now could lose the rename.
    } finally {
      if (fd !== undefined) try { this.files.closeSync(fd); } catch { /* nothing left to do */ }
    }
  }

  /** The version in package.json, for `gradflow --version`. */
  version(): string {
    const text = this.readText(join(REPO_ROOT, 'package.json'), 'package file');
    return (JSON.parse(text) as { version: string }).version;
  }
}
