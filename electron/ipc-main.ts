// The IPC handlers: every one checks its sender and payload first (ipc-validate.ts) and refuses with a logged
// reason — a refused invoke rejects with that reason — before anything runs. Electron glue.

import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import type { FileActions } from './file-actions.ts';
import { DocumentWindow } from './document-window.ts';
import type { InvokeChannel, InvokeChannels, SendChannel, SendChannels } from './ipc-channels.ts';
import { checkIncoming, senderProblem, validators, type SenderFrame } from './ipc-validate.ts';

function frameOf(event: IpcMainEvent | IpcMainInvokeEvent): SenderFrame | null {
  // senderFrame is null when the frame navigated or was destroyed before the message was handled.
  const frame: WebFrameMain | null = event.senderFrame;
  if (!frame || frame.isDestroyed()) return null;
  return { url: frame.url, isTopFrame: frame.parent === null };
}

/** A refusal is a bug or an attack, never a user action: log it for whoever is debugging. */
function refuse(error: string): void {
  console.warn(`gradflow: ${error}`);
}

type Handler<C extends InvokeChannel> = (win: DocumentWindow, request: InvokeChannels[C]['request']) => Promise<InvokeChannels[C]['response']> | InvokeChannels[C]['response'];
type Listener<C extends SendChannel> = (win: DocumentWindow, payload: SendChannels[C]) => void;

function handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
  ipcMain.handle(channel, async (event, payload: unknown) => {
    const checked = checkIncoming(channel, frameOf(event), payload);
    const win = DocumentWindow.fromContents(event.sender);
    if (!checked.ok || win === undefined) {
      const error = checked.ok ? `${channel}: refused: the sender is not a document window` : checked.error;
      refuse(error);
      throw new Error(error);
    }
    return handler(win, checked.value as InvokeChannels[C]['request']);
  });
}

function listen<C extends SendChannel>(channel: C, listener: Listener<C>): void {
  ipcMain.on(channel, (event, payload: unknown) => {
    const sender = senderProblem(frameOf(event));
    const win = DocumentWindow.fromContents(event.sender);
    if (sender !== null || win === undefined) {
      refuse(`${channel}: refused: ${sender ?? 'the sender is not a document window'}`);
      return;
    }
    const checked = validators[channel](payload);
    if (!checked.ok) {
      refuse(`${channel}: refused: ${checked.error}`);
      // Our own page sent something malformed: tell it the way the engine reports errors (its error banner).
      if (channel === 'engine:command') win.engine.report(`a command was refused: ${checked.error}`);
      return;
    }
    listener(win, checked.value as SendChannels[C]);
  });
}

export function registerIpc(files: FileActions): void {
  handle('document:get', (win) => win.document);
  handle('file:open', (win) => files.showOpenDialog(win, true));
  handle('file:save', (win, request) => files.save(win, request));
  handle('examples:list', () => files.listExamples());
  handle('examples:open', (win, { file }) => files.openExample(file, win, true));
  handle('autosave:write', (win, record) => win.writeAutosave(record));
  handle('autosave:read', (win) => win.readAutosave());
  listen('window:set-dirty', (win, { dirty }) => win.setDirty(dirty));
  listen('engine:command', (win, command) => win.engine.send(command));
}
