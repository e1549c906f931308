// What the window does for a menu command or its shortcut: the desktop menu forwards the ids of
// electron/commands.ts, and the web build (which has no native menu) binds the same shortcuts in the page.

import type { EngineStatus } from '../../core/protocol/telemetry.ts';
import type { Host, MenuCommand } from '../host/host.ts';
import type { DocumentController } from './document-controller.ts';
import type { EditorController } from './editor.ts';
import type { Settings } from './settings.ts';
import { effectiveTheme } from './settings.ts';
import type { UiStore } from './ui-store.ts';
import type { StoreApi } from 'zustand/vanilla';
import { downloadBlob } from '../host/download.ts';

/** An exported file as a browser download (a script as text, weights as bytes). */
function downloadExportFile(name: string, contents: string | Uint8Array): void {
  downloadBlob(new Blob([contents as BlobPart], { type: typeof contents === 'string' ? 'text/x-python;charset=utf-8' : 'application/octet-stream' }), name);
}

export interface CommandTargets {
  host: Host;
  documents: DocumentController;
  /** The graph editor (absent where no editor is shown). */
  editor?: EditorController;
  /** Panels and the canvas's view actions. */
  ui?: UiStore;
  settings?: StoreApi<Settings>;
  /** The engine's current state, so Train resumes a paused run and Pause toggles. */
  status(): EngineStatus;
  /** Whether the operating system prefers dark (for toggling away from the "system" theme). */
  prefersDark?(): boolean;
}

/** Whether a text field has the focus: editing keys and Select All are then the field's own. */
export function textFieldFocused(): boolean {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  return typeof active?.closest === 'function' && active.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** Carry out a command; returns false when it did nothing here (the key event then keeps its default). */
export function runCommand(command: MenuCommand, targets: CommandTargets): boolean {
  const { host, documents, editor, ui, settings, status } = targets;
  const loaded = documents.store.getState().doc !== undefined;
  switch (command) {
    case 'save': void documents.save(); return true;
    case 'save-as': void documents.save(true); return true;
    case 'export-numpy': case 'export-pytorch':
      void documents.exportTo(command === 'export-numpy' ? 'numpy' : 'pytorch', downloadExportFile);
      return true;
    case 'train':
      if (loaded) host.send(status() === 'paused' ? { type: 'resume' } : { type: 'train' });
      return true;
    case 'pause':
      if (status() === 'running') host.send({ type: 'pause' });
      else if (status() === 'paused') host.send({ type: 'resume' });
      return true;
    case 'stop': host.send({ type: 'stop' }); return true;
    case 'step-forward': if (loaded) host.send({ type: 'step-forward' }); return true;
    case 'step-backward': if (loaded) host.send({ type: 'step-backward' }); return true;
    case 'undo': if (!editor) return false; editor.undo(); return true;
    case 'redo': if (!editor) return false; editor.redo(); return true;
    case 'duplicate': if (!editor) return false; editor.duplicateSelection(); return true;
    case 'delete':
      if (!editor || textFieldFocused()) return false;
      editor.removeSelection();
      return true;
    case 'select-all':
      if (!editor || textFieldFocused()) {
        // From the desktop menu the key never reached the field: select its text here.
        const active = typeof document === 'undefined' ? null : (document.activeElement as HTMLInputElement | null);
        if (host.kind === 'electron' && typeof active?.select === 'function') active.select();
        return false;
      }
      editor.selectAll();
      return true;
    case 'group': if (!editor) return false; editor.groupSelection(); return true;
    case 'ungroup': {
      const group = editor?.selectedGroup();
      if (!editor || !group) return false;
      editor.ungroup(group);
      return true;
    }
    case 'auto-layout': if (!editor) return false; void editor.autoLayout(); return true;
    case 'quick-add':
      if (!ui || !loaded) return false;
      ui.setState({ quickAdd: { screen: { x: typeof window === 'undefined' ? 200 : Math.round(window.innerWidth / 2 - 160), y: 120 } } });
      return true;
    case 'zoom-to-fit': {
      const fit = ui?.getState().fitView;
      if (!fit) return false;
      fit();
      return true;
    }
    case 'toggle-theme': {
      if (!settings) return false;
      const shown = effectiveTheme(settings.getState().theme, targets.prefersDark?.() ?? false);
      settings.setState({ theme: shown === 'dark' ? 'light' : 'dark' });
      return true;
    }
    case 'settings': if (!ui) return false; ui.setState({ settingsOpen: true }); return true;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
