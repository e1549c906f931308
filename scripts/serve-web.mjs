// Serves the web build (dist/web) on 127.0.0.1: `npm run web`, and the browser end-to-end tests.
//
// Our own few lines of node:http instead of a dependency: only GET/HEAD of files under one folder, never a
// path outside it (URL-decoded `..`, backslashes, NUL bytes and symlinks out of the folder are refused),
// correct MIME types (module scripts and wasm are refused by browsers under a wrong one), and the app's CSP
// sent as a header too, so the worker — which does not inherit the page's <meta> policy — runs under it.
// Usage: node scripts/serve-web.mjs [folder]   (PORT=… to change the port; 0 picks a free one)

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEFAULT_PORT = 4178;

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
  + "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** @type {Record<string, string>} */
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.gradflow': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.idx': 'application/octet-stream',
  '.gz': 'application/gzip',
};

/** @param {string} path */
export function mimeTypeFor(path) {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a request path names inside `root`, or null if it is malformed or points outside.
 * @param {string} root an absolute, real (symlink-free) folder
 * @param {string} urlPath the request's path, still URL-encoded
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Refuse rather than normalise: a well-behaved page never asks for `..`, so asking is a probe.
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(root, `.${relative.startsWith('/') ? relative : `/${relative}`}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * @param {{ root: string }} options
 * @returns {import('node:http').Server}
 */
export function createStaticServer({ root }) {
  const rootReal = realpath(resolve(root));
  return createServer(async (req, res) => {
    /** @param {number} status @param {string} text */
    const fail = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(`${text}\n`);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed');
      const base = await rootReal;
      const requested = resolveRequestPath(base, new URL(req.url ?? '/', 'http://localhost').pathname);
      if (!requested) return fail(400, 'bad path');
      let file = requested;
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return fail(404, 'not found');
      // A symlink inside the folder must not lead out of it.
      const real = await realpath(file);
      if (real !== base && !real.startsWith(base + sep)) return fail(404, 'not found');
      res.writeHead(200, {
        'Content-Type': mimeTypeFor(file),
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CSP,
        // Lets the page use SharedArrayBuffer later (cross-origin isolation); harmless until then.
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(real).on('error', () => res.destroy()).pipe(res);
    } catch (error) {
      if (!res.headersSent) fail(500, 'internal error');
      else res.destroy();
      console.error('serve-web:', error);
    }
  });
}

/**
 * Listen on 127.0.0.1; resolves with the address once listening.
 * @param {{ root: string, port?: number, host?: string }} options
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export function serve({ root, port = DEFAULT_PORT, host = '127.0.0.1' }) {
  const server = createStaticServer({ root });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({ server, url: `http://${host}:${actual}/` });
    });
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/web', import.meta.url)));
  const port = process.env.PORT === undefined || process.env.PORT === '' ? DEFAULT_PORT : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve-web: PORT must be a whole number from 0 to 65535, got "${process.env.PORT}"`);
    process.exit(2);
  }
  const index = await stat(join(root, 'index.html')).catch(() => null);
  if (!index) {
    console.error(`serve-web: ${root} has no index.html; build it first with \`npm run build:web\``);
    process.exit(1);
  }
  try {
    const { url } = await serve({ root, port });
    console.log(`Gradflow web build (${root}) at ${url}  (Ctrl+C to stop)`);
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    console.error(code === 'EADDRINUSE' ? `serve-web: port ${port} is in use; set PORT to another one` : `serve-web: ${String(error)}`);
    process.exit(1);
  }
}
