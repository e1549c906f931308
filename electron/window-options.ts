// The options every document window is created with, as a pure function so a test can read them without the
// Electron binary. A document is untrusted input (DESIGN.md §5) and the renderer shows its text, so the page
// gets no Node, runs isolated from the preload, and sits in Chromium's sandbox; main.ts also refuses to open a
// window whose options fail `unsafeWebPreferences`.

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  title: string;
  /** Dark background while the page loads, so a dark-theme window does not flash white. */
  dark?: boolean;
}

export function documentWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const webPreferences: WebPreferences = {
    preload: input.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // Dropping a file on the window must not navigate away from the document (the renderer handles drops).
    navigateOnDragDrop: false,
    // A page that opens dialogs in a loop can be stopped by the user.
    safeDialogs: true,
    // Node ids and op names are not prose; red underlines on them would be noise.
    spellcheck: false,
  };
  return {
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: input.title,
    // Shown on 'ready-to-show', so the user never sees an empty frame.
    show: false,
    backgroundColor: input.dark ? '#1e1e24' : '#ffffff',
    webPreferences,
  };
}

/** Every unsafe setting in a window's web preferences, one message each (empty = safe). */
export function unsafeWebPreferences(prefs: WebPreferences | undefined): string[] {
  const p = prefs ?? {};
  const problems: string[] = [];
  // Electron's defaults are the safe values for these three, but we require them explicitly so a change of
  // default (or an option dropped by mistake) is caught.
  if (p.contextIsolation !== true) problems.push('contextIsolation must be true');
  if (p.sandbox !== true) problems.push('sandbox must be true');
  if (p.nodeIntegration !== false) problems.push('nodeIntegration must be false');
  if (p.nodeIntegrationInWorker === true) problems.push('nodeIntegrationInWorker must not be true');
  if (p.nodeIntegrationInSubFrames === true) problems.push('nodeIntegrationInSubFrames must not be true');
  if (p.webSecurity === false) problems.push('webSecurity must not be false');
  if (p.allowRunningInsecureContent === true) problems.push('allowRunningInsecureContent must not be true');
  if (p.webviewTag === true) problems.push('webviewTag must not be true');
  if (p.experimentalFeatures === true) problems.push('experimentalFeatures must not be true');
  if (typeof p.enableBlinkFeatures === 'string' && p.enableBlinkFeatures.length > 0) problems.push('enableBlinkFeatures must not be set');
  if (typeof p.preload !== 'string' || p.preload.length === 0) problems.push('a preload script is required (the only bridge to main)');
  return problems;
}
