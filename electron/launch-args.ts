// Which documents the app was asked to open: a `.gradflow` path on the command line (Windows and Linux file
// association, `npm start -- FILE`, or a second launch forwarded by the single-instance lock). macOS sends
// 'open-file' events instead. Pure, so the argv shapes of dev and packaged runs can be tested.

import { isAbsolute, resolve } from 'node:path';

export const DOCUMENT_EXTENSION = '.gradflow';

/**
 * The document paths in an argv, made absolute against `cwd` (the launching shell's folder, which for a second
 * instance is not ours). argv[0] is the executable; in development argv[1] is the main script, which never ends
 * in .gradflow, so no special case is needed. Chromium switches (--foo) are skipped.
 */
export function documentPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const paths: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (!arg.toLowerCase().endsWith(DOCUMENT_EXTENSION)) continue;
    const full = isAbsolute(arg) ? arg : resolve(cwd, arg);
    if (!paths.includes(full)) paths.push(full);
  }
  return paths;
}
