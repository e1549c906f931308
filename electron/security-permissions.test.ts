// The page's web permissions: the handlers main installs, called the way Electron calls them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  devicePermissionHandler, GRANTED_PERMISSIONS, installPermissionHandlers, isAppUrl, permissionCheckHandler,
  permissionRequestHandler, type PermissionSession,
} from './security-permissions.ts';

const PAGE = 'app://gradflow/index.html';
// Every permission Electron 45's types name, so a permission added to the grant list shows up here.
const EVERY_PERMISSION = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen',
  'geolocation', 'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts',
  'local-network', 'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc',
  'notifications', 'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock',
  'screen-wake-lock', 'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock',
  'top-level-storage-access', 'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
];

const request = (permission: string, details: { requestingUrl?: string; isMainFrame?: boolean }) => {
  const log: string[] = [];
  let granted: boolean | undefined;
  permissionRequestHandler((m) => log.push(m))(null, permission, (g) => { granted = g; }, details);
  return { granted, log };
};

test('only clipboard writes are granted, to our page; every other permission is denied and logged', () => {
  assert.deepEqual([...GRANTED_PERMISSIONS], ['clipboard-sanitized-write']);
  for (const permission of EVERY_PERMISSION) {
    const { granted, log } = request(permission, { requestingUrl: PAGE, isMainFrame: true });
    assert.equal(granted, permission === 'clipboard-sanitized-write', permission);
    assert.equal(log.length, granted ? 0 : 1, permission);
    if (!granted) assert.match(log[0]!, new RegExp(`denied the permission "${permission}" asked by app://gradflow/index.html`));
  }
});

test('a clipboard write is refused to another origin, a look-alike, a sub-frame or an unknown page', () => {
  for (const [url, isMainFrame] of [
    ['https://evil.example/', true],
    ['app://gradflow.evil/index.html', true],
    ['app://evil/index.html', true],
    ['file:///tmp/page.html', true],
    ['', true],
    [undefined, true],
    ['not a url', true],
    [PAGE, false],
  ] as const) {
    assert.equal(request('clipboard-sanitized-write', { requestingUrl: url, isMainFrame }).granted, false, `${url} main=${isMainFrame}`);
  }
  assert.equal(request('clipboard-sanitized-write', {}).granted, false, 'no details at all');
});

test('permission checks answer the same way, and a cross-origin embedder is always refused', () => {
  const check = permissionCheckHandler();
  assert.equal(check(null, 'clipboard-sanitized-write', 'app://gradflow', { requestingUrl: PAGE, isMainFrame: true }), true);
  // No requestingUrl (a check not made for a document): the origin decides.
  assert.equal(check(null, 'clipboard-sanitized-write', 'app://gradflow', { isMainFrame: true }), true);
  assert.equal(check(null, 'clipboard-sanitized-write', 'app://gradflow', { isMainFrame: true, requestingUrl: '' }), true);
  assert.equal(check(null, 'clipboard-sanitized-write', 'https://evil.example', { isMainFrame: true }), false);
  assert.equal(check(null, 'clipboard-sanitized-write', 'app://gradflow', { requestingUrl: PAGE, isMainFrame: true, embeddingOrigin: 'https://evil.example' }), false);
  assert.equal(check(null, 'clipboard-sanitized-write', 'app://gradflow', { requestingUrl: PAGE, isMainFrame: false }), false);
  for (const permission of EVERY_PERMISSION.filter((p) => p !== 'clipboard-sanitized-write')) {
    assert.equal(check(null, permission, 'app://gradflow', { requestingUrl: PAGE, isMainFrame: true }), false, permission);
  }
});

test('no device is pre-granted, and device choosers are cancelled rather than answered by Electron', () => {
  const log: string[] = [];
  assert.equal(devicePermissionHandler((m) => log.push(m))({ deviceType: 'usb', origin: 'app://gradflow' }), false);
  assert.match(log[0]!, /denied access to a usb for app:\/\/gradflow/);

  const installed: Record<string, unknown> = {};
  const listeners = new Map<string, (...args: never[]) => void>();
  const session = {
    setPermissionRequestHandler: (h: unknown) => { installed.request = h; },
    setPermissionCheckHandler: (h: unknown) => { installed.check = h; },
    setDevicePermissionHandler: (h: unknown) => { installed.device = h; },
    on: (event: string, listener: (...args: never[]) => void) => { listeners.set(event, listener); },
  } as unknown as PermissionSession;
  installPermissionHandlers(session, (m) => log.push(m));
  assert.deepEqual(Object.keys(installed).sort(), ['check', 'device', 'request']);
  assert.deepEqual([...listeners.keys()].sort(), ['select-hid-device', 'select-serial-port', 'select-usb-device']);
  for (const [name, listener] of listeners) {
    let prevented = false;
    const answers: unknown[][] = [];
    const event = { preventDefault: () => { prevented = true; } };
    const callback = (...a: unknown[]) => answers.push(a);
    // Electron's serial chooser passes the web contents before the callback; the others do not.
    if (name === 'select-serial-port') (listener as (e: unknown, ports: unknown, contents: unknown, cb: unknown) => void)(event, [], {}, callback);
    else (listener as (e: unknown, details: unknown, cb: unknown) => void)(event, {}, callback);
    assert.ok(prevented, `${name}: Electron's own choice is prevented`);
    assert.deepEqual(answers, [name === 'select-serial-port' ? [''] : []], `${name}: cancelled`);
  }
});

test('isAppUrl accepts only the app origin', () => {
  assert.equal(isAppUrl('app://gradflow/'), true);
  assert.equal(isAppUrl('app://gradflow/assets/x.js?y#z'), true);
  assert.equal(isAppUrl('app://GRADFLOW/index.html'), true, 'host names are case-insensitive');
  assert.equal(isAppUrl('app://gradflow@evil/index.html'), false);
  assert.equal(isAppUrl('app://user@gradflow/'), false, 'nothing of ours carries a user name');
  assert.equal(isAppUrl('https://gradflow/'), false);
  assert.equal(isAppUrl('app://gradflow:8080/'), false);
});
