// Tensors as pictures (issue 6 §6): a weight matrix as a heatmap, a first layer's weights as one image per
// neuron, Conv2D kernels as small images, feature maps one per channel, misclassified inputs as a grid. All
// of them become one heatmap of tiles separated by empty (null) gaps, so one plotly trace draws a grid of
// any size. Pure; row-major data as the engine sends it.

export interface Picture {
  /** Row-major pixels of one image. */
  pixels: ArrayLike<number>;
  height: number;
  width: number;
  /** Shown on hover and as the tile's caption. */
  label?: string;
}

export interface TileGrid {
  /** z[row][column], null in the gaps; row 0 is the top (plot it with a reversed y axis). */
  z: (number | null)[][];
  /** Each picture's top-left corner in z, with its label, for captions. */
  tiles: { row: number; column: number; label?: string }[];
  columns: number;
  rows: number;
}

/** Pictures (all the same size) in a grid of `columns`, `gap` empty cells between them. */
export function tilePictures(pictures: readonly Picture[], columns: number, gap = 1): TileGrid {
  if (pictures.length === 0) return { z: [], tiles: [], columns: 0, rows: 0 };
  const { height, width } = pictures[0]!;
  const cols = Math.max(1, Math.min(columns, pictures.length));
  const rows = Math.ceil(pictures.length / cols);
  const z: (number | null)[][] = Array.from({ length: rows * height + (rows - 1) * gap }, () => new Array<number | null>(cols * width + (cols - 1) * gap).fill(null));
  const tiles: TileGrid['tiles'] = [];
  pictures.forEach((picture, index) => {
    if (picture.height !== height || picture.width !== width) throw new Error(`picture ${index} is ${picture.height}×${picture.width}, not ${height}×${width}`);
    const top = Math.floor(index / cols) * (height + gap);
    const left = (index % cols) * (width + gap);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) z[top + y]![left + x] = picture.pixels[y * width + x]!;
    tiles.push({ row: top, column: left, ...(picture.label !== undefined ? { label: picture.label } : {}) });
  });
  return { z, tiles, columns: cols, rows };
}

/** A rank-1 or rank-2 tensor as heatmap rows (a vector is one row). */
export function matrixRows(shape: readonly number[], data: ArrayLike<number>): number[][] {
  if (shape.length === 1) return [Array.from({ length: shape[0]! }, (_, i) => data[i]!)];
  if (shape.length !== 2) throw new Error(`a heatmap needs a vector or a matrix, not shape [${shape.join(', ')}]`);
  const [rows, cols] = shape as [number, number];
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => data[r * cols + c]!));
}

/**
 * A weight matrix W (inputs × neurons) whose inputs are the pixels of an image: column j — the weights into
 * neuron j — as one picture per neuron.
 */
export function weightPictures(shape: readonly number[], data: ArrayLike<number>, image: { height: number; width: number }, max = 100): Picture[] {
  const [inputs, neurons] = shape as [number, number];
  if (shape.length !== 2 || inputs !== image.height * image.width) throw new Error(`weights [${shape.join(', ')}] do not come from ${image.height}×${image.width} images`);
  return Array.from({ length: Math.min(neurons, max) }, (_, j) => {
    const pixels = new Float32Array(inputs);
    for (let i = 0; i < inputs; i++) pixels[i] = data[i * neurons + j]!;
    return { pixels, height: image.height, width: image.width, label: `neuron ${j}` };
  });
}

/**
 * Conv2D kernels K (C_in, C_out, k, k) — the book's layout, core/ops/conv.ts — as pictures in reading order:
 * one row per output channel, one column per input channel (at most `maxIn` of them), so `columns` = that —
 * except for a single input channel, whose filters wrap into a grid.
 */
export function filterPictures(shape: readonly number[], data: ArrayLike<number>, maxOut = 32, maxIn = 8): { pictures: Picture[]; columns: number } {
  if (shape.length !== 4) throw new Error(`a kernel has 4 dimensions, not [${shape.join(', ')}]`);
  const [cIn, cOut, kh, kw] = shape as [number, number, number, number];
  const inShown = Math.min(cIn, maxIn);
  const pictures: Picture[] = [];
  for (let o = 0; o < Math.min(cOut, maxOut); o++) {
    for (let c = 0; c < inShown; c++) {
      const base = ((c * cOut) + o) * kh * kw;
      pictures.push({ pixels: Array.from({ length: kh * kw }, (_, i) => data[base + i]!), height: kh, width: kw, label: `filter ${o}, input channel ${c}` });
    }
  }
  // One input channel (a first layer on grey images) leaves nothing to put side by side: wrap the filters into a grid.
  return { pictures, columns: cIn === 1 ? gridColumns(pictures.length, 8) : inShown };
}

/** Feature maps (N, C, H, W): sample `sample`'s channels as pictures. */
export function featureMapPictures(shape: readonly number[], data: ArrayLike<number>, sample = 0, maxChannels = 64): Picture[] {
  if (shape.length !== 4) throw new Error(`feature maps have 4 dimensions (N, C, H, W), not [${shape.join(', ')}]`);
  const [n, c, h, w] = shape as [number, number, number, number];
  if (sample < 0 || sample >= n) throw new Error(`sample ${sample} is not in a batch of ${n}`);
  return Array.from({ length: Math.min(c, maxChannels) }, (_, ch) => {
    const base = (sample * c + ch) * h * w;
    return { pixels: Array.from({ length: h * w }, (_, i) => data[base + i]!), height: h, width: w, label: `channel ${ch}` };
  });
}

/** The largest magnitude, for a colour scale symmetric around zero (at least a tiny positive number). */
export function absMax(values: Iterable<number | null>): number {
  let max = 0;
  for (const v of values) if (v !== null && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max > 0 ? max : 1e-12;
}

/** Columns for `count` tiles so the grid is about as wide as it is tall (or `maxColumns`). */
export const gridColumns = (count: number, maxColumns = 12): number => Math.max(1, Math.min(maxColumns, Math.ceil(Math.sqrt(count))));
