// A DataHost over in-memory files, for the data tests: a path not in `files` cannot be read, as on disk.

import type { DataHost } from '../../core/data/prepare.ts';

const encoder = new TextEncoder();

/** Reads `files` (text is UTF-8 encoded); assets come from `readAsset`, or none exist. */
export function memoryDataHost(
  files: Record<string, string | Uint8Array>,
  readAsset: DataHost['readAsset'] = async (name) => { throw new Error(`no asset ${name} in this test`); },
): DataHost {
  return {
    readFile: async (path) => {
      const content = files[path];
      if (content === undefined) throw new Error(`cannot read ${path}: no such file`);
      return typeof content === 'string' ? encoder.encode(content) : content;
    },
    readAsset,
  };
}
