// The Open Recent list: most recent first, no duplicates, bounded. Pure; main stores it as JSON in the app's
// userData folder and mirrors it to the OS (app.addRecentDocument).

export const MAX_RECENT_FILES = 10;

/** The list with `path` moved to (or added at) the front. */
export function addRecent(list: readonly string[], path: string, max = MAX_RECENT_FILES): string[] {
  return [path, ...list.filter((p) => p !== path)].slice(0, max);
}

export function removeRecent(list: readonly string[], path: string): string[] {
  return list.filter((p) => p !== path);
}

/** The stored list, tolerating a missing, corrupt or hand-edited file (it is only a convenience). */
export function parseRecentList(text: string | null): string[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    const paths = value.filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length < 4096);
    return [...new Set(paths)].slice(0, MAX_RECENT_FILES);
  } catch {
    return [];
  }
}
