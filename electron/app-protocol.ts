// The app:// scheme the renderer is served from (app://gradflow/index.html). A real origin, rather than file://,
// gives the page a proper 'self' for its Content-Security-Policy, lets the sender check compare origins, and
// confines what the page can load to the built renderer folder. The resolver is pure; main.ts registers it.

import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './ipc-validate.ts';

export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The file under `webRoot` an app:// URL names, or null when it names nothing we serve (another host, a path
 * that climbs out of the folder, an encoded separator trick). "/" serves index.html.
 */
export function appRequestPath(url: string, webRoot: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A decoded backslash or NUL is never part of a file we built; refuse rather than interpret it.
  if (path.includes('\\') || path.includes('\0')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const full = normalize(join(webRoot, path));
  const inside = relative(webRoot, full);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return null;
  return full;
}
