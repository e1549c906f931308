// Bundles the desktop app's three Node-side programs with esbuild into dist/electron/:
//   main.cjs           the main process            (electron/main.ts)
//   preload.cjs        the sandboxed preload        (electron/preload.ts)
//   engine-worker.cjs  the engine's worker thread   (electron/engine-worker.ts)
//
// Why CommonJS with .cjs names: a sandboxed preload must be CommonJS, and the worker is loaded from
// app.asar.unpacked/ in the packaged app, where no package.json says "type": "module" — an explicit extension
// means the same thing everywhere. `import.meta.url` / `import.meta.dirname` are shimmed for the main and
// worker bundles, so sources written as ES modules keep working.
//
// Checks after building: the preload imports nothing but 'electron' (all a sandboxed preload may require), and
// the worker does not import 'electron' at all (it does not exist inside a worker thread).
// Usage: node scripts/build-electron.mjs    (also imported by scripts/start.mjs and check-packaging.mjs)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const ELECTRON_OUT_DIR = join(root, 'dist', 'electron');

const shim = {
  banner: { js: 'const __gradflow_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { 'import.meta.url': '__gradflow_import_meta_url', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

const bundles = [
  { entry: 'electron/main.ts', out: 'main.cjs', ...shim, allowedExternals: null, forbidden: [] },
  { entry: 'electron/preload.ts', out: 'preload.cjs', allowedExternals: ['electron'], forbidden: [] },
  { entry: 'electron/engine-worker.ts', out: 'engine-worker.cjs', ...shim, allowedExternals: null, forbidden: ['electron'] },
];

/**
 * Builds the bundles (all, or those whose output names are in `only`) into `outDir`; returns the paths written.
 * Throws with a readable message on any problem.
 */
export async function buildElectron({ quiet = false, outDir = ELECTRON_OUT_DIR, only = null } = {}) {
  const written = [];
  for (const bundle of bundles) {
    if (only && !only.includes(bundle.out)) continue;
    const entry = join(root, bundle.entry);
    if (!existsSync(entry)) throw new Error(`build-electron: ${bundle.entry} does not exist yet`);
    const outfile = join(outDir, bundle.out);
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // Electron 45 runs Node 22.
      target: 'node22',
      external: ['electron'],
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      legalComments: 'none',
      banner: bundle.banner,
      define: bundle.define,
    });
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    if (bundle.allowedExternals) {
      const extra = imports.filter((p) => !bundle.allowedExternals.includes(p));
      if (extra.length > 0) throw new Error(`build-electron: ${bundle.out} may only require ${bundle.allowedExternals.join(', ')} (sandboxed), but imports ${[...new Set(extra)].join(', ')}`);
    }
    const forbidden = imports.filter((p) => bundle.forbidden.includes(p));
    if (forbidden.length > 0) throw new Error(`build-electron: ${bundle.out} must not import ${forbidden.join(', ')}`);
    written.push(outfile);
    if (!quiet) console.log(`build-electron: ${relative(root, outfile)}`);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildElectron().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
