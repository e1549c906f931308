// parseIdx and idxImagesAndLabels: every IDX data type, MNIST-style images with labels, the exact messages
// for broken files, and a seeded fuzz loop over mutated buffers.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { idxImagesAndLabels, parseIdx } from './idx.ts';
import { NumpyRandom } from '../tensor/random.ts';

/** An IDX file: header for the type and dims, then `body` (already big-endian bytes). */
function idx(type: number, dims: number[], body: number[] | Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** Values written big-endian with one of DataView's setters. */
function bigEndian(bytes: number, values: number[], set: (view: DataView, offset: number, value: number) => void): Uint8Array {
  const out = new Uint8Array(bytes * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, k) => set(view, k * bytes, v));
  return out;
}

function parsed(bytes: Uint8Array) {
  const result = parseIdx(bytes);
  if (!result.ok) assert.fail(result.error.message);
  return result;
}

test('unsigned bytes come back as a Uint8Array with the dimensions, row-major', () => {
  const result = parsed(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]));
  assert.deepEqual(result.dims, [2, 2, 3]);
  assert.ok(result.data instanceof Uint8Array);
  assert.deepEqual([...result.data], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
});

test('the other types are decoded big-endian into a Float64Array', () => {
  const cases: [number, Uint8Array, number[]][] = [
    [0x09, new Uint8Array([0x80, 0xff, 0x7f]), [-128, -1, 127]],
    [0x0b, bigEndian(2, [-300, 1234, 0], (v, o, x) => v.setInt16(o, x, false)), [-300, 1234, 0]],
    [0x0c, bigEndian(4, [-70000, 2 ** 31 - 1, 5], (v, o, x) => v.setInt32(o, x, false)), [-70000, 2 ** 31 - 1, 5]],
    [0x0d, bigEndian(4, [1.5, -0.25, 3], (v, o, x) => v.setFloat32(o, x, false)), [1.5, -0.25, 3]],
    [0x0e, bigEndian(8, [0.1, -1e300, Math.PI], (v, o, x) => v.setFloat64(o, x, false)), [0.1, -1e300, Math.PI]],
  ];
  for (const [type, body, values] of cases) {
    const result = parsed(idx(type, [3], body));
    assert.ok(result.data instanceof Float64Array, `type ${type}`);
    assert.deepEqual([...result.data], values, `type ${type}`);
  }
});

test('a Uint8Array that is a view into a larger buffer is read from its own offset', () => {
  const file = idx(0x08, [2], [7, 9]);
  const padded = new Uint8Array(file.length + 5);
  padded.set(file, 3);
  assert.deepEqual([...parsed(padded.subarray(3, 3 + file.length)).data], [7, 9]);
});

test('broken files fail with a message that says what is wrong, with both numbers for a length mismatch', () => {
  const cases: [Uint8Array, string][] = [
    [new Uint8Array([]), 'the file is too short to be an IDX file: 0 bytes, but the header alone needs at least 4'],
    [new Uint8Array([0, 0, 8]), 'the file is too short to be an IDX file: 3 bytes, but the header alone needs at least 4'],
    [new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]), 'this file is gzip-compressed; the host should decompress it'],
    [new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), 'not an IDX file: it should start with two zero bytes, but starts with 0x01 0x00'],
    [idx(0x07, [1], [0]), 'unknown IDX data type 0x07; expected 0x08 (unsigned byte), 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float) or 0x0E (double)'],
    [new Uint8Array([0, 0, 8, 1, 0, 0]), 'the file is too short: its header declares 1 dimension, which takes 8 bytes, but the file has 6'],
    [new Uint8Array([0, 0, 8, 0]), 'the IDX header declares 0 dimensions; at least one is needed'],
    [new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2]), 'the file is too short: its header declares 3 dimensions, which takes 16 bytes, but the file has 12'],
    [idx(0x08, [2, 3], [1, 2, 3, 4, 5]), 'the dimensions 2 × 3 need 6 bytes of data, but 5 bytes follow the header'],
    [idx(0x08, [60000, 28, 28], [1, 2]), 'the dimensions 60,000 × 28 × 28 need 47,040,000 bytes of data, but 2 bytes follow the header'],
    [idx(0x0b, [2], [0, 1, 0]), 'the dimensions 2 need 2 values of 2 bytes (4 bytes) of data, but 3 bytes follow the header'],
    [idx(0x08, [0xffffffff, 0xffffffff], []), 'the dimensions 4,294,967,295 × 4,294,967,295 need 18,446,744,065,119,617,000 bytes of data, but 0 bytes follow the header'],
    ['not bytes' as unknown as Uint8Array, 'the IDX data must be bytes (a Uint8Array)'],
  ];
  for (const [bytes, message] of cases) {
    const result = parseIdx(bytes);
    assert.equal(result.ok, false, message);
    if (!result.ok) assert.equal(result.error.message, message);
  }
});

test('images and labels: pixels scaled to [0, 1], labels kept, sizes reported', () => {
  const images = idx(0x08, [2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 255]);
  const labels = idx(0x08, [2], [3, 7]);
  const result = idxImagesAndLabels(images, labels);
  assert.ok(result.ok);
  assert.equal(result.count, 2);
  assert.equal(result.height, 2);
  assert.equal(result.width, 2);
  assert.deepEqual([...result.x], [0, 1, 0.2, 0.4, 1, 0, 0, 1]);
  assert.deepEqual([...result.labels], [3, 7]);
});

test('images and labels that do not belong together fail with a message', () => {
  const images = idx(0x08, [2, 1, 1], [1, 2]);
  const labels = idx(0x08, [3], [0, 1, 2]);
  const cases: [Uint8Array, Uint8Array, string][] = [
    [images, labels, 'the images file holds 2 images but the labels file holds 3 labels'],
    [labels, images, 'images: expected 3 dimensions (count × height × width), found 1 — is this the labels file?'],
    [images, images, 'labels: expected 1 dimension (count), found 3 — is this the images file?'],
    [new Uint8Array([0x1f, 0x8b, 0, 0]), labels, 'images: this file is gzip-compressed; the host should decompress it'],
    [images, idx(0x08, [2], [1]), 'labels: the dimensions 2 need 2 bytes of data, but 1 byte follows the header'],
    [idx(0x0d, [1, 1, 1], [0, 0, 0, 0]), labels, 'images: expected unsigned bytes (type 0x08) for pixels'],
    [images, idx(0x09, [2], [0, 1]), 'labels: expected unsigned bytes (type 0x08)'],
  ];
  for (const [a, b, message] of cases) {
    const result = idxImagesAndLabels(a, b);
    assert.equal(result.ok, false, message);
    if (!result.ok) assert.equal(result.error.message, message);
  }
});

test('fuzz: random mutations of a valid IDX buffer never throw', () => {
  const base = idx(0x08, [3, 2, 2], [...Array(12).keys()]);
  const rng = new NumpyRandom(99);
  const pick = (n: number) => Math.floor(rng.random() * n);
  let successes = 0;
  for (let iteration = 0; iteration < 500; iteration++) {
    let bytes = Uint8Array.from(base);
    for (let e = 0, edits = 1 + pick(3); e < edits; e++) {
      const at = pick(bytes.length + 1);
      switch (pick(4)) {
        case 0: if (at < bytes.length) bytes[at] = pick(256); break;
        case 1: if (at < 16) bytes[at] = [0, 1, 3, 8, 9, 0x0b, 0x0c, 0x0d, 0x0e, 255][pick(10)]!; break;
        case 2: bytes = bytes.slice(0, at); break;
        default: bytes = Uint8Array.from([...bytes.slice(0, at), pick(256), ...bytes.slice(at)]);
      }
    }
    const result = parseIdx(bytes);
    assert.equal(typeof result.ok, 'boolean');
    if (result.ok) {
      successes++;
      assert.equal(result.data.length, result.dims.reduce((a, b) => a * b, 1));
    }
    assert.equal(typeof idxImagesAndLabels(bytes, idx(0x08, [3], [1, 2, 3])).ok, 'boolean');
  }
  assert.ok(successes > 0);
});

test('messages name the images and labels files when the caller gives their names', () => {
  const images = idx(0x08, [2, 1, 1], [1, 2]);
  const names = { images: 'train-images.idx', labels: 'train-labels.idx' };
  const cases: [Uint8Array, string][] = [
    [idx(0x08, [3], [0, 1, 2]), 'train-images.idx holds 2 images but train-labels.idx holds 3 labels'],
    [idx(0x08, [2], [1]), 'train-labels.idx: the dimensions 2 need 2 bytes of data, but 1 byte follows the header'],
  ];
  for (const [labels, message] of cases) {
    const result = idxImagesAndLabels(images, labels, names);
    assert.ok(!result.ok && result.error.message === message, result.ok ? 'no error' : result.error.message);
  }
});
