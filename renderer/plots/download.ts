// Saving what the plots make (a PNG or SVG of a plot, a run's CSV) as a file. A page cannot write files, so
// the browser's own download does it: a blob URL on an <a download>, clicked and revoked. (In the desktop app
// Electron turns the same download into a save dialog.) plotly hands images over as data: URLs, which the
// page's CSP does not let fetch() read, so they are decoded here.

/** A data: URL's bytes as a Blob (base64 or percent-encoded). */
export function dataUrlToBlob(url: string): Blob {
  const match = /^data:([^,;]*)((?:;[^,;]+)*?)(;base64)?,(.*)$/s.exec(url);
  if (!match) throw new Error('not a data: URL');
  const type = match[1] || 'text/plain';
  const body = match[4]!;
  if (match[3]) {
    const binary = atob(body);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(body)], { type });
}

/** A file name from free text (a document's name): letters, digits, dashes; never empty. */
export function fileNamePart(text: string): string {
  const cleaned = text.normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-').toLowerCase();
  return cleaned.slice(0, 60) || 'gradflow';
}

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
  // The download has its own reference to the blob once it started; give it a moment anyway.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const downloadText = (text: string, name: string, type = 'text/plain'): void => downloadBlob(new Blob([text], { type: `${type};charset=utf-8` }), name);
