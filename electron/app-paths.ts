// Where the app's files are, from the folder of the main bundle (dist/electron/ in the repo, or inside
// resources/app.asar when packaged). Pure, so the packaged layout can be tested without packaging.
//
// Worker threads and the engine's data reads use plain Node file access, which cannot look inside an asar
// archive, so the worker bundle and the built-in datasets are unpacked next to it (electron-builder.yml
// asarUnpack) and their paths point at app.asar.unpacked.

import { join, resolve, sep } from 'node:path';

/** The same path in app.asar.unpacked when it points into app.asar (unchanged otherwise). */
export function unpackedPath(path: string, separator: string = sep): string {
  const marker = `${separator}app.asar${separator}`;
  const at = path.indexOf(marker);
  if (at < 0) return path.endsWith(`${separator}app.asar`) ? `${path}.unpacked` : path;
  return `${path.slice(0, at)}${separator}app.asar.unpacked${separator}${path.slice(at + marker.length)}`;
}

export interface AppPaths {
  /** The project (or packaged app) root: the folder holding dist/ and assets/. */
  root: string;
  preload: string;
  engineWorker: string;
  /** The built renderer (npm run build:web). */
  webRoot: string;
  examples: string;
  /** The built-in datasets the engine worker reads. */
  datasets: string;
}

/** `bundleDir` is the folder of main.cjs: <root>/dist/electron. */
export function appPaths(bundleDir: string): AppPaths {
  const root = resolve(bundleDir, '..', '..');
  return {
    root,
    preload: join(bundleDir, 'preload.cjs'),
    engineWorker: unpackedPath(join(bundleDir, 'engine-worker.cjs')),
    webRoot: join(root, 'dist', 'web'),
    examples: join(root, 'assets', 'examples'),
    datasets: unpackedPath(join(root, 'assets', 'data')),
  };
}
