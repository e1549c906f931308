// The engine's DataHost inside the page's worker: built-in datasets are fetched from the web build's
// assets/data/ folder (same origin, so the CSP's connect-src 'self' allows it), and user data files are the
// bytes the page picked and passed in the load command's `files` — a page cannot resolve paths.

import type { BuiltinAsset, DataHost } from '../core/data/prepare.ts';

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

const normalize = (path: string): string => path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

/** Gunzip in the browser's own decompressor (no library, no wasm). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface WorkerDataHost extends DataHost {
  /** The files of the document being loaded (replaces those of the previous one). */
  setFiles(files: unknown): void;
}

export function createWorkerDataHost(assetBase: string, fetchImpl: Fetch = (url) => fetch(url)): WorkerDataHost {
  let files = new Map<string, Uint8Array>();
  // MNIST is ~8 MB: fetch it once per worker, not on every load of an MNIST example.
  const assets = new Map<BuiltinAsset, Promise<Uint8Array>>();

  const fetchAsset = async (name: BuiltinAsset): Promise<Uint8Array> => {
    const url = new URL(name, assetBase).href;
    let response;
    try {
      response = await fetchImpl(url);
    } catch (error) {
      throw new Error(`could not load the built-in dataset "${name}" from ${url}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new Error(`could not load the built-in dataset "${name}" (HTTP ${response.status} from ${url})`);
    return new Uint8Array(await response.arrayBuffer());
  };

  return {
    setFiles(given) {
      const entries = typeof given === 'object' && given !== null ? Object.entries(given) : [];
      files = new Map(entries.filter((e): e is [string, Uint8Array] => e[1] instanceof Uint8Array).map(([path, bytes]) => [normalize(path), bytes]));
    },
    async readFile(path) {
      const bytes = files.get(normalize(path));
      if (!bytes) throw new Error(`the data file "${path}" was not provided: in the web version, pick it when the page asks for it`);
      return /\.gz$/i.test(path) ? gunzip(bytes) : bytes;
    },
    readAsset(name) {
      let pending = assets.get(name);
      if (!pending) {
        pending = fetchAsset(name);
        // A failed fetch must not be cached: the next load should try again.
        pending.catch(() => assets.delete(name));
        assets.set(name, pending);
      }
      return pending;
    },
  };
}
