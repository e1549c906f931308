// The bridge between a window's page and main: exposes `window.gradflow` (GradflowDesktopApi, preload-api.ts)
// through contextBridge — a handful of typed functions, never ipcRenderer itself, so the page cannot talk on
// channels we did not choose. Runs sandboxed (only 'electron' may be required); bundled as CommonJS.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EngineCommand } from '../core/protocol/commands.ts';
import type { Telemetry } from '../core/protocol/telemetry.ts';
import type { InvokeChannel, InvokeChannels, PushChannel, PushChannels, SendChannel, SendChannels } from './ipc-channels.ts';
import { DESKTOP_API_KEY, type AutosaveRecord, type GradflowDesktopApi, type SaveRequest, type Unsubscribe } from './preload-api.ts';

const invoke = <C extends InvokeChannel>(channel: C, request: InvokeChannels[C]['request']): Promise<InvokeChannels[C]['response']> =>
  ipcRenderer.invoke(channel, request) as Promise<InvokeChannels[C]['response']>;

const send = <C extends SendChannel>(channel: C, payload: SendChannels[C]): void => ipcRenderer.send(channel, payload);

function subscribe<C extends PushChannel>(channel: C, listener: (payload: PushChannels[C]) => void): Unsubscribe {
  // Only the payload crosses into the page: the event object would expose the sender.
  const wrapped = (_event: IpcRendererEvent, payload: PushChannels[C]) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

// Telemetry arrives on a MessagePort that main sends after every page load (engine-host.ts).
const telemetryListeners = new Set<(telemetry: Telemetry) => void>();
// The DOM's MessagePort (this file is type-checked with Node's lib, where the name means something else).
type PagePort = IpcRendererEvent['ports'][number];
let enginePort: PagePort | null = null;
ipcRenderer.on('engine:port' satisfies PushChannel, (event: IpcRendererEvent) => {
  enginePort?.close();
  enginePort = event.ports[0] ?? null;
  if (enginePort !== null) {
    // Assigning onmessage also starts the port.
    enginePort.onmessage = (message: { data: unknown }) => {
      for (const listener of telemetryListeners) listener(message.data as Telemetry);
    };
  }
});

const api: GradflowDesktopApi = {
  platform: process.platform,
  getDocument: () => invoke('document:get', null),
  onDocument: (listener) => subscribe('document:opened', listener),
  openFile: () => invoke('file:open', null),
  listExamples: () => invoke('examples:list', null),
  openExample: (file: string) => invoke('examples:open', { file }),
  saveFile: (request: SaveRequest) => invoke('file:save', { document: request.document, saveAs: request.saveAs }),
  // Only the record's own fields cross (main refuses unknown ones); which file it goes to is main's choice.
  writeAutosave: (record: AutosaveRecord | null) =>
    invoke('autosave:write', record === null ? null : { name: record.name, text: record.text, ...(record.ref !== undefined ? { ref: record.ref } : {}), savedAt: record.savedAt }),
  readAutosave: () => invoke('autosave:read', null),
  setDirty: (dirty: boolean) => send('window:set-dirty', { dirty }),
  sendCommand: (command: EngineCommand) => send('engine:command', command),
  onTelemetry: (listener) => {
    telemetryListeners.add(listener);
    return () => {
      telemetryListeners.delete(listener);
    };
  },
  onMenuCommand: (listener) => subscribe('menu:command', listener),
};

contextBridge.exposeInMainWorld(DESKTOP_API_KEY, api);
