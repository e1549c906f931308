// The .npy / .npz writer: headers numpy accepts (the parity tests load real files with numpy) and a zip
// any reader accepts — checked here byte by byte where a mistake would be silent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, npyBytes, npzBytes } from './npz.ts';

test('CRC-32 matches the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('an .npy header is padded to 64 bytes, names dtype and shape, and the values follow little-endian', () => {
  const bytes = npyBytes({ data: [1.5, -2], shape: [2], dtype: 'float32' });
  const headerLength = new DataView(bytes.buffer).getUint16(8, true);
  assert.equal((10 + headerLength) % 64, 0);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  assert.match(header, /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2,\), \} *\n$/);
  assert.deepEqual(Array.from(new Float32Array(bytes.buffer.slice(10 + headerLength))), [1.5, -2]);
  assert.throws(() => npyBytes({ data: [1], shape: [2, 2], dtype: 'float64' }), /holds 4 values, but 1 were given/);
});

test('an .npz is a zip whose central directory lists every array as <key>.npy', () => {
  const zip = npzBytes(new Map([['dense.W', { data: [1, 2], shape: [1, 2], dtype: 'float32' as const }], ['é', { data: [3], shape: [], dtype: 'float64' as const }]]));
  const end = new DataView(zip.buffer, zip.length - 22);
  assert.equal(end.getUint32(0, true), 0x06054b50);
  assert.equal(end.getUint16(10, true), 2);
  const text = new TextDecoder().decode(zip);
  assert.ok(text.includes('dense.W.npy') && text.includes('é.npy'));
});
