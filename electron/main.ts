// The desktop app's main process: start-up, the app:// protocol and its Content-Security-Policy, the
// single-instance lock and the .gradflow file association, then windows, menus and IPC (each in its module).
// Everything that can be decided without Electron lives in pure modules next to this one and is tested there.

import { app, dialog, net, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appPaths } from './app-paths.ts';
import { appRequestPath } from './app-protocol.ts';
import { AutosaveStore } from './autosave-store.ts';
import { CONTENT_SECURITY_POLICY, cspProblems, withCspHeader } from './csp.ts';
import { DocumentWindow } from './document-window.ts';
import { FileActions } from './file-actions.ts';
import { registerIpc } from './ipc-main.ts';
import { APP_SCHEME } from './ipc-validate.ts';
import { documentPathsFromArgv } from './launch-args.ts';
import { installMenu } from './menu.ts';
import { hardenWebContents } from './security-navigation.ts';
import { installPermissionHandlers } from './security-permissions.ts';
import { APP_NAME } from './window-title.ts';

// The bundle is CommonJS (scripts/build-electron.mjs), so __dirname is dist/electron/ here and when packaged.
const paths = appPaths(__dirname);
app.setName(APP_NAME);

// Must happen before 'ready': a standard, secure scheme gets a real origin ('self' in the CSP), fetch and
// WebAssembly streaming compilation, like https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

// One app process: a second launch (double-clicking another .gradflow file) hands its files to this one.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let ready = false;
  const pending: string[] = documentPathsFromArgv(process.argv, process.cwd());
  const files = new FileActions(paths, () => void installMenu(files));
  // Crash recovery: each window's unsaved work is copied into <userData>/autosave/ (autosave-store.ts).
  const autosave = new AutosaveStore(join(app.getPath('userData'), 'autosave'));
  DocumentWindow.useAutosave(autosave);

  // One after another, so only the first can take over an empty window and the rest get their own.
  const openAll = async (documents: readonly string[]): Promise<void> => {
    for (const path of documents) await files.openPath(path, DocumentWindow.all().find((w) => w.pristine));
  };

  // macOS: Finder and the dock send files as events, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (ready) void openAll([path]);
    else pending.push(path);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const documents = documentPathsFromArgv(argv, workingDirectory);
    if (documents.length > 0) void openAll(documents);
    else {
      const [first] = DocumentWindow.all();
      if (first) {
        if (first.window.isMinimized()) first.window.restore();
        first.window.focus();
      } else files.newWindow();
    }
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting removes the recovery copies of the windows still open (they closed cleanly, or the quit would have
  // been stopped by their unsaved-changes prompt); the quit waits for those deletes, for at most a few seconds.
  let autosaveSettled = false;
  app.on('will-quit', (event) => {
    if (autosaveSettled) return;
    event.preventDefault();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    void Promise.race([autosave.detachAll(), timeout]).finally(() => {
      autosaveSettled = true;
      app.quit();
    });
  });
  app.on('activate', () => {
    if (ready && DocumentWindow.all().length === 0) files.newWindow();
  });

  // Hardening for any web contents, including ones we do not create ourselves (security-navigation.ts).
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { openExternal: (url) => shell.openExternal(url), log: securityLog });
  });

  void app.whenReady().then(async () => {
    const problems = cspProblems(CONTENT_SECURITY_POLICY);
    if (problems.length > 0) throw new Error(`refusing to start with an unsafe Content-Security-Policy: ${problems.join('; ')}`);
    if (!existsSync(paths.webRoot)) {
      dialog.showErrorBox('Gradflow cannot start', `The app's pages are missing (${paths.webRoot}). Build them with npm run build:web.`);
      app.exit(1);
      return;
    }
    serveApp();
    // Every permission but writing to the clipboard is denied (security-permissions.ts says why).
    installPermissionHandlers(session.defaultSession, securityLog);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withCspHeader(details.responseHeaders) });
    });

    await files.loadRecent();
    registerIpc(files);
    await installMenu(files);
    ready = true;
    if (pending.length > 0) await openAll(pending.splice(0));
    if (DocumentWindow.all().length === 0) files.newWindow();
  });
}

/** A refused permission, navigation or link: worth a line on the console, not a dialog. */
function securityLog(message: string): void {
  console.warn(`gradflow: ${message}`);
}

/** app://gradflow/… serves the built renderer (dist/web), with the CSP header on every response. */
function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appRequestPath(request.url, paths.webRoot);
    const response = file === null ? null : await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (response === null || !response.ok) return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
