// The one seam between the renderer and the platform it runs on (DESIGN.md §1). The React app depends on this
// interface only; `web-host.ts` implements it with a Web Worker and browser storage, `electron-host.ts` with
// the preload bridge. The two platforms differ in who drives files: a page reads text and the renderer
// parses it (core/document), while the desktop's main process opens, parses and saves documents itself and
// pushes them to the window — hence the optional members.

import type { GradflowDocument } from '../../core/document/types.ts';
import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { RendererCommandId } from '../../electron/commands.ts';

/** A document the host read for the renderer: raw text (checked here), or one the host already loaded. */
export type OpenedDocument = {
  /** A name to show (the file name, or the example's title). */
  name: string;
  /**
   * Where it came from, opaque to the renderer: a file path (desktop), a key of a file handle (web), or
   * `example:<name>`. Handed back to `saveDocument` so Save writes to the same place; absent = Save As.
   */
  ref?: string;
} & (
  /** The `.gradflow` text, not yet parsed: the renderer runs it through core's loader. */
  | { text: string }
  /** Parsed and checked by the host (desktop main), with what its loader noticed. */
  | { document: GradflowDocument; warnings: string[] }
);

/** A menu or shortcut command the window carries out (the desktop menu forwards these ids). */
export type MenuCommand = RendererCommandId;

/** One entry of the examples gallery (generated from assets/examples at build time). */
export interface ExampleEntry {
  /** The file name without `.gradflow`, e.g. "ch1-chain"; used in `example-<name>` test ids. */
  name: string;
  title: string;
  description?: string;
}

export interface RecentFile {
  ref: string;
  name: string;
  /** Milliseconds since the epoch, when it was last opened or saved. */
  at: number;
}

export interface SaveRequest {
  name: string;
  /** The document, and its canonical text (a page writes the text; the desktop main serializes itself). */
  document: GradflowDocument;
  text: string;
  /** The document's `ref`, if it has one; without it (or with `saveAs`) the host asks where to save. */
  ref?: string;
  saveAs?: boolean;
}

/** Where a document was saved; `null` from `saveDocument` means the user cancelled. */
export interface SavedDocument {
  name: string;
  ref?: string;
}

export interface AutosaveRecord {
  name: string;
  text: string;
  ref?: string;
  savedAt: number;
}

export interface Host {
  readonly kind: 'web' | 'electron';

  listExamples(): Promise<ExampleEntry[]>;
  /** `null`: the host opens it itself and delivers it through `onDocument` (desktop). */
  openExample(name: string): Promise<OpenedDocument | null>;
  /** Ask the user for a document; `null` when they cancel or when it arrives through `onDocument`. */
  openDocument(): Promise<OpenedDocument | null>;
  /** Throws with a message a person can read when nothing could be written. */
  saveDocument(request: SaveRequest): Promise<SavedDocument | null>;

  /** The document this window was opened with (desktop: a file association, a new window). */
  initialDocument?(): Promise<OpenedDocument | null>;
  /** Documents the host opens into this window on its own (desktop: Open, Examples and Recent in the menu). */
  onDocument?(listener: (document: OpenedDocument) => void): () => void;
  /** Commands from a native menu (desktop); the web build binds the same shortcuts in the page. */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
  /** Tell the host about unsaved changes (desktop: title marker, prompt on close; web: the leave-page prompt). */
  setDirty?(dirty: boolean): void;

  /** Recent files, where the page keeps them (the desktop lists them in its File menu instead). */
  recentFiles?(): Promise<RecentFile[]>;
  openRecent?(ref: string): Promise<OpenedDocument | null>;
  /**
   * Take a file `openDocument` just listed off the recent files again: it could not be opened (the desktop's
   * main process parses first and lists only what opened).
   */
  forgetRecent?(ref: string): Promise<void>;

  /** Keep a copy of unsaved work (crash recovery); `null` clears it once the work is saved. */
  autosave?(record: AutosaveRecord | null): Promise<void>;
  readAutosave?(): Promise<AutosaveRecord | null>;

  /**
   * Let the user pick a data file a document names. Only a page needs this (it cannot resolve paths,
   * DESIGN.md §5); the desktop host reads data files itself and leaves it undefined.
   */
  pickDataFile?(path: string): Promise<Uint8Array | null>;
  /** Let the user pick a new data file (the inspector's "Choose file…"): its name and bytes (web build only). */
  pickNamedDataFile?(): Promise<{ name: string; bytes: Uint8Array } | null>;

  /** Send a command to the engine; fire and forget, answers come back as telemetry. */
  send(command: EngineCommand): void;
  /** Listen to the engine; returns the unsubscribe function. */
  onTelemetry(listener: (telemetry: Telemetry) => void): () => void;

  dispose(): void;
}
