// The pure half of exporting the canvas as a picture (issue 6 §7): which computed style properties are copied
// onto the cloned DOM (so the picture needs no stylesheet), how React Flow's viewport transform is read, the
// box around everything drawn, and the SVG document wrapping the clone in a <foreignObject>. No DOM here, so
// it is unit-tested under Node; canvas-export.ts does the DOM work.

/** Properties that decide how an HTML element looks and where it sits. */
export const HTML_PROPERTIES = [
  'display', 'position', 'top', 'left', 'right', 'bottom', 'width', 'height', 'min-width', 'min-height', 'box-sizing',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
  'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
  'border-top-left-radius', 'border-top-right-radius', 'border-bottom-right-radius', 'border-bottom-left-radius',
  'background-color', 'background-image', 'color', 'opacity', 'visibility', 'overflow-x', 'overflow-y', 'transform', 'transform-origin',
  'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'text-align', 'text-transform', 'text-overflow',
  'text-decoration-line', 'white-space', 'vertical-align', 'flex-direction', 'flex-wrap', 'flex-grow', 'flex-shrink', 'flex-basis',
  'align-items', 'align-self', 'justify-content', 'row-gap', 'column-gap', 'grid-template-columns', 'grid-template-rows',
  'grid-column-start', 'grid-column-end', 'grid-row-start', 'grid-row-end', 'z-index', 'box-shadow',
  'outline-width', 'outline-style', 'outline-color', 'outline-offset', 'font-variant-numeric',
] as const;

/** Properties that paint an SVG shape (its geometry stays in its attributes). */
export const SVG_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity', 'stroke-linecap',
  'stroke-linejoin', 'opacity', 'visibility', 'display', 'font-family', 'font-size', 'font-weight',
] as const;

// A property at its usual initial value need not be written (keeps the file small). Values as browsers compute them.
const INITIAL: Record<string, readonly string[]> = {
  top: ['auto'], left: ['auto'], right: ['auto'], bottom: ['auto'], 'z-index': ['auto'], 'min-width': ['auto', '0px'], 'min-height': ['auto', '0px'],
  'margin-top': ['0px'], 'margin-right': ['0px'], 'margin-bottom': ['0px'], 'margin-left': ['0px'],
  'padding-top': ['0px'], 'padding-right': ['0px'], 'padding-bottom': ['0px'], 'padding-left': ['0px'],
  'border-top-style': ['none'], 'border-right-style': ['none'], 'border-bottom-style': ['none'], 'border-left-style': ['none'],
  'border-top-left-radius': ['0px'], 'border-top-right-radius': ['0px'], 'border-bottom-right-radius': ['0px'], 'border-bottom-left-radius': ['0px'],
  'background-color': ['rgba(0, 0, 0, 0)', 'transparent'], 'background-image': ['none'], opacity: ['1'], visibility: ['visible'],
  'overflow-x': ['visible'], 'overflow-y': ['visible'], transform: ['none'], 'letter-spacing': ['normal'], 'text-transform': ['none'],
  'text-overflow': ['clip'], 'text-decoration-line': ['none'], 'white-space': ['normal'], 'vertical-align': ['baseline'],
  'flex-direction': ['row'], 'flex-wrap': ['nowrap'], 'flex-grow': ['0'], 'flex-shrink': ['1'], 'flex-basis': ['auto'],
  'align-items': ['normal'], 'align-self': ['auto'], 'justify-content': ['normal'], 'row-gap': ['normal'], 'column-gap': ['normal'],
  'grid-template-columns': ['none'], 'grid-template-rows': ['none'], 'grid-column-start': ['auto'], 'grid-column-end': ['auto'],
  'grid-row-start': ['auto'], 'grid-row-end': ['auto'], 'box-shadow': ['none'], 'outline-style': ['none'], 'outline-offset': ['0px'],
  'font-variant-numeric': ['normal'], 'font-style': ['normal'], 'stroke-dasharray': ['none'], 'stroke-dashoffset': ['0px'],
  'fill-opacity': ['1'], 'stroke-opacity': ['1'], 'stroke-linecap': ['butt'], 'stroke-linejoin': ['miter'],
};
// Borders and outlines without a style draw nothing: their width and colour are noise.
const UNLESS_STYLED: Record<string, string> = {
  'border-top-width': 'border-top-style', 'border-top-color': 'border-top-style',
  'border-right-width': 'border-right-style', 'border-right-color': 'border-right-style',
  'border-bottom-width': 'border-bottom-style', 'border-bottom-color': 'border-bottom-style',
  'border-left-width': 'border-left-style', 'border-left-color': 'border-left-style',
  'outline-width': 'outline-style', 'outline-color': 'outline-style',
};

/**
 * An element's computed style as an inline `style` text: the given properties, minus those at their initial
 * value, plus `extra` declarations (which win). `get` reads one computed property.
 */
export function inlineStyle(get: (property: string) => string, properties: readonly string[], extra: Record<string, string> = {}): string {
  const out: string[] = [];
  for (const property of properties) {
    if (property in extra) continue;
    const value = get(property);
    if (value === '' || INITIAL[property]?.includes(value)) continue;
    const styleOf = UNLESS_STYLED[property];
    if (styleOf && get(styleOf) === 'none') continue;
    out.push(`${property}: ${value}`);
  }
  for (const [property, value] of Object.entries(extra)) out.push(`${property}: ${value}`);
  return out.join('; ');
}

export interface ViewTransform {
  x: number;
  y: number;
  zoom: number;
}

/** React Flow's viewport transform, written as `translate(x px, y px) scale(k)` or computed as `matrix(…)`. */
export function parseViewTransform(transform: string): ViewTransform {
  const matrix = transform.match(/^matrix\(([^)]+)\)$/);
  if (matrix) {
    const [a, , , , e, f] = matrix[1]!.split(',').map((v) => Number.parseFloat(v));
    return { x: e ?? 0, y: f ?? 0, zoom: a ?? 1 };
  }
  const translate = transform.match(/translate\(\s*(-?[\d.e+-]+)px\s*,\s*(-?[\d.e+-]+)px\s*\)/);
  const scale = transform.match(/scale\(\s*([\d.e+-]+)\s*\)/);
  return { x: translate ? Number(translate[1]) : 0, y: translate ? Number(translate[2]) : 0, zoom: scale ? Number(scale[1]) : 1 };
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The box around screen rectangles, in the flow's own coordinates (undoing the viewport's pan and zoom), or
 * null when there are none. `origin` is where the viewport's (0, 0) is on screen before its transform.
 */
export function flowBounds(rects: readonly Rect[], origin: { x: number; y: number }, view: ViewTransform): Rect | null {
  const drawn = rects.filter((r) => r.right > r.left || r.bottom > r.top);
  if (drawn.length === 0) return null;
  const toFlowX = (sx: number) => (sx - origin.x - view.x) / view.zoom;
  const toFlowY = (sy: number) => (sy - origin.y - view.y) / view.zoom;
  return {
    left: Math.min(...drawn.map((r) => toFlowX(r.left))), top: Math.min(...drawn.map((r) => toFlowY(r.top))),
    right: Math.max(...drawn.map((r) => toFlowX(r.right))), bottom: Math.max(...drawn.map((r) => toFlowY(r.bottom))),
  };
}

export const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/**
 * A standalone SVG document: a background, a title, and the serialized XHTML of the canvas in a foreignObject
 * (which must already carry its xmlns, as XMLSerializer writes it).
 */
export function svgDocument(options: { width: number; height: number; background: string; title: string; xhtml: string }): string {
  const { width, height, background, title, xhtml } = options;
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return `<?xml version="1.0" encoding="UTF-8"?>\n`
    + `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`
    + `<title>${escapeXml(title)}</title>`
    + `<rect width="100%" height="100%" fill="${escapeXml(background)}"/>`
    + `<foreignObject x="0" y="0" width="${w}" height="${h}">${xhtml}</foreignObject>`
    + `</svg>\n`;
}

/** The PNG's scale: crisp (2×) for slides, but within the browser's canvas limits. */
export function rasterScale(width: number, height: number, preferred = 2, maxSide = 8192, maxPixels = 32e6): number {
  const bySide = maxSide / Math.max(width, height, 1);
  const byArea = Math.sqrt(maxPixels / Math.max(1, width * height));
  return Math.max(0.1, Math.min(preferred, bySide, byArea));
}

/** A file name for the picture of a document ("Spiral classifier" → "Spiral classifier.png"). */
export function pictureName(documentName: string | null | undefined, extension: 'png' | 'svg'): string {
  const base = (documentName ?? '').replace(/\.gradflow$/i, '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').trim();
  return `${base || 'gradflow-canvas'}.${extension}`;
}
