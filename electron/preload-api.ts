// What the desktop preload exposes to the page as `window.gradflow` — the type the renderer's Electron Host
// implements against. Types only (plus the key name): renderer/ may import this file, and it must not pull in
// Node or Electron.

import type { GradflowDocument } from '../core/document/types.ts';
import type { EngineCommand } from '../core/protocol/commands.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import type { RendererCommandId } from './commands.ts';

/** The global the preload defines: `window.gradflow`. */
export const DESKTOP_API_KEY = 'gradflow';

/** A document as main opened it for a window. */
export interface WindowDocument {
  /** Absolute path of the file, or null for a new document or an example (saving asks for a place). */
  path: string | null;
  /** What the title bar shows: the file name, or the example's / "Untitled". */
  name: string;
  document: GradflowDocument;
  /** Things the loader fixed or noticed (an unconnected port, a migration), for the user to read. */
  warnings: string[];
}

export interface ExampleEntry {
  /** File name inside assets/examples. */
  file: string;
  /** The document's own name. */
  title: string;
}

export type OpenOutcome =
  /** The document arrives through onDocument when it opened in this window. */
  | { status: 'opened'; where: 'this-window' | 'new-window' }
  | { status: 'canceled' }
  | { status: 'failed'; message: string };

export type SaveOutcome =
  | { status: 'saved'; path: string; name: string; warnings: string[] }
  | { status: 'canceled' }
  /** Nothing was written; the file on disk and the open document are both as they were. */
  | { status: 'failed'; message: string };

export interface SaveRequest {
  document: GradflowDocument;
  /** Ask where to save even when the document has a path. */
  saveAs: boolean;
}

/** Unsaved work kept for crash recovery (the renderer Host's AutosaveRecord). */
export interface AutosaveRecord {
  /** The document's name, for the recovery offer. */
  name: string;
  /** The document's `.gradflow` text. */
  text: string;
  /** Where the document came from (its path), handed back as is; main never writes there because of it. */
  ref?: string;
  /** Milliseconds since the epoch. */
  savedAt: number;
}

export type AutosaveOutcome =
  | { status: 'done' }
  /** Nothing changed on disk: the previous recovery copy, if any, is still there. */
  | { status: 'failed'; message: string };

export type Unsubscribe = () => void;

export interface GradflowDesktopApi {
  /** 'darwin' | 'win32' | 'linux' — for labels such as ⌘ vs Ctrl. */
  readonly platform: string;
  /** The document this window holds (null: a new, empty document). Ask once at start-up. */
  getDocument(): Promise<WindowDocument | null>;
  /** Main opened a document into this window (Open while the window was empty and unchanged). */
  onDocument(listener: (document: WindowDocument) => void): Unsubscribe;
  /** The native Open dialog; the file opens here if this window is empty and unchanged, else in a new one. */
  openFile(): Promise<OpenOutcome>;
  listExamples(): Promise<ExampleEntry[]>;
  /** Opens an example of the gallery as a new, untitled document. */
  openExample(file: string): Promise<OpenOutcome>;
  /** Writes the document atomically; asks where with the native dialog when there is no path or saveAs. */
  saveFile(request: SaveRequest): Promise<SaveOutcome>;
  /**
   * Keep a copy of this window's unsaved work in the app's data folder (replacing the last one), or remove it
   * (`null`: the work was saved or discarded). Main picks the file; it is removed when the window closes cleanly.
   */
  writeAutosave(record: AutosaveRecord | null): Promise<AutosaveOutcome>;
  /**
   * Unsaved work to offer at start-up: this window's own copy (after its page was reloaded), else the newest
   * copy a crashed or killed session left, which then belongs to this window (no other window is offered it).
   */
  readAutosave(): Promise<AutosaveRecord | null>;
  /** Tell main whether there are unsaved changes: the title marker and the prompt on close follow it. */
  setDirty(dirty: boolean): void;
  sendCommand(command: EngineCommand): void;
  onTelemetry(listener: (telemetry: Telemetry) => void): Unsubscribe;
  /** A menu item or its accelerator was used (Save, Undo, Train, …: the commands the window carries out). */
  onMenuCommand(listener: (id: RendererCommandId) => void): Unsubscribe;
}
