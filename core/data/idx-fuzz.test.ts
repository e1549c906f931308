// Fuzzing the IDX reader (MNIST's format) with byte mutations — overwritten, inserted and truncated bytes,
// interesting header values, runs of 0x00/0xFF — and header dimensions set to edge sizes (0, 2^31, 2^32−1)
// that a careless reader would allocate for, through parseIdx, idxImagesAndLabels and the data pipeline an
// images + labels source takes. Ok or a message, never a throw, an internal error or a hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idxImagesAndLabels, parseIdx } from './idx.ts';
import { prepareData, type DataHost } from './prepare.ts';
import { CASE_TIME_LIMIT_MS, FuzzRandom, mutateBytes, timed } from '../../test/support/fuzz.ts';

function idx(type: number, dims: number[], body: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

const IMAGES = idx(0x08, [4, 3, 3], Array.from({ length: 36 }, (_, k) => (k * 37) % 256));
const LABELS = idx(0x08, [4], [0, 1, 2, 9]);
const EDGE_DIMS = [0, 1, 2 ** 16, 2 ** 31, 2 ** 32 - 1];

/** A header dimension replaced by an edge size: the reader must compare it with the bytes before allocating. */
function withEdgeDimension(bytes: Uint8Array, rng: FuzzRandom): Uint8Array {
  const out = Uint8Array.from(bytes);
  const dims = out.length >= 4 ? out[3]! : 0;
  if (dims === 0 || out.length < 4 + 4 * dims) return out;
  new DataView(out.buffer).setUint32(4 + 4 * rng.below(dims), rng.pick(EDGE_DIMS), false);
  return out;
}

function check<T extends { ok: boolean }>(run: () => T, where: string): T {
  let outcome: { value: T; ms: number };
  try {
    outcome = timed(run);
  } catch (error) {
    assert.fail(`${where}: threw ${(error as Error)?.stack ?? String(error)}`);
  }
  assert.ok(outcome.ms < CASE_TIME_LIMIT_MS, `${where}: took ${outcome.ms.toFixed(0)} ms`);
  const result = outcome.value as unknown as { ok: boolean; error?: { message: string } };
  if (!result.ok) {
    assert.ok(result.error!.message.length > 0 && result.error!.message.length <= 500, where);
    assert.doesNotMatch(result.error!.message, /internal error/, `${where}: ${result.error!.message}`);
  }
  return outcome.value;
}

test('fuzz parseIdx and idxImagesAndLabels: mutated images and labels never throw, and name the file at fault', () => {
  const rng = new FuzzRandom(5_100);
  let read = 0;
  for (let i = 0; i < 800; i++) {
    const mutateImages = rng.chance(0.5);
    const mutate = (bytes: Uint8Array) => (rng.chance(0.3) ? withEdgeDimension(bytes, rng) : mutateBytes(bytes, rng));
    const images = mutateImages ? mutate(IMAGES) : IMAGES;
    const labels = mutateImages ? LABELS : mutate(LABELS);
    const where = `seed 5100 #${i} (${mutateImages ? 'images' : 'labels'} mutated)`;
    const single = check(() => parseIdx(mutateImages ? images : labels), where);
    if (single.ok) {
      read++;
      assert.equal(single.data.length, single.dims.reduce((a, b) => a * b, 1), where);
    }
    const pair = check(() => idxImagesAndLabels(images, labels, { images: 'img.idx', labels: 'lab.idx' }), where);
    if (!pair.ok && !/ holds \d+ images but /.test(pair.error.message)) {
      // A problem of one file is blamed on that file (a count mismatch is about both, and names both).
      assert.ok(pair.error.message.startsWith(mutateImages ? 'img.idx: ' : 'lab.idx: '), `${where}: ${pair.error.message}`);
    }
  }
  assert.ok(read > 50, `${read} mutated files still parsed`);
});

test('fuzz the IDX data pipeline: mutated files end in data or a message naming the file', async () => {
  const rng = new FuzzRandom(5_200);
  for (let i = 0; i < 200; i++) {
    const mutateImages = i % 2 === 0;
    const files: Record<string, Uint8Array> = {
      'img.idx': mutateImages ? mutateBytes(IMAGES, rng) : IMAGES,
      'lab.idx': mutateImages ? LABELS : (rng.chance(0.5) ? mutateBytes(LABELS, rng) : idx(0x08, [4], [0, 1, 2, rng.pick([10, 11, 200, 255])])),
    };
    const host: DataHost = {
      readFile: async (path) => files[path] ?? new Uint8Array(0),
      readAsset: async (name) => { throw new Error(`no asset ${name} in this test`); },
    };
    const where = `seed 5200 #${i}`;
    const start = performance.now();
    const result = await prepareData({ kind: 'file', path: 'img.idx', labels: 'lab.idx', split: { method: 'none' } }, host);
    assert.ok(performance.now() - start < CASE_TIME_LIMIT_MS, `${where}: took too long`);
    if (result.ok) continue;
    assert.doesNotMatch(result.error, /internal error/, `${where}: ${result.error}`);
    if (!/ holds \d+ images but /.test(result.error)) {
      assert.ok(result.error.startsWith(mutateImages ? 'img.idx' : 'lab.idx'), `${where}: ${result.error}`);
    }
  }
});
