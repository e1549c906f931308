// Saving what the plots make (a PNG or SVG of a plot, a run's CSV) as a file, through the browser's download
// (renderer/host/download.ts). plotly hands images over as data: URLs, which the page's CSP does not let
// fetch() read, so they are decoded here.

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

export { downloadBlob, downloadText } from '../host/download.ts';
