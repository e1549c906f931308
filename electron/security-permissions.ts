// Which web permissions the page gets: the handlers main installs on the session, built by plain functions so a
// test can call them without the Electron binary.
//
// The decision: the page needs exactly one permission, `clipboard-sanitized-write` — the canvas toolbar's Copy and
// Cut put the selection on the system clipboard with navigator.clipboard.writeText (renderer/canvas/clipboard.ts).
// It writes plain text the user asked to copy, so it is granted, and only to our own page (app://gradflow/, top
// frame). Everything else is denied, including `clipboard-read`: reading the clipboard would hand the page whatever
// another program left there, and the page does without it — Ctrl/⌘+V and Edit ▸ Paste arrive as DOM paste events,
// which need no permission, and the toolbar's Paste falls back to what the page itself copied. No camera,
// microphone, notifications, geolocation, fullscreen, HID/serial/USB/Bluetooth devices or screen capture: the app
// has no use for any of them, and a device picker that no code answers is refused rather than left to a default.

import type { Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './ipc-validate.ts';

/** The permissions the page is granted (see above); everything else is denied. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Where a permission request or check came from, as Electron describes it. */
export interface PermissionOrigin {
  /** The URL (request handler: the frame's last URL) or origin (check handler) asking; may be empty. */
  url: string | undefined;
  isMainFrame: boolean;
}

/** True when `url` is a page of the app itself (app://gradflow/…), not another origin or a look-alike. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL gives a custom scheme no origin ("null"), so compare its parts; Chromium lower-cases a standard scheme's host.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** Whether `permission` is granted to a frame at `origin`: only a granted permission, to our page's top frame. */
export function permissionGranted(permission: string, origin: PermissionOrigin): boolean {
  return GRANTED_PERMISSIONS.has(permission) && origin.isMainFrame && isAppUrl(origin.url);
}

/** Called with every refusal, so a denied request leaves a trace (main logs it). */
export type PermissionLog = (message: string) => void;

/** For session.setPermissionRequestHandler: asks made by the page (navigator.clipboard.writeText, getUserMedia, …). */
export function permissionRequestHandler(log: PermissionLog) {
  return (_contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; isMainFrame?: boolean } = {}): void => {
    const granted = permissionGranted(permission, { url: details.requestingUrl, isMainFrame: details.isMainFrame === true });
    if (!granted) log(`denied the permission "${permission}" asked by ${details.requestingUrl || 'an unknown page'}`);
    callback(granted);
  };
}

/**
 * For session.setPermissionCheckHandler: the synchronous "is it already granted?" Chromium asks before (and
 * instead of) a request. Not logged: pages check permissions routinely, and every check is answered the same way.
 */
export function permissionCheckHandler() {
  return (_contents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string; isMainFrame?: boolean; embeddingOrigin?: string } = {}): boolean => {
    // A check from a cross-origin sub-frame names its embedder; our page embeds nothing, so that alone is a no.
    if (details.embeddingOrigin) return false;
    return permissionGranted(permission, { url: details.requestingUrl || requestingOrigin, isMainFrame: details.isMainFrame === true });
  };
}

/** For session.setDevicePermissionHandler: no HID, serial or USB device is ever pre-granted. */
export function devicePermissionHandler(log: PermissionLog) {
  return (details: { deviceType?: string; origin?: string }): boolean => {
    log(`denied access to a ${details.deviceType ?? 'device'} for ${details.origin ?? 'an unknown page'}`);
    return false;
  };
}

/** The part of Electron's Session the permission handlers are installed on. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'>;

/** Called back with a device id, or with nothing (HID, USB) or an empty id (serial) to cancel. */
type PickerEvent = { preventDefault(): void };

/** Cancels a device chooser: Electron would otherwise pick for the user when nobody handles the event. */
function cancelPicker(kind: 'HID' | 'USB', log: PermissionLog) {
  return (event: PickerEvent, _details: unknown, callback: () => void): void => {
    event.preventDefault();
    log(`cancelled a request for a ${kind} device`);
    callback();
  };
}

/** The serial chooser's listener has the web contents before its callback, and cancels with an empty id. */
function cancelSerialPicker(log: PermissionLog) {
  return (event: PickerEvent, _ports: unknown, _contents: unknown, callback: (portId: string) => void): void => {
    event.preventDefault();
    log('cancelled a request for a serial device');
    callback('');
  };
}

/** Installs every handler above on `session`, and cancels device pickers (the page never asks for one). */
export function installPermissionHandlers(session: PermissionSession, log: PermissionLog): void {
  session.setPermissionRequestHandler(permissionRequestHandler(log));
  session.setPermissionCheckHandler(permissionCheckHandler());
  session.setDevicePermissionHandler(devicePermissionHandler(log));
  session.on('select-hid-device', cancelPicker('HID', log));
  session.on('select-serial-port', cancelSerialPicker(log));
  session.on('select-usb-device', cancelPicker('USB', log));
}
