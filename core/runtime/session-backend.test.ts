// The backend a session trains on is visible, and is the one it says (issue 8, Build item 2): a `backend`
// telemetry frame after loading (the file's `training.backend`) and after `set-backend`, and a run started
// after set-backend really computes on those kernels — its trained parameters have the bits of a run whose
// file names that backend, and not those of the other backend's run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, type Of } from '../../test/support/in-process-session.ts';
import type { GradflowDocument } from '../document/types.ts';
import type { BackendName } from '../train/config.ts';
import { wasmSupport } from '../backend/wasm/index.ts';

const support = wasmSupport();
/** What the fast backend runs here: the test runner turns relaxed SIMD on, so FMA kernels where it did. */
const FAST_KERNELS = support.relaxedSimd ? 'wasm-relaxed-simd' : support.simd ? 'wasm-simd' : 'typescript-blocked';

function spiralOn(backend: BackendName | undefined): GradflowDocument {
  const doc = example('spiral');
  const { backend: _omitted, ...training } = doc.training;
  return { ...doc, training: backend ? { ...training, backend } : training };
}

/** Messages the session posted from `from` on, by type, in order. */
const typesSince = (session: InProcessSession, from: number): string[] => session.received.slice(from).map((t) => t.type);

/** Train `epochs` to the end and export: the parameters' saved bytes (base64 float32) by key. */
function trainAndExport(session: InProcessSession, epochs: number): Record<string, string> {
  session.send({ type: 'train', epochs });
  session.run();
  assert.equal(session.last('status')?.status, 'done', 'the run finished');
  const answer = session.ask({ type: 'export-parameters', requestId: 1 }).find((t): t is Of<'trained-parameters'> => t.type === 'trained-parameters');
  assert.ok(answer, 'export-parameters answered');
  return Object.fromEntries(Object.entries(answer.parameters).map(([key, p]) => [key, p.data]));
}

test("loading a document posts a backend frame with the file's backend: fast → its kernels and FMA", async () => {
  const session = new InProcessSession();
  const from = session.received.length;
  const loaded = await session.load(spiralOn('fast'));
  assert.equal(loaded.backend, 'fast');
  const frames = session.all('backend', from);
  assert.equal(frames.length, 1, 'one backend frame per load');
  const { backend } = frames[0]!;
  if (process.execArgv.includes('--experimental-wasm-relaxed-simd')) {
    // scripts/run-tests.mjs turns relaxed SIMD on, as the CLI does: then the FMA kernels must be the ones chosen.
    assert.equal(backend.kernels, 'wasm-relaxed-simd');
    assert.equal(backend.fma, true);
  }
  assert.equal(backend.name, 'fast');
  assert.equal(backend.kernels, FAST_KERNELS);
  assert.equal(backend.fma, FAST_KERNELS === 'wasm-relaxed-simd');
  if (FAST_KERNELS === 'wasm-relaxed-simd') assert.match(backend.description, /relaxed SIMD with FMA/);
  // The frame comes after `loaded` and before `ready`: a window that shows the file shows its kernels.
  const order = typesSince(session, from);
  assert.ok(order.indexOf('loaded') < order.indexOf('backend') && order.indexOf('backend') < order.lastIndexOf('status'), order.join(', '));
  assert.equal('train' in backend || 'matmul' in backend, false, 'plain facts, no functions');
});

test('a document without a backend loads on the reference kernels, and says so', async () => {
  const session = new InProcessSession();
  await session.load(spiralOn(undefined));
  assert.deepEqual(session.last('backend')?.backend, { name: 'reference', kernels: 'typescript', fma: false, description: 'readable TypeScript kernels' });
});

test('set-backend posts a new frame, the next run trains on those kernels, and the next load goes back to the file', async (t) => {
  if (FAST_KERNELS === 'typescript-blocked') t.diagnostic('no WebAssembly SIMD here: the fast backend runs blocked TypeScript');
  // Runs of 3 spiral epochs (30 batches) whose files name each backend: the bits each backend gives.
  const byFile = async (backend: BackendName) => {
    const session = new InProcessSession();
    await session.load(spiralOn(backend));
    return trainAndExport(session, 3);
  };
  const referenceBits = await byFile('reference');
  const fastBits = await byFile('fast');
  assert.notDeepEqual(fastBits, referenceBits, 'the two backends should differ in the last bits after 30 batches');

  const session = new InProcessSession();
  await session.load(spiralOn('reference'));
  const answer = session.ask({ type: 'set-backend', backend: 'fast' });
  assert.deepEqual(answer.map((m) => m.type), ['backend'], 'set-backend answers with one backend frame');
  const frame = answer[0] as Of<'backend'>;
  assert.equal(frame.backend.name, 'fast');
  assert.equal(frame.backend.kernels, FAST_KERNELS);
  assert.equal(frame.backend.fma, FAST_KERNELS === 'wasm-relaxed-simd');
  assert.deepEqual(trainAndExport(session, 3), fastBits, 'after set-backend fast the run has the fast backend\'s bits');

  // Back to the reference: Reset (parameters drawn again from the seed), train, the reference's bits.
  assert.equal((session.ask({ type: 'set-backend', backend: 'reference' })[0] as Of<'backend'>).backend.name, 'reference');
  session.send({ type: 'reset' });
  assert.deepEqual(trainAndExport(session, 3), referenceBits, 'after set-backend reference the run has the reference bits');

  // A choice made with set-backend belongs to the loaded document: loading again shows the file's backend.
  session.send({ type: 'set-backend', backend: 'fast' });
  await session.load(spiralOn('reference'));
  assert.equal(session.last('backend')?.backend.name, 'reference');
});
