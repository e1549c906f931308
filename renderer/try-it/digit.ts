// A hand-drawn digit made into what an MNIST network was trained on (issue 6 §3). MNIST's own recipe (LeCun et
// al.): the digit's bounding box is scaled to fit a 20×20 box keeping its aspect ratio (anti-aliased, so
// strokes have soft grey edges), then placed in a 28×28 field so that its centre of mass sits at the centre.
// Values are ink intensities in [0, 1] — the built-in set's pixel/255 (core/data/idx.ts), before the
// document's own scaling. Pure: strokes in, 784 numbers out.

export const DIGIT_SIDE = 28;
/** MNIST fits each digit into a box this big, inside the 28×28 field. */
const FIT_BOX = 20;
/** Resolution the strokes are painted at before being scaled down (per side). */
export const PAINT_SIDE = 112;

/** A point in the drawing area, both coordinates in [0, 1] (x right, y down). */
export interface Point {
  x: number;
  y: number;
}
export type Stroke = readonly Point[];

export interface Brush {
  /** Radius of the pen, as a share of the drawing area's side. */
  radius: number;
  /** Width of the soft edge, as a share of the side (0 = hard). */
  softness: number;
}

export const DEFAULT_BRUSH: Brush = { radius: 0.045, softness: 0.025 };

/** Distance from p to the segment a–b. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return Math.sqrt(cx * cx + cy * cy);
}

/** The strokes painted with a round soft pen on a side × side grid of intensities in [0, 1] (row-major). */
export function paintStrokes(strokes: readonly Stroke[], brush: Brush = DEFAULT_BRUSH, side = PAINT_SIDE): Float32Array {
  const ink = new Float32Array(side * side);
  const r = brush.radius * side;
  const soft = Math.max(1e-6, brush.softness * side);
  const reach = r + soft;
  for (const stroke of strokes) {
    for (let i = 0; i < stroke.length; i++) {
      const a = stroke[i]!;
      const b = stroke[Math.min(i + 1, stroke.length - 1)]!;
      const [ax, ay, bx, by] = [a.x * side, a.y * side, b.x * side, b.y * side];
      const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - reach));
      const x1 = Math.min(side - 1, Math.ceil(Math.max(ax, bx) + reach));
      const y0 = Math.max(0, Math.floor(Math.min(ay, by) - reach));
      const y1 = Math.min(side - 1, Math.ceil(Math.max(ay, by) + reach));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const d = segmentDistance(x + 0.5, y + 0.5, ax, ay, bx, by);
          // Full ink inside the radius, fading smoothly to none over the soft edge.
          const t = Math.min(1, Math.max(0, (reach - d) / soft));
          const value = t * t * (3 - 2 * t);
          const k = y * side + x;
          if (value > ink[k]!) ink[k] = value;
        }
      }
    }
  }
  return ink;
}

/** The bounding box of the cells with any ink, or null when there is none. */
export function inkBounds(ink: ArrayLike<number>, side: number, threshold = 0.02): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = side;
  let y0 = side;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (ink[y * side + x]! <= threshold) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** The intensity-weighted centre of a w × h grid, in cell units (cell i spans [i, i + 1)); null when it is blank. */
export function centreOfMass(ink: ArrayLike<number>, w: number, h = w): { x: number; y: number } | null {
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = ink[y * w + x]!;
      total += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return total > 0 ? { x: sx / total, y: sy / total } : null;
}

/** Area-average the source rectangle (in source cells) over each cell of a w × h target. */
function resample(ink: Float32Array, side: number, box: { x0: number; y0: number; w: number; h: number }, w: number, h: number): Float32Array {
  const out = new Float32Array(w * h);
  const sx = box.w / w;
  const sy = box.h / h;
  for (let ty = 0; ty < h; ty++) {
    const fy0 = box.y0 + ty * sy;
    const fy1 = fy0 + sy;
    for (let tx = 0; tx < w; tx++) {
      const fx0 = box.x0 + tx * sx;
      const fx1 = fx0 + sx;
      let sum = 0;
      for (let y = Math.floor(fy0); y < Math.ceil(fy1); y++) {
        const wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
        if (y < 0 || y >= side || wy <= 0) continue;
        for (let x = Math.floor(fx0); x < Math.ceil(fx1); x++) {
          const wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
          if (x < 0 || x >= side || wx <= 0) continue;
          sum += ink[y * side + x]! * wx * wy;
        }
      }
      out[ty * w + tx] = sum / (sx * sy);
    }
  }
  return out;
}

/**
 * MNIST's preprocessing: fit the inked part into a 20×20 box (aspect ratio kept), then shift it in the 28×28
 * field so its centre of mass is at the middle. Returns 784 intensities in [0, 1], row-major, top row first;
 * all zeros when nothing is drawn.
 */
export function mnistDigit(ink: Float32Array, side: number): Float32Array {
  const field = new Float32Array(DIGIT_SIDE * DIGIT_SIDE);
  const bounds = inkBounds(ink, side);
  if (!bounds) return field;
  const bw = bounds.x1 - bounds.x0;
  const bh = bounds.y1 - bounds.y0;
  // The longer side becomes 20 cells; the shorter keeps the ratio (at least one cell).
  const factor = FIT_BOX / Math.max(bw, bh);
  const w = Math.max(1, Math.round(bw * factor));
  const h = Math.max(1, Math.round(bh * factor));
  const fitted = resample(ink, side, { x0: bounds.x0, y0: bounds.y0, w: bw, h: bh }, w, h);
  const com = centreOfMass(fitted, w, h) ?? { x: w / 2, y: h / 2 };
  // Where the fitted box's corner goes so its centre of mass lands on the field's centre, kept inside the field.
  const left = Math.min(DIGIT_SIDE - w, Math.max(0, Math.round(DIGIT_SIDE / 2 - com.x)));
  const top = Math.min(DIGIT_SIDE - h, Math.max(0, Math.round(DIGIT_SIDE / 2 - com.y)));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) field[(top + y) * DIGIT_SIDE + left + x] = Math.min(1, fitted[y * w + x]!);
  }
  return field;
}

/** Strokes to the 784 values an MNIST network takes (before the document's scaling). */
export function digitFromStrokes(strokes: readonly Stroke[], brush: Brush = DEFAULT_BRUSH): Float32Array {
  return mnistDigit(paintStrokes(strokes, brush), PAINT_SIDE);
}
