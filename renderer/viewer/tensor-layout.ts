// How the tensor viewer lays a tensor out (issue 6 §1): as a grid of images when it is image-shaped (an MNIST
// row of 784 pixels is a 28×28 digit; a (N, C, H, W) batch is N·C pictures), as a 2-D heatmap (anything of
// higher rank is folded into rows of its first axis), and as a table of raw values when it is small. Pure.

/** Tensors of at most this many elements are also shown as their raw values. */
export const MAX_RAW_VALUES = 64;
/** The image grid shows at most this many tiles. */
export const MAX_IMAGE_TILES = 16;
/** An MNIST digit: a row of 784 features is a 28×28 picture. */
const MNIST_SIDE = 28;

export interface ImageTile {
  /** Offset of the tile's first pixel in the row-major data. */
  offset: number;
  /** "sample 3" or "sample 3, channel 2". */
  label: string;
}

export interface ImageLayout {
  height: number;
  width: number;
  tiles: ImageTile[];
  /** How many tiles the tensor holds in all (more than `tiles.length` when cut at MAX_IMAGE_TILES). */
  total: number;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * The image grid of an image-shaped tensor, or null: (784) or (N, 784) as 28×28 digits, (H, W) is not an image
 * (it is a matrix: the heatmap shows it), (N, C, H, W) as N·C single-channel pictures, sample by sample.
 */
export function imageLayout(shape: readonly number[]): ImageLayout | null {
  let samples: number;
  let channels = 1;
  let height: number;
  let width: number;
  if (shape.length === 1 && shape[0] === MNIST_SIDE * MNIST_SIDE) {
    samples = 1;
    height = width = MNIST_SIDE;
  } else if (shape.length === 2 && shape[1] === MNIST_SIDE * MNIST_SIDE) {
    samples = shape[0]!;
    height = width = MNIST_SIDE;
  } else if (shape.length === 4 && shape[2]! >= 2 && shape[3]! >= 2) {
    [samples, channels, height, width] = shape as [number, number, number, number];
  } else {
    return null;
  }
  const total = samples * channels;
  if (!(total > 0)) return null;
  const size = height * width;
  const tiles: ImageTile[] = [];
  for (let i = 0; i < Math.min(total, MAX_IMAGE_TILES); i++) {
    const sample = Math.floor(i / channels);
    tiles.push({ offset: i * size, label: channels === 1 ? `sample ${sample + 1}` : `sample ${sample + 1}, channel ${(i % channels) + 1}` });
  }
  return { height, width, tiles, total };
}

export interface HeatmapLayout {
  rows: number;
  cols: number;
  /** Rows actually drawn (a tall tensor is cut at `maxRows`). */
  shownRows: number;
  /** How the tensor was folded, for the caption, e.g. "(60, 16)" or "(2, 3·4·5) folded". */
  caption: string;
}

/**
 * A tensor as a 2-D grid: a matrix as it is, a vector as one row, a scalar as one cell, and a higher-rank tensor
 * as its first axis by everything else (row-major, so row i is sample i).
 */
export function heatmapLayout(shape: readonly number[], maxRows = 512): HeatmapLayout {
  let rows: number;
  let cols: number;
  let caption: string;
  if (shape.length === 0) {
    rows = cols = 1;
    caption = 'a scalar';
  } else if (shape.length === 1) {
    rows = 1;
    cols = shape[0]!;
    caption = `(${cols}) as one row`;
  } else if (shape.length === 2) {
    [rows, cols] = shape as [number, number];
    caption = `(${rows}, ${cols})`;
  } else {
    rows = shape[0]!;
    cols = product(shape.slice(1));
    caption = `(${shape.join(', ')}) as (${rows}, ${shape.slice(1).join('·')})`;
  }
  return { rows, cols, shownRows: Math.min(rows, maxRows), caption };
}

/** A small tensor's values as table rows: a matrix by its rows, anything else as one row. */
export function valueRows(shape: readonly number[], data: ArrayLike<number>): number[][] {
  const values = Array.from(data);
  if (values.length > MAX_RAW_VALUES) return [];
  if (shape.length === 2 && shape[0]! > 0) {
    const cols = shape[1]!;
    return Array.from({ length: shape[0]! }, (_, r) => values.slice(r * cols, (r + 1) * cols));
  }
  return [values];
}
