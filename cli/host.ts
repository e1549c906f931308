// All of the CLI's file I/O: reading documents and data (the Node DataHost core/ asks for bytes), the
// built-in dataset assets, and the atomic save. Everything goes through a FileSystem object so tests can
// inject failures (a rename that fails, a disk that fills up) and check that nothing partial is left.
//
// Paths: the DataHost resolves a data path relative to the document's folder (that is what a path inside a
// document means). Paths typed on the command line are made absolute against the working directory before
// they get here, so they pass through unchanged.

import * as fs from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeText } from '../core/data/decode.ts';
import type { BuiltinAsset, DataHost } from '../core/data/prepare.ts';
import { CliError } from './errors.ts';

/** What the CLI needs to know about a path (fs.Stats has it all). */
export interface FileInfo {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  size: number;
  mode: number;
}

/** The part of node:fs the CLI uses. */
export interface FileSystem {
  statSync(path: string): FileInfo;
  lstatSync(path: string): FileInfo;
  realpathSync(path: string): string;
  accessSync(path: string, mode: number): void;
  readFileSync(path: string): Uint8Array;
  openSync(path: string, flags: string, mode?: number): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fchmodSync(fd: number, mode: number): void;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
}

export const nodeFileSystem: FileSystem = {
  statSync: (path) => fs.statSync(path),
  lstatSync: (path) => fs.lstatSync(path),
  realpathSync: (path) => fs.realpathSync(path),
  accessSync: (path, mode) => fs.accessSync(path, mode),
  readFileSync: (path) => fs.readFileSync(path),
  openSync: (path, flags, mode) => fs.openSync(path, flags, mode),
  writeSync: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fchmodSync: (fd, mode) => fs.fchmodSync(fd, mode),
  fsyncSync: (fd) => fs.fsyncSync(fd),
  closeSync: (fd) => fs.closeSync(fd),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
};

/** How much the CLI reads: a file on disk, and what a gzip file may decompress to (a gzip bomb stops there). */
export interface ReadLimits {
  maxFileBytes: number;
  maxDecompressedBytes: number;
}

/** 2 GiB (less one byte: the most node reads into one buffer) for both. */
export const DEFAULT_READ_LIMITS: ReadLimits = { maxFileBytes: 2 ** 31 - 1, maxDecompressedBytes: 2 ** 31 - 1 };

/** "512 bytes", "1.5 MiB", "2 GiB". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${Number(value.toPrecision(3))} ${units[unit]}`;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm install` (scripts/build-assets.mjs) puts the built-in datasets. */
export const DEFAULT_ASSETS_DIR = join(REPO_ROOT, 'assets', 'data');

/** "no such file" rather than "ENOENT: no such file or directory, open '/x'" (the path is already named). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EISDIR': return 'it is a folder, not a file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ENOSPC': return 'the disk is full';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'ELOOP': return 'too many symbolic links (a loop?)';
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
  readonly limits: ReadLimits;

  constructor(
    readonly files: FileSystem = nodeFileSystem,
    readonly assetsDir: string = DEFAULT_ASSETS_DIR,
    limits: Partial<ReadLimits> = {},
  ) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...limits };
  }

  /**
   * A file's bytes, gzip-decompressed when it is gzip; `what` names it in the error ("data file"). Only a
   * regular file is read (a device such as /dev/zero never ends, a FIFO blocks), and only up to the limits.
   */
  readBytes(path: string, what: string): Uint8Array {
    const cannot = (reason: string) => new CliError(`cannot read ${what} ${path}: ${reason}`);
    const { maxFileBytes, maxDecompressedBytes } = this.limits;
    let bytes: Uint8Array;
    try {
      const info = this.files.statSync(path);
      if (info.isDirectory()) throw cannot('it is a folder, not a file');
      if (!info.isFile()) throw cannot('it is not a regular file (a device, pipe or socket cannot be read as data)');
      if (info.size > maxFileBytes) throw cannot(`it is ${formatBytes(info.size)}, more than the ${formatBytes(maxFileBytes)} Gradflow reads`);
      bytes = this.files.readFileSync(path);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw cannot(describeFsError(error));
    }
    // The file may have grown between the check and the read.
    if (bytes.length > maxFileBytes) throw cannot(`it is ${formatBytes(bytes.length)}, more than the ${formatBytes(maxFileBytes)} Gradflow reads`);
    if (!isGzip(bytes)) {
      if (/\.gz$/i.test(path)) throw cannot('its name ends in .gz but it is not gzip-compressed');
      return bytes;
    }
    try {
      return gunzipSync(bytes, { maxOutputLength: maxDecompressedBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw cannot(`it decompresses to more than ${formatBytes(maxDecompressedBytes)}, the most Gradflow reads`);
      }
      throw cannot(`it looks gzip-compressed but does not decompress (${(error as Error).message})`);
    }
  }

  /** A file as UTF-8 text; UTF-16, binary or too-large-for-a-string files are refused naming the file. */
  readText(path: string, what: string): string {
    const decoded = decodeText(this.readBytes(path, what), `${what} ${path}`);
    if (!decoded.ok) throw new CliError(decoded.error.message);
    return decoded.text;
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
   * Where saving to `path` writes, checked before any work is done: a symbolic link is followed to its
   * target (the link stays a link), the target must not be a folder or a special file, and its folder must
   * exist and be writable. Throws a CliError naming the problem.
   */
  saveTarget(path: string): { path: string; mode?: number } {
    const cannot = (reason: string) => new CliError(`cannot save ${path}: ${reason}`);
    let target = path;
    let existing: FileInfo | undefined;
    try {
      if (this.files.lstatSync(path).isSymbolicLink()) {
        try {
          target = this.files.realpathSync(path);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw cannot(code === 'ENOENT' ? 'it is a symbolic link to a file that does not exist' : describeFsError(error));
        }
      }
      existing = this.files.statSync(target);
    } catch (error) {
      if (error instanceof CliError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannot(describeFsError(error));
    }
    if (existing?.isDirectory()) throw cannot('it is a folder');
    if (existing && !existing.isFile()) throw cannot('it is not a regular file');
    const folder = dirname(target);
    try {
      if (!this.files.statSync(folder).isDirectory()) throw cannot(`${folder} is not a folder`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw cannot(code === 'ENOENT' ? `the folder ${folder} does not exist` : `the folder ${folder}: ${describeFsError(error)}`);
    }
    try {
      this.files.accessSync(folder, fs.constants.W_OK);
    } catch {
      throw cannot(`the folder ${folder} is not writable`);
    }
    return existing ? { path: target, mode: existing.mode & 0o7777 } : { path: target };
  }

  /**
   * Write `text` to `path` so that the file is either the old one or the complete new one, never partial:
   * write a temporary file beside it (created new, never reusing one that exists), flush it to disk, then
   * rename it over the target (atomic on POSIX). An existing file keeps its permissions; a symbolic link
   * stays a link and its target is replaced.
   */
  saveAtomically(path: string, text: string | Uint8Array): void {
    const target = this.saveTarget(path);
    const temporary = join(dirname(target.path), `${basename(target.path)}.tmp-${process.pid}`);
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    let fd: number | undefined;
    let created = false;
    try {
      fd = this.files.openSync(temporary, 'wx', target.mode ?? 0o644);
      created = true;
      // open's mode is filtered by the umask: set the old file's mode exactly.
      if (target.mode !== undefined) this.files.fchmodSync(fd, target.mode);
      for (let offset = 0; offset < bytes.length;) offset += this.files.writeSync(fd, bytes, offset, bytes.length - offset);
      this.files.fsyncSync(fd);
      this.files.closeSync(fd);
      fd = undefined;
      this.files.renameSync(temporary, target.path);
    } catch (error) {
      if (fd !== undefined) {
        try { this.files.closeSync(fd); } catch { /* already failing; the first error is the one to report */ }
      }
      // Only a temporary this run created is removed: one that was already there is not ours.
      if (created) try { this.files.unlinkSync(temporary); } catch { /* nothing more to do */ }
      const reason = (error as NodeJS.ErrnoException).code === 'EEXIST'
        ? `the temporary file ${temporary} already exists (left by an earlier run?); remove it and save again`
        : describeFsError(error);
      throw new CliError(`cannot save ${path}: ${reason} (the file was not changed)`);
    }
    this.syncFolder(dirname(target.path));
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
