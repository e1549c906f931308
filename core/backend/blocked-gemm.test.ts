// The plain-TypeScript fallback gemm passes the same conformance checks as the wasm kernels.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { blockedGemm } from './blocked-gemm.ts';
import { GEMM_CONFORMANCE } from './wasm/gemm-conformance.ts';

for (const group of GEMM_CONFORMANCE) {
  test(`blocked TypeScript gemm: ${group.name}`, () => {
    assert.deepEqual(group.run({ gemm: blockedGemm, fresh: () => blockedGemm }), []);
  });
}
