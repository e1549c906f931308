// What the window does for a menu command or its shortcut: the desktop menu forwards the ids of
// electron/commands.ts, and the web build (which has no native menu) binds the same shortcuts in the page.

import type { EngineStatus } from '../../core/protocol/telemetry.ts';
import type { Host, MenuCommand } from '../host/host.ts';
import type { DocumentController } from './document-controller.ts';
import type { EditorController } from './editor.ts';

export interface CommandTargets {
  host: Host;
  documents: DocumentController;
  /** The graph editor's undo/redo (absent where no editor is shown). */
  editor?: Pick<EditorController, 'undo' | 'redo'>;
  /** The engine's current state, so Train resumes a paused run and Pause toggles. */
  status(): EngineStatus;
}

/** Carry out a command; returns false for the ones this page does not have yet (undo, themes, …). */
export function runCommand(command: MenuCommand, { host, documents, editor, status }: CommandTargets): boolean {
  const loaded = documents.store.getState().doc !== undefined;
  switch (command) {
    case 'save': void documents.save(); return true;
    case 'save-as': void documents.save(true); return true;
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
    // Zoom and themes are still to come.
    case 'zoom-to-fit': case 'toggle-theme':
      return false;
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}
