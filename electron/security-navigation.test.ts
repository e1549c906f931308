// No navigation, redirects, webviews, Bluetooth choosers or new windows, for any web contents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { hardenWebContents, navigationBlocker, windowOpenHandler, type HardenableContents } from './security-navigation.ts';

class Contents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

const preventable = () => {
  const event = { prevented: false, preventDefault() { event.prevented = true; } };
  return event;
};

const setup = (allowed: string[] = []) => {
  const contents = new Contents();
  const opened: string[] = [];
  const log: string[] = [];
  const links = { openExternal: async (url: string) => { opened.push(url); }, log: (m: string) => log.push(m), allowed };
  return { contents, opened, log, links, fresh: hardenWebContents(contents as unknown as HardenableContents, links) };
};

test('navigation and redirects away from the page are prevented and logged', () => {
  const { contents, log, fresh } = setup();
  assert.equal(fresh, true);
  for (const [event, url] of [['will-navigate', 'https://evil.example/'], ['will-navigate', 'app://gradflow/index.html'], ['will-redirect', 'file:///etc/passwd']]) {
    const e = preventable();
    contents.emit(event!, e, url);
    assert.ok(e.prevented, `${event} ${url}`);
  }
  assert.deepEqual(log, ['blocked a navigation to https://evil.example/', 'blocked a navigation to app://gradflow/index.html', 'blocked a redirect to file:///etc/passwd']);
});

test('a <webview> is never attached, and a Bluetooth chooser is cancelled', () => {
  const { contents, log } = setup();
  const webview = preventable();
  contents.emit('will-attach-webview', webview, { nodeIntegration: true }, { src: 'https://evil.example' });
  assert.ok(webview.prevented);
  assert.deepEqual(log, ['blocked a <webview>']);
  const bluetooth = preventable();
  const answers: string[] = [];
  contents.emit('select-bluetooth-device', bluetooth, [{ deviceId: 'a', deviceName: 'A' }], (id: string) => answers.push(id));
  assert.ok(bluetooth.prevented, "Electron's own pick of the first device is prevented");
  assert.deepEqual(answers, [''], 'an empty id cancels');
});

test('no new window, ever; only a link the app made reaches the browser', () => {
  const { contents, opened, log } = setup(['https://gradflow.example/book/']);
  assert.deepEqual(contents.openHandler?.({ url: 'https://gradflow.example/book/ch1' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler?.({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(opened, ['https://gradflow.example/book/ch1']);
  assert.equal(log.length, 2);
  assert.match(log[0]!, /refused to open https:\/\/evil.example\/ in the browser: it is not a link the app made/);
});

test('hardening twice (web-contents-created, then the window) adds nothing twice', () => {
  const { contents, links, log } = setup();
  assert.equal(hardenWebContents(contents as unknown as HardenableContents, links), false);
  assert.equal(contents.listenerCount('will-navigate'), 1);
  contents.emit('will-navigate', preventable(), 'https://x.example/');
  assert.equal(log.length, 1, 'one log line per attempt');
});

test('the handler builders work on their own', () => {
  const log: string[] = [];
  const e = preventable();
  navigationBlocker('redirect', (m) => log.push(m))(e, `https://x.example/${'a'.repeat(300)}`);
  assert.ok(e.prevented);
  assert.ok(log[0]!.endsWith('…') && log[0]!.length < 250, 'a long URL is shortened');
  const opened: string[] = [];
  assert.deepEqual(windowOpenHandler({ openExternal: async (u) => { opened.push(u); }, log: () => undefined })({ url: 'https://example.com/' }), { action: 'deny' });
  assert.deepEqual(opened, [], 'the real list is empty: nothing opens');
});
