// Draws the app icon — a tiny computational graph (an input feeding two operations feeding a loss, one edge
// lit up as a flowing gradient) on a rounded indigo-to-teal square — as assets/icons/icon.svg and as PNGs,
// with a minimal PNG encoder on node:zlib, so no image tool or download is needed.
//   assets/icons/icon.svg            the source picture
//   assets/icons/icon.png            1024 px (macOS icns and Windows ico are derived from it by electron-builder)
//   assets/icons/png/NxN.png         16 … 512 px, the set Linux packages install
// Usage: node scripts/make-icons.mjs   (the outputs are committed; rerun after changing the drawing)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = fileURLToPath(new URL('../assets/icons/', import.meta.url));

// The drawing, in a 512-unit square.
const CORNER = 112;
const NODES = [[136, 256], [256, 160], [256, 352], [376, 256]];
const EDGES = [[0, 1, 'fwd'], [0, 2, 'fwd'], [1, 3, 'fwd'], [2, 3, 'grad']];
const NODE_R = 44;
const EDGE_W = 22;
const TOP = [67, 56, 202]; // indigo
const BOTTOM = [13, 148, 136]; // teal
const WHITE = [255, 255, 255];
const GRADIENT = [251, 146, 60]; // orange: the gradient flowing back

function svg() {
  const edge = ([a, b, kind]) =>
    `<line x1="${NODES[a][0]}" y1="${NODES[a][1]}" x2="${NODES[b][0]}" y2="${NODES[b][1]}" stroke="${kind === 'grad' ? 'rgb(251,146,60)' : '#fff'}" stroke-width="${EDGE_W}" stroke-linecap="round"${kind === 'grad' ? '' : ' stroke-opacity="0.85"'}/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${TOP})"/><stop offset="1" stop-color="rgb(${BOTTOM})"/></linearGradient></defs>
  <rect width="512" height="512" rx="${CORNER}" fill="url(#bg)"/>
  ${EDGES.map(edge).join('\n  ')}
  ${NODES.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${NODE_R}" fill="#fff"/>`).join('\n  ')}
  ${NODES.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${NODE_R * 0.42}" fill="rgb(${TOP})" fill-opacity="0.9"/>`).join('\n  ')}
</svg>
`;
}

// Signed distances (negative inside), in drawing units.
const roundedSquare = (x, y) => {
  const qx = Math.abs(x - 256) - (256 - CORNER);
  const qy = Math.abs(y - 256) - (256 - CORNER);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - CORNER;
};
const circle = (x, y, [cx, cy], r) => Math.hypot(x - cx, y - cy) - r;
function segment(x, y, [ax, ay], [bx, by], width) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)) - width / 2;
}

/** Paints one layer over the pixel: `d` the distance, `unit` the size of a pixel in drawing units (anti-aliasing). */
const over = (pixel, color, d, unit, opacity = 1) => {
  const a = Math.max(0, Math.min(1, 0.5 - d / unit)) * opacity;
  for (let c = 0; c < 3; c += 1) pixel[c] = pixel[c] * (1 - a) + color[c] * a;
  pixel[3] = pixel[3] + a * (1 - pixel[3]);
};

function render(size) {
  const unit = 512 / size;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const x = (px + 0.5) * unit;
      const y = (py + 0.5) * unit;
      const t = (x + y) / 1024;
      const pixel = [0, 0, 0, 0];
      over(pixel, TOP.map((c, i) => c + (BOTTOM[i] - c) * t), roundedSquare(x, y), unit);
      for (const [a, b, kind] of EDGES) over(pixel, kind === 'grad' ? GRADIENT : WHITE, segment(x, y, NODES[a], NODES[b], EDGE_W), unit, kind === 'grad' ? 1 : 0.85);
      for (const node of NODES) over(pixel, WHITE, circle(x, y, node, NODE_R), unit);
      for (const node of NODES) over(pixel, TOP, circle(x, y, node, NODE_R * 0.42), unit, 0.9);
      // Colours were blended straight; store them with the coverage as alpha.
      const i = (py * size + px) * 4;
      rgba[i] = Math.round(pixel[0]);
      rgba[i + 1] = Math.round(pixel[1]);
      rgba[i + 2] = Math.round(pixel[2]);
      rgba[i + 3] = Math.round(pixel[3] * 255);
    }
  }
  return png(size, size, rgba);
}

// PNG: signature, IHDR (RGBA, 8 bits), one IDAT of filter-0 scanlines, IEND.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

mkdirSync(join(out, 'png'), { recursive: true });
writeFileSync(join(out, 'icon.svg'), svg());
writeFileSync(join(out, 'icon.png'), render(1024));
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) writeFileSync(join(out, 'png', `${size}x${size}.png`), render(size));
console.log(`make-icons: wrote ${out}icon.svg, icon.png (1024 px) and png/16x16 … 512x512`);
