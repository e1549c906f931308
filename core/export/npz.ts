// NumPy's own array files, written from TypeScript so the exported scripts can `np.load` what we give them.
//
//   .npy  = magic "\x93NUMPY", version 1.0, a little-endian uint16 header length, a Python-dict header
//           ({'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }) padded with spaces to a multiple
//           of 64 bytes and ending in "\n", then the raw little-endian values in C order.
//   .npz  = a zip archive of .npy files, one per array, named "<key>.npy". We write "stored" (uncompressed)
//           entries: np.load reads them, and a zip needs nothing then but headers and a CRC-32.
//
// Only float32 and float64 arrays are written; that is all the exporters need (weights and data).

/** One array to store: its values (C order), its shape and the precision to write. */
export interface NpyArray {
  data: ArrayLike<number>;
  shape: readonly number[];
  dtype: 'float32' | 'float64';
}

// TextEncoder exists in every host (browsers, Node, Electron) but not in the ES2022 library core compiles against.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
const encoder = new TextEncoder();
/** General-purpose flag bit 11: entry names are UTF-8 (node ids may be any text). */
const UTF8_NAMES = 0x0800;

function pythonShape(shape: readonly number[]): string {
  if (shape.length === 0) return '()';
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The bytes of one .npy file. */
export function npyBytes(array: NpyArray): Uint8Array {
  const size = array.shape.reduce((p, d) => p * d, 1);
  if (size !== array.data.length) throw new RangeError(`shape ${pythonShape(array.shape)} holds ${size} values, but ${array.data.length} were given`);
  const descr = array.dtype === 'float32' ? '<f4' : '<f8';
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pythonShape(array.shape)}, }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(padded - preamble - dict.length - 1) + '\n';
  const width = array.dtype === 'float32' ? 4 : 8;
  const out = new Uint8Array(padded + size * width);
  out.set([0x93, ...encoder.encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(encoder.encode(header), preamble);
  const view = new DataView(out.buffer, padded);
  for (let i = 0; i < size; i++) {
    if (width === 4) view.setFloat32(i * 4, array.data[i]!, true);
    else view.setFloat64(i * 8, array.data[i]!, true);
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zip / PNG polynomial). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive of uncompressed entries (no zip64: every entry and the whole archive stay below 4 GiB). */
export function storedZip(entries: readonly { name: string; bytes: Uint8Array }[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const crc = crc32(entry.bytes);
    const size = entry.bytes.length;
    if (offset + size > 0xfffffff0) throw new RangeError('the archive would exceed 4 GiB, which a plain zip cannot hold');
    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, UTF8_NAMES, true);
    l.setUint16(8, 0, true); // method: stored
    l.setUint16(12, 0x21, true); // date: 1980-01-01, so the bytes do not depend on the clock
    l.setUint32(14, crc, true);
    l.setUint32(18, size, true);
    l.setUint32(22, size, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, UTF8_NAMES, true);
    c.setUint16(14, 0x21, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, size, true);
    c.setUint32(24, size, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local, entry.bytes);
    centrals.push(central);
    offset += local.length + size;
  }
  const centralSize = centrals.reduce((s, b) => s + b.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, entries.length, true);
  e.setUint16(10, entries.length, true);
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The bytes of an .npz file: `np.load(path)[key]` gives each array back. */
export function npzBytes(arrays: ReadonlyMap<string, NpyArray>): Uint8Array {
  return storedZip([...arrays].map(([key, array]) => ({ name: `${key}.npy`, bytes: npyBytes(array) })));
}
