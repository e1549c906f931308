// The web build's static server: files under its folder with the right MIME types, nothing outside it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSP, mimeTypeFor, resolveRequestPath, serve } from '../scripts/serve-web.mjs';

let server: Server;
let port = 0;
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradflow-serve-'));
  const root = join(dir, 'web');
  mkdirSync(join(root, 'examples'), { recursive: true });
  mkdirSync(join(root, 'sub'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  writeFileSync(join(root, 'kernels.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(root, 'examples', 'chain.gradflow'), '{"format":"gradflow"}');
  writeFileSync(join(root, 'sub', 'index.html'), 'sub');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  const served = await serve({ root, port: 0 });
  server = served.server;
  port = Number(new URL(served.url).port);
});

after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request: fetch() would normalise `..` away before it ever reached the server. */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves files with the right MIME types and the CSP header', async () => {
  const cases: [string, string][] = [
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/kernels.wasm', 'application/wasm'],
    ['/examples/chain.gradflow', 'application/json; charset=utf-8'],
    ['/sub/', 'text/html; charset=utf-8'],
    ['/sub', 'text/html; charset=utf-8'],
  ];
  for (const [path, type] of cases) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.type, type, path);
    assert.equal(res.headers['content-security-policy'], CSP, path);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', path);
  }
  assert.equal((await get('/examples/chain.gradflow')).body, '{"format":"gradflow"}');
  assert.equal(mimeTypeFor('a/B.GRADFLOW'), 'application/json; charset=utf-8');
  assert.equal(mimeTypeFor('data.idx'), 'application/octet-stream');
  assert.equal(mimeTypeFor('noextension'), 'application/octet-stream');
});

test('refuses every way out of the folder', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2E%2E%2Fsecret.txt', '/sub/../../secret.txt',
    '/sub/..%5c..%5csecret.txt', '/%5c..%5csecret.txt', '/index.html%00.js', '/%E0%A4%A']) {
    const res = await get(path);
    assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
    assert.ok(!res.body.includes('secret'), path);
  }
  // A symlink inside the folder that leads out of it is not followed.
  assert.equal((await get('/link.txt')).status, 404);
});

test('only GET and HEAD; missing files are 404', async () => {
  assert.equal((await get('/index.html', 'POST')).status, 405);
  const head = await get('/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get('/nope.js')).status, 404);
});

test('resolveRequestPath stays inside the root', () => {
  const root = '/srv/web';
  assert.equal(resolveRequestPath(root, '/a/b.js'), '/srv/web/a/b.js');
  assert.equal(resolveRequestPath(root, '/'), '/srv/web/index.html');
  assert.equal(resolveRequestPath(root, '//etc/passwd'), '/srv/web/etc/passwd');
  assert.equal(resolveRequestPath(root, '/a/%2e%2e/b'), null);
  assert.equal(resolveRequestPath(root, '/a%00'), null);
  assert.equal(resolveRequestPath(root, '/%zz'), null);
});
