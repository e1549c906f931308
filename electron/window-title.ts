// The window title: the file name and an unsaved-changes marker, as in every document app. Pure, for tests
// and so the renderer (web build) can show the same text as the document title.

export const APP_NAME = 'Gradflow';
/** The marker editors put before the name of a document with unsaved changes. */
export const DIRTY_MARKER = '●';

/** The last segment of a path written with / or \ (Windows paths reach main on every platform in tests). */
export function fileNameOf(path: string): string {
  const segments = path.split(/[\\/]/).filter((s) => s.length > 0);
  return segments[segments.length - 1] ?? path;
}

/**
 * "● model.gradflow — Gradflow" (unsaved) or "model.gradflow — Gradflow". `name` stands in for a document
 * that has no file yet (an example's title, or "Untitled").
 */
export function windowTitle(path: string | null, dirty: boolean, name = 'Untitled'): string {
  const shown = path === null || path.trim() === '' ? name : fileNameOf(path);
  return `${dirty ? `${DIRTY_MARKER} ` : ''}${shown} — ${APP_NAME}`;
}
