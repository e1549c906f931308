// The pure half of the canvas export: inline styles without defaults, React Flow's transform, the box around
// the drawing in flow coordinates, the SVG wrapper, the PNG's scale and the file name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeXml, flowBounds, inlineStyle, parseViewTransform, pictureName, rasterScale, svgDocument } from './svg-snapshot.ts';

test('inline styles keep what differs from the initial value, drop unstyled borders, and let extras win', () => {
  const computed: Record<string, string> = {
    color: 'rgb(29, 35, 43)', 'margin-top': '0px', 'border-top-width': '1px', 'border-top-style': 'none', 'border-top-color': 'red',
    'border-left-width': '4px', 'border-left-style': 'solid', 'border-left-color': 'rgb(47, 111, 222)', transform: 'none', opacity: '0.5', width: '150px',
  };
  const text = inlineStyle((p) => computed[p] ?? '', ['color', 'margin-top', 'border-top-width', 'border-top-color', 'border-left-width', 'border-left-color', 'transform', 'opacity', 'width'], { width: '10px' });
  assert.equal(text, 'color: rgb(29, 35, 43); border-left-width: 4px; border-left-color: rgb(47, 111, 222); opacity: 0.5; width: 10px');
});

test('React Flow\'s viewport transform reads from its style or its computed matrix', () => {
  assert.deepEqual(parseViewTransform('translate(12.5px, -40px) scale(0.8)'), { x: 12.5, y: -40, zoom: 0.8 });
  assert.deepEqual(parseViewTransform('matrix(0.8, 0, 0, 0.8, 12.5, -40)'), { x: 12.5, y: -40, zoom: 0.8 });
  assert.deepEqual(parseViewTransform('none'), { x: 0, y: 0, zoom: 1 });
});

test('the box around the drawing is in flow coordinates, undoing pan and zoom', () => {
  // Viewport origin at (100, 50) on screen, panned by (20, 10), zoom 2: screen x = 100 + 20 + 2·flow x.
  const view = { x: 20, y: 10, zoom: 2 };
  const rects = [{ left: 120, top: 60, right: 220, bottom: 100 }, { left: 320, top: 160, right: 340, bottom: 200 }, { left: 0, top: 0, right: 0, bottom: 0 }];
  assert.deepEqual(flowBounds(rects, { x: 100, y: 50 }, view), { left: 0, top: 0, right: 110, bottom: 70 });
  assert.equal(flowBounds([], { x: 0, y: 0 }, view), null);
});

test('the SVG wraps the XHTML in a foreignObject with a background and an escaped title', () => {
  const svg = svgDocument({ width: 100.2, height: 50, background: 'rgb(255, 255, 255)', title: 'a < b & "c"', xhtml: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' });
  assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="101" height="50" viewBox="0 0 101 50">/);
  assert.match(svg, /<title>a &lt; b &amp; &quot;c&quot;<\/title>/);
  assert.match(svg, /<foreignObject x="0" y="0" width="101" height="50"><div xmlns="http:\/\/www.w3.org\/1999\/xhtml">x<\/div><\/foreignObject><\/svg>\n$/);
  assert.equal(escapeXml(`<'&'>`), '&lt;&apos;&amp;&apos;&gt;');
});

test('the PNG is 2× where it fits the browser\'s canvas limits, smaller where not', () => {
  assert.equal(rasterScale(800, 600), 2);
  assert.equal(rasterScale(8000, 100), 8192 / 8000);
  assert.ok(Math.abs(rasterScale(5000, 5000) - Math.sqrt(32e6 / 25e6)) < 1e-12);
});

test('pictures are named after the document', () => {
  assert.equal(pictureName('Spiral classifier', 'png'), 'Spiral classifier.png');
  assert.equal(pictureName('net.gradflow', 'svg'), 'net.svg');
  assert.equal(pictureName('a/b:c', 'svg'), 'a b c.svg');
  assert.equal(pictureName(null, 'png'), 'gradflow-canvas.png');
});
