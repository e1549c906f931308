// Every IPC channel between a window and main, with its payload and reply types, in one map. The preload and
// main both import the names from here, so a channel cannot be misspelt on one side only; ipc-validate.ts has
// one validator per incoming channel (the compiler checks none is missing). No Electron imports: types only.

import type { EngineCommand } from '../core/protocol/commands.ts';
import type { RendererCommandId } from './commands.ts';
import type { AutosaveOutcome, AutosaveRecord, ExampleEntry, OpenOutcome, SaveOutcome, SaveRequest, WindowDocument } from './preload-api.ts';

/** Renderer → main, with a reply (ipcRenderer.invoke / ipcMain.handle). */
export interface InvokeChannels {
  'document:get': { request: null; response: WindowDocument | null };
  'file:open': { request: null; response: OpenOutcome };
  'file:save': { request: SaveRequest; response: SaveOutcome };
  'examples:list': { request: null; response: ExampleEntry[] };
  'examples:open': { request: { file: string }; response: OpenOutcome };
  /** This window's crash-recovery copy: replace it with the record, or remove it (null). */
  'autosave:write': { request: AutosaveRecord | null; response: AutosaveOutcome };
  /** Unsaved work to offer at start-up (this window's, or one a crashed session left), or null. */
  'autosave:read': { request: null; response: AutosaveRecord | null };
}

/** Renderer → main, no reply (ipcRenderer.send / ipcMain.on). */
export interface SendChannels {
  'engine:command': EngineCommand;
  'window:set-dirty': { dirty: boolean };
}

/**
 * Main → renderer (webContents.send). 'engine:port' carries no payload: its MessagePort (event.ports[0]) is
 * where telemetry arrives, one port per page load.
 */
export interface PushChannels {
  'menu:command': RendererCommandId;
  'document:opened': WindowDocument;
  'engine:port': null;
}

export type InvokeChannel = keyof InvokeChannels;
export type SendChannel = keyof SendChannels;
export type PushChannel = keyof PushChannels;
export type IncomingChannel = InvokeChannel | SendChannel;

// Records rather than arrays so adding a channel to a map without listing it here fails to compile.
const INVOKE: Record<InvokeChannel, true> = { 'document:get': true, 'file:open': true, 'file:save': true, 'examples:list': true, 'examples:open': true,
  'autosave:write': true, 'autosave:read': true };
const SEND: Record<SendChannel, true> = { 'engine:command': true, 'window:set-dirty': true };
const PUSH: Record<PushChannel, true> = { 'menu:command': true, 'document:opened': true, 'engine:port': true };

export const INVOKE_CHANNELS = Object.keys(INVOKE) as InvokeChannel[];
export const SEND_CHANNELS = Object.keys(SEND) as SendChannel[];
export const PUSH_CHANNELS = Object.keys(PUSH) as PushChannel[];
