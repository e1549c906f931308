// Which Host this page runs on: the desktop app's preload bridge if it is there, the browser's otherwise.

import type { Host } from './host.ts';
import { desktopApi, ElectronHost } from './electron-host.ts';
import { WebHost } from './web-host.ts';

export function createHost(): Host {
  const api = desktopApi();
  return api ? new ElectronHost(api) : new WebHost();
}
