// The browser's own way of saving a file a page made (a plot, the canvas, a run's CSV, a document when the
// File System Access API is missing): a blob URL on an <a download>, clicked, then revoked. The desktop app's
// Electron turns the same download into a save dialog. One helper for all of them.

/** Let the browser save `blob` as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers (they read the URL asynchronously); a minute
  // is plenty for it to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Let the browser save `text` as `name`, with a media type (UTF-8). */
export const downloadText = (text: string, name: string, type = 'text/plain'): void =>
  downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), name);
