// The wasm gemm kernels against a float64 product (gemm-conformance.ts), in every flavour this runtime
// supports; the relaxed-simd flavour, which Node 20 validates only under --experimental-wasm-relaxed-simd,
// in a child process started with that flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { GEMM_CONFORMANCE } from './gemm-conformance.ts';
import { loadWasmGemm, wasmSupport } from './index.ts';
import { gemmRelaxedSimdBase64, gemmSimdBase64 } from './kernels.generated.ts';
import { decodeBase64 } from './webassembly-runtime.ts';
import type { WasmFlavour } from './index.ts';

function loader(flavour: WasmFlavour) {
  return () => {
    const instance = loadWasmGemm(flavour);
    assert.ok(instance, `${flavour} validated but did not load`);
    assert.equal(instance.flavour, flavour);
    return instance.gemm.bind(instance);
  };
}

test('Node 20 validates plain wasm SIMD, so the simd flavour always runs here', () => {
  assert.equal(wasmSupport().simd, true);
});

test('loadWasmGemm picks the best flavour this runtime validates, and reports FMA for relaxed-simd', () => {
  const best = loadWasmGemm();
  assert.ok(best);
  assert.equal(best.flavour, wasmSupport().relaxedSimd ? 'relaxed-simd' : 'simd');
  assert.equal(best.fma, best.flavour === 'relaxed-simd');
  assert.equal(loadWasmGemm('simd')?.fma, false);
});

test("each binary is small enough for Chromium to compile synchronously on a page's main thread (4 KB)", () => {
  for (const base64 of [gemmRelaxedSimdBase64, gemmSimdBase64]) {
    const bytes = decodeBase64(base64);
    assert.deepEqual(Array.from(bytes.subarray(0, 4)), [0, 0x61, 0x73, 0x6d], 'the wasm magic number');
    assert.ok(bytes.length <= 4096, `${bytes.length} bytes`);
  }
});

const inProcess: WasmFlavour[] = wasmSupport().relaxedSimd ? ['relaxed-simd', 'simd'] : ['simd'];

for (const flavour of inProcess) {
  const load = loader(flavour);
  const gemm = load();
  for (const group of GEMM_CONFORMANCE) {
    test(`wasm ${flavour}: ${group.name}`, () => {
      assert.deepEqual(group.run({ gemm, fresh: load }), []);
    });
  }
}

if (!wasmSupport().relaxedSimd) {
  test('wasm relaxed-simd (child process with --experimental-wasm-relaxed-simd)', async (t) => {
    const script = fileURLToPath(new URL('./relaxed-simd-conformance.script.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script],
      { maxBuffer: 1 << 20 },
    );
    const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { supported: boolean; groups?: Record<string, string[]> };
    if (!report.supported) {
      t.skip('relaxed SIMD is not validated even with --experimental-wasm-relaxed-simd on this Node');
      return;
    }
    const groups = Object.entries(report.groups ?? {});
    assert.equal(groups.length, GEMM_CONFORMANCE.length);
    for (const [name, failures] of groups) {
      await t.test(name, () => assert.deepEqual(failures, []));
    }
  });
}
