// The page is ours and stays ours: no navigation away from app://gradflow/, no redirects, no <webview>, no new
// windows, no Bluetooth chooser. Links to the web open in the user's browser only when the app made them
// (security-external-links.ts). Built as functions over a minimal WebContents shape so a test can drive them
// without the Electron binary; main.ts applies them to every web contents ('web-contents-created'), and
// document-window.ts to its own window at creation.

import { openExternalLink, type ExternalLinkActions } from './security-external-links.ts';

/** Something a listener can cancel (Electron's Event). */
export interface Preventable {
  preventDefault(): void;
}

/** The part of Electron's WebContents the hardening uses. */
export interface HardenableContents {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  on(event: 'select-bluetooth-device', listener: (event: Preventable, devices: unknown, callback: (deviceId: string) => void) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** For setWindowOpenHandler: never a new window; an app-made https link goes to the browser instead. */
export function windowOpenHandler(links: ExternalLinkActions) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    openExternalLink(url, links);
    return { action: 'deny' };
  };
}

/** For 'will-navigate' and 'will-redirect': the page never leaves; the attempt is logged. */
export function navigationBlocker(what: 'navigation' | 'redirect', log: (message: string) => void) {
  return (event: Preventable, url: string): void => {
    event.preventDefault();
    log(`blocked a ${what} to ${url.length > 200 ? `${url.slice(0, 200)}…` : url}`);
  };
}

const hardened = new WeakSet<object>();

/**
 * Applies every rule above to `contents`, once (main's 'web-contents-created' and the document window both call
 * it for the windows we make). Returns false when it was already hardened.
 */
export function hardenWebContents(contents: HardenableContents, links: ExternalLinkActions): boolean {
  if (hardened.has(contents)) return false;
  hardened.add(contents);
  contents.on('will-navigate', navigationBlocker('navigation', links.log));
  contents.on('will-redirect', navigationBlocker('redirect', links.log));
  // webviewTag is off in every window we make; this also covers any other web contents.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    links.log('blocked a <webview>');
  });
  // Left unhandled, Electron picks the first device it finds; an empty id cancels navigator.bluetooth.requestDevice.
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
  contents.setWindowOpenHandler(windowOpenHandler(links));
  return true;
}
