// shell.openExternal only for https links the app made: the allow-list check and the opener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXTERNAL_LINKS, externalLinkProblem, openExternalLink } from './security-external-links.ts';

test("the app's own list holds only exact https URLs or https prefixes", () => {
  for (const link of EXTERNAL_LINKS) {
    const url = new URL(link);
    assert.equal(url.protocol, 'https:', link);
    assert.equal(url.username + url.password, '', link);
    assert.equal(url.href, link, `${link} is written the way the URL parser writes it`);
  }
});

test('with the real list every link is refused (the interface links nowhere outside the app)', () => {
  assert.deepEqual(EXTERNAL_LINKS, [], 'a link added to the interface belongs in this test too');
  assert.equal(externalLinkProblem('https://example.com/'), 'it is not a link the app made');
});

const ALLOWED = ['https://gradflow.example/book/', 'https://github.com/gradflow/gradflow'];

test('an allowed exact link or a page below an allowed prefix opens', () => {
  for (const url of [
    'https://github.com/gradflow/gradflow',
    'https://gradflow.example/book/',
    'https://gradflow.example/book/chapter-2.html#dense',
    'https://GRADFLOW.example/book/a', // host names are case-insensitive
  ]) assert.equal(externalLinkProblem(url, ALLOWED), null, url);
});

test('everything else is refused, naming why', () => {
  const cases: [string, RegExp][] = [
    ['http://gradflow.example/book/', /only https links.*not http:/],
    ['file:///etc/passwd', /not file:/],
    ['javascript:alert(1)', /not javascript:/],
    ['smb://server/share', /not smb:/],
    ['ms-settings:privacy', /not ms-settings:/],
    ['not a url', /not a valid URL/],
    ['https://user:pw@gradflow.example/book/', /user name or password/],
    ['https://gradflow.example@evil.example/book/', /user name or password/],
    ['https://github.com/gradflow/gradflow/issues', /not a link the app made/], // exact entry, not a prefix
    ['https://github.com/gradflow/gradflow-evil', /not a link the app made/],
    ['https://gradflow.example/booking', /not a link the app made/],
    ['https://gradflow.example/book/../admin', /not a link the app made/],
    ['https://gradflow.example.evil.com/book/', /not a link the app made/],
    ['https://gradflow.example:8443/book/', /not a link the app made/],
    ['https://evil.example/https://gradflow.example/book/', /not a link the app made/],
  ];
  for (const [url, expected] of cases) assert.match(externalLinkProblem(url, ALLOWED) ?? 'allowed', expected, url);
});

test('openExternalLink opens an allowed link, refuses and logs the rest', async () => {
  const opened: string[] = [];
  const log: string[] = [];
  const actions = { openExternal: async (url: string) => { opened.push(url); }, log: (m: string) => log.push(m), allowed: ALLOWED };
  assert.equal(openExternalLink('https://gradflow.example/book/ch1', actions), true);
  assert.equal(openExternalLink('file:///etc/passwd', actions), false);
  assert.equal(openExternalLink(`https://evil.example/${'x'.repeat(500)}`, actions), false);
  assert.deepEqual(opened, ['https://gradflow.example/book/ch1']);
  assert.equal(log.length, 2);
  assert.match(log[0]!, /^refused to open file:\/\/\/etc\/passwd in the browser: only https links open in the browser, not file:$/);
  assert.ok(log[1]!.length < 300, 'a long URL is shortened in the log');
  // A failing openExternal (no browser) is reported, not an unhandled rejection.
  openExternalLink('https://gradflow.example/book/', { ...actions, openExternal: async () => { throw new Error('no handler'); } });
  await new Promise((resolve) => setImmediate(resolve));
  assert.match(log[2]!, /could not open https:\/\/gradflow.example\/book\/ in the browser: no handler/);
});
