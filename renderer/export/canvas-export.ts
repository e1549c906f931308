// Export the canvas as SVG or PNG for slides and reports (issue 6 §7). The canvas is React Flow's DOM, so the
// picture is that DOM: the viewport (nodes, edges, labels) is cloned with every element's computed style
// written inline, cut to the box around what is drawn, and wrapped in an SVG <foreignObject> — the usual
// technique (html-to-image, dom-to-image), in a small version of our own. The PNG is that SVG drawn onto a
// <canvas> through an <img> (a data: URL, which the page's CSP allows for images). Browsers render it exactly;
// editors that do not implement foreignObject (some vector tools) show the background only.

import { downloadBlob } from '../host/download.ts';
import { flowBounds, HTML_PROPERTIES, inlineStyle, parseViewTransform, pictureName, rasterScale, SVG_PROPERTIES, svgDocument, type Rect } from './svg-snapshot.ts';

const PADDING = 24;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Copy computed styles from each original element onto its clone, walking both trees together. */
function inlineStyles(original: Element, clone: Element): void {
  const style = getComputedStyle(original);
  const get = (p: string) => style.getPropertyValue(p);
  // The outer <svg> of an edge is laid out like an HTML box; the shapes inside it are painted by SVG properties.
  const isShape = original.namespaceURI === SVG_NS && original.tagName.toLowerCase() !== 'svg';
  const text = isShape ? inlineStyle(get, SVG_PROPERTIES) : inlineStyle(get, HTML_PROPERTIES, { animation: 'none', transition: 'none' });
  clone.setAttribute('style', text);
  clone.removeAttribute('class');
  if (original instanceof HTMLCanvasElement) {
    // A canvas's pixels do not survive cloning: they become an image.
    const image = document.createElement('img');
    image.setAttribute('src', original.toDataURL('image/png'));
    image.setAttribute('style', text);
    clone.replaceWith(image);
    return;
  }
  const children = original.children;
  const copies = clone.children;
  for (let i = 0; i < children.length && i < copies.length; i++) inlineStyles(children[i]!, copies[i]!);
}

const rectOf = (el: Element): Rect => {
  const r = el.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
};

/** The canvas under `root` (the element with data-testid="canvas") as a standalone SVG document. */
export function canvasToSvg(root: Element, title: string): { svg: string; width: number; height: number } {
  const viewport = root.querySelector<HTMLElement>('.react-flow__viewport');
  const flow = root.querySelector<HTMLElement>('.react-flow');
  if (!viewport || !flow || !viewport.parentElement) throw new Error('the canvas is not on the page');
  const view = parseViewTransform(getComputedStyle(viewport).transform);
  const origin = viewport.parentElement.getBoundingClientRect();
  const drawn = [...viewport.querySelectorAll('.react-flow__node, .react-flow__edge-path, .edge-label')].map(rectOf);
  const bounds = flowBounds(drawn, { x: origin.left, y: origin.top }, view);
  if (!bounds) throw new Error('the canvas is empty: there is nothing to export');
  const width = bounds.right - bounds.left + 2 * PADDING;
  const height = bounds.bottom - bounds.top + 2 * PADDING;

  const clone = viewport.cloneNode(true) as HTMLElement;
  inlineStyles(viewport, clone);
  // At zoom 1, shifted so the drawing's top-left corner sits at the padding.
  clone.style.transform = `translate(${PADDING - bounds.left}px, ${PADDING - bounds.top}px) scale(1)`;
  clone.style.transformOrigin = '0 0';
  clone.style.position = 'absolute';
  clone.style.left = '0px';
  clone.style.top = '0px';

  const flowStyle = getComputedStyle(flow);
  const frame = document.createElement('div');
  frame.setAttribute('style', inlineStyle((p) => flowStyle.getPropertyValue(p), ['color', 'font-family', 'font-size', 'line-height'],
    { position: 'relative', width: `${Math.ceil(width)}px`, height: `${Math.ceil(height)}px`, overflow: 'hidden' }));
  frame.appendChild(clone);
  const xhtml = new XMLSerializer().serializeToString(frame);
  const background = backgroundOf(flow);
  return { svg: svgDocument({ width, height, background, title, xhtml }), width, height };
}

/** The first opaque background colour from the element up. */
function backgroundOf(element: Element): string {
  for (let el: Element | null = element; el; el = el.parentElement) {
    const colour = getComputedStyle(el).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

/** Draw an SVG document onto a canvas and encode it as PNG. */
export async function svgToPng(svg: string, width: number, height: number): Promise<Blob> {
  const scale = rasterScale(width, height);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}

/** Export the canvas under `root` as a file named after the document. */
export async function exportCanvas(root: Element, format: 'svg' | 'png', documentName: string | null | undefined): Promise<void> {
  const title = documentName ?? 'Gradflow canvas';
  const { svg, width, height } = canvasToSvg(root, title);
  const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, width, height);
  downloadBlob(blob, pictureName(documentName, format));
}
