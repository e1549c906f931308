// The renderer's build (DESIGN.md §1 web mode): renderer/ → dist/web/, with the engine worker bundled as a
// module worker and the static files the page fetches served from the same origin:
//   examples/<name>.gradflow   the gallery (assets/examples), and examples/index.json listing it
//   assets/data/<name>         the built-in datasets (assets/data, built at install time)
// Vite's own bundles go to bundle/ so they never mix with assets/data.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const examplesDir = join(root, 'assets', 'examples');
const dataDir = join(root, 'assets', 'data');

interface ExampleEntry { name: string; title: string; description?: string }

/** The gallery's list, from the files themselves (their own name and description), in file-name order. */
export function exampleIndex(dir = examplesDir): ExampleEntry[] {
  return readdirSync(dir).filter((f) => f.endsWith('.gradflow')).sort().map((file) => {
    const name = basename(file, '.gradflow');
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name?: unknown; description?: unknown };
    const entry: ExampleEntry = { name, title: typeof doc.name === 'string' ? doc.name : name };
    if (typeof doc.description === 'string') entry.description = doc.description;
    return entry;
  });
}

const dataFiles = (): string[] => (existsSync(dataDir) ? readdirSync(dataDir).filter((f) => !f.startsWith('.')).sort() : []);

/** Every static file of the web build: its URL path (relative to the page) and how to get its bytes. */
function staticFiles(): Map<string, () => Buffer | string> {
  const files = new Map<string, () => Buffer | string>();
  files.set('examples/index.json', () => `${JSON.stringify(exampleIndex(), null, 2)}\n`);
  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.gradflow'))) files.set(`examples/${file}`, () => readFileSync(join(examplesDir, file)));
  for (const file of dataFiles()) files.set(`assets/data/${file}`, () => readFileSync(join(dataDir, file)));
  return files;
}

function gradflowStaticFiles(): Plugin {
  return {
    name: 'gradflow-static-files',
    buildStart() {
      // Without the datasets the MNIST and Auto MPG examples fail at run time; say so at build time.
      if (dataFiles().length === 0) this.warn('assets/data is empty: run `npm run build:assets` first, or the MNIST and Auto MPG examples cannot load');
    },
    generateBundle() {
      for (const [fileName, read] of staticFiles()) this.emitFile({ type: 'asset', fileName, source: read() });
    },
    configureServer(server) {
      // `vite` (dev) serves the same paths straight from assets/, so the page behaves as it does when built.
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '').replace(/^\/+/, '');
        const read = staticFiles().get(path);
        if (!read) return next();
        res.setHeader('Content-Type', path.endsWith('.idx') ? 'application/octet-stream' : 'application/json');
        res.end(read());
      });
    },
  };
}

/**
 * The dev server's React refresh preamble is an inline script, which the page's CSP forbids; drop the meta
 * tag when serving for development only. The build keeps it, and the e2e test checks the built page under it.
 */
function relaxCspInDev(): Plugin {
  return {
    name: 'gradflow-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export default defineConfig({
  root: join(root, 'renderer'),
  // Relative URLs, so the same build works from any folder: 127.0.0.1/, a sub-path, or the desktop app.
  base: './',
  publicDir: false,
  plugins: [react(), gradflowStaticFiles(), relaxCspInDev()],
  build: {
    outDir: join(root, 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'bundle',
    target: 'es2022',
    // The CSP has no 'unsafe-inline' for scripts: never inline anything as a data: URL either.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
});
