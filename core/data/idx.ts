// IDX files (the MNIST format) → typed arrays.
//
// Layout: two zero bytes, a type byte, the number of dimensions, then each dimension as a big-endian
// uint32, then the values, big-endian, row-major. Everything is checked against the byte count before
// anything is allocated, so a corrupt header cannot ask for gigabytes. Decompression is the host's job:
// core gets bytes and says so if they are still gzip.

import { fail, formatCount, guarded } from './types.ts';
import type { Result } from './types.ts';

interface IdxType {
  name: string;
  bytes: number;
  read: (view: DataView, offset: number) => number;
}

const TYPES: ReadonlyMap<number, IdxType> = new Map<number, IdxType>([
  [0x08, { name: 'unsigned byte', bytes: 1, read: (v, o) => v.getUint8(o) }],
  [0x09, { name: 'signed byte', bytes: 1, read: (v, o) => v.getInt8(o) }],
  [0x0b, { name: 'short', bytes: 2, read: (v, o) => v.getInt16(o, false) }],
  [0x0c, { name: 'int', bytes: 4, read: (v, o) => v.getInt32(o, false) }],
  [0x0d, { name: 'float', bytes: 4, read: (v, o) => v.getFloat32(o, false) }],
  [0x0e, { name: 'double', bytes: 8, read: (v, o) => v.getFloat64(o, false) }],
]);

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`;

/** An IDX file's dimensions and values: unsigned bytes as a Uint8Array, every other type as Float64Array. */
export function parseIdx(bytes: Uint8Array): Result<{ dims: number[]; data: Uint8Array | Float64Array }> {
  return guarded('reading the IDX file', () => parseUnguarded(bytes));
}

function parseUnguarded(bytes: unknown): Result<{ dims: number[]; data: Uint8Array | Float64Array }> {
  if (!(bytes instanceof Uint8Array)) return fail('the IDX data must be bytes (a Uint8Array)');
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return fail('this file is gzip-compressed; the host should decompress it');
  }
  if (bytes.length < 4) {
    return fail(`the file is too short to be an IDX file: ${bytes.length} bytes, but the header alone needs at least 4`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    return fail(`not an IDX file: it should start with two zero bytes, but starts with ${hex(bytes[0]!)} ${hex(bytes[1]!)}`);
  }
  const typeCode = bytes[2]!;
  const type = TYPES.get(typeCode);
  if (!type) {
    return fail(`unknown IDX data type ${hex(typeCode)}; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)`);
  }
  const ndims = bytes[3]!;
  if (ndims === 0) return fail('the IDX header declares 0 dimensions; at least one is needed');
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < headerLength) {
    return fail(`the file is too short: its header declares ${ndims} ${ndims === 1 ? 'dimension' : 'dimensions'}, which takes ${headerLength} bytes, but the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    count *= size; // a double: exact up to 2^53, and anything that large fails the length check below
  }
  const available = bytes.length - headerLength;
  if (count * type.bytes !== available) {
    const shape = dims.map((d) => formatCount(d)).join(' × ');
    const need = type.bytes === 1 ? `${formatCount(count)} bytes` : `${formatCount(count)} values of ${type.bytes} bytes (${formatCount(count * type.bytes)} bytes)`;
    return fail(`the dimensions ${shape} need ${need} of data, but ${formatCount(available)} ${available === 1 ? 'byte follows' : 'bytes follow'} the header`);
  }
  if (typeCode === 0x08) return { ok: true, dims, data: bytes.slice(headerLength) };
  const data = new Float64Array(count);
  for (let k = 0; k < count; k++) data[k] = type.read(view, headerLength + k * type.bytes);
  return { ok: true, dims, data };
}

/**
 * MNIST-style images (count × height × width unsigned bytes) and labels, pixels scaled to [0, 1]. `names`
 * start the messages about each file (a path, or "the built-in MNIST labels"); by default "images" and "labels".
 */
export function idxImagesAndLabels(
  images: Uint8Array,
  labels: Uint8Array,
  names: { images: string; labels: string } = { images: 'images', labels: 'labels' },
): Result<{ x: Float64Array; labels: Uint8Array; count: number; height: number; width: number }> {
  return guarded('reading the IDX images and labels', () => {
    const parsedImages = parseIdx(images);
    if (!parsedImages.ok) return fail(`${names.images}: ${parsedImages.error.message}`);
    const parsedLabels = parseIdx(labels);
    if (!parsedLabels.ok) return fail(`${names.labels}: ${parsedLabels.error.message}`);
    const imageDims = parsedImages.dims;
    if (imageDims.length !== 3) {
      const hint = imageDims.length === 1 ? ' — is this the labels file?' : '';
      return fail(`${names.images}: expected 3 dimensions (count × height × width), found ${imageDims.length}${hint}`);
    }
    if (!(parsedImages.data instanceof Uint8Array)) return fail(`${names.images}: expected unsigned bytes (type 0x08) for pixels`);
    if (parsedLabels.dims.length !== 1) {
      const hint = parsedLabels.dims.length === 3 ? ' — is this the images file?' : '';
      return fail(`${names.labels}: expected 1 dimension (count), found ${parsedLabels.dims.length}${hint}`);
    }
    if (!(parsedLabels.data instanceof Uint8Array)) return fail(`${names.labels}: expected unsigned bytes (type 0x08)`);
    const [count, height, width] = imageDims as [number, number, number];
    if (parsedLabels.dims[0] !== count) {
      const [imagesFile, labelsFile] = names.images === 'images' ? ['the images file', 'the labels file'] : [names.images, names.labels];
      return fail(`${imagesFile} holds ${formatCount(count)} images but ${labelsFile} holds ${formatCount(parsedLabels.dims[0]!)} labels`);
    }
    const pixels = parsedImages.data;
    const x = new Float64Array(pixels.length);
    for (let k = 0; k < pixels.length; k++) x[k] = pixels[k]! / 255;
    return { ok: true, x, labels: parsedLabels.data, count, height, width };
  });
}
