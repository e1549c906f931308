// The desktop Host: a thin adapter over `window.gradflow`, the API electron/preload.ts exposes with
// contextBridge (its type lives in electron/preload-api.ts, types only, so importing it brings in no
// Electron or Node). Main owns files — dialogs, parsing, atomic saves, recent files in the File menu, data
// files next to the document — and pushes documents into the window; the engine runs in a worker thread of
// main and talks over a MessagePort. So this file only translates shapes.

import type { EngineCommand } from '../../core/protocol/commands.ts';
import type { Telemetry } from '../../core/protocol/telemetry.ts';
import type { GradflowDesktopApi, OpenOutcome, WindowDocument } from '../../electron/preload-api.ts';
import type { AutosaveRecord, ExampleEntry, Host, MenuCommand, OpenedDocument, SaveRequest, SavedDocument } from './host.ts';

/** The preload bridge, if this page runs inside the desktop app. */
export function desktopApi(): GradflowDesktopApi | undefined {
  // The key is DESKTOP_API_KEY of preload-api.ts; spelled out so this module imports only types from there.
  return (window as unknown as { gradflow?: GradflowDesktopApi }).gradflow;
}

const EXTENSION = /\.gradflow$/;

function fromWindowDocument(opened: WindowDocument): OpenedDocument {
  return { name: opened.name, document: opened.document, warnings: opened.warnings, ...(opened.path ? { ref: opened.path } : {}) };
}

/** Main opens the document itself and sends it through onDocument, so a success has nothing to return. */
function settle(outcome: OpenOutcome): null {
  if (outcome.status === 'failed') throw new Error(outcome.message);
  return null;
}

export class ElectronHost implements Host {
  readonly kind = 'electron' as const;
  private readonly unsubscribers = new Set<() => void>();

  constructor(private readonly api: GradflowDesktopApi) {}

  async listExamples(): Promise<ExampleEntry[]> {
    return (await this.api.listExamples()).map((e) => ({ name: e.file.replace(EXTENSION, ''), title: e.title }));
  }

  async openExample(name: string): Promise<null> {
    return settle(await this.api.openExample(`${name}.gradflow`));
  }

  async openDocument(): Promise<null> {
    return settle(await this.api.openFile());
  }

  async saveDocument(request: SaveRequest): Promise<SavedDocument | null> {
    // Main knows the window's file; it asks where only for Save As or a document without a path.
    const outcome = await this.api.saveFile({ document: request.document, saveAs: request.saveAs ?? false });
    if (outcome.status === 'failed') throw new Error(outcome.message);
    return outcome.status === 'saved' ? { name: outcome.name, ref: outcome.path } : null;
  }

  async initialDocument(): Promise<OpenedDocument | null> {
    const opened = await this.api.getDocument();
    return opened ? fromWindowDocument(opened) : null;
  }

  onDocument(listener: (document: OpenedDocument) => void): () => void {
    return this.track(this.api.onDocument((opened) => listener(fromWindowDocument(opened))));
  }

  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    return this.track(this.api.onMenuCommand(listener));
  }

  /**
   * Main keeps the copy in the app's data folder, in a file of this window's (it picks the name); a failure
   * rejects with main's reason, and the previous copy stays as it was.
   */
  async autosave(record: AutosaveRecord | null): Promise<void> {
    // Only the record's own fields: main refuses a payload with any other key.
    const payload = record === null ? null : { name: record.name, text: record.text, ...(record.ref !== undefined ? { ref: record.ref } : {}), savedAt: record.savedAt };
    const outcome = await this.api.writeAutosave(payload);
    if (outcome.status === 'failed') throw new Error(outcome.message);
  }

  /** This window's unsaved work after a reload, or what a crashed session left (then this window's to keep). */
  async readAutosave(): Promise<AutosaveRecord | null> {
    const record = await this.api.readAutosave();
    return record === null ? null : { name: record.name, text: record.text, ...(record.ref !== undefined ? { ref: record.ref } : {}), savedAt: record.savedAt };
  }

  setDirty(dirty: boolean): void {
    this.api.setDirty(dirty);
  }

  send(command: EngineCommand): void {
    this.api.sendCommand(command);
  }

  onTelemetry(listener: (telemetry: Telemetry) => void): () => void {
    return this.track(this.api.onTelemetry(listener));
  }

  dispose(): void {
    for (const off of this.unsubscribers) off();
    this.unsubscribers.clear();
  }

  private track(off: () => void): () => void {
    this.unsubscribers.add(off);
    return () => {
      off();
      this.unsubscribers.delete(off);
    };
  }
}
