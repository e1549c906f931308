// Runs the gemm conformance groups on the relaxed-simd flavour and prints one JSON line:
// {"supported": false} or {"supported": true, "groups": {name: failures[]}}. gemm.test.ts spawns it as
// `node --experimental-wasm-relaxed-simd --import tsx <this file>`, because Node 20 validates relaxed SIMD
// only under that flag and the test runner's own process cannot be given it.
import { GEMM_CONFORMANCE } from './gemm-conformance.ts';
import { loadWasmGemm, wasmSupport } from './index.ts';

// core/ compiles without the DOM or Node libraries; console is the one global this script needs.
const output = (globalThis as unknown as { console: { log(line: string): void } }).console;

function report(): object {
  if (!wasmSupport().relaxedSimd) return { supported: false };
  const load = () => {
    const instance = loadWasmGemm('relaxed-simd');
    if (!instance || instance.flavour !== 'relaxed-simd') throw new Error('relaxed-simd validated but did not load');
    return instance.gemm.bind(instance);
  };
  const groups: Record<string, string[]> = {};
  const gemm = load();
  for (const group of GEMM_CONFORMANCE) groups[group.name] = group.run({ gemm, fresh: load });
  return { supported: true, groups };
}

output.log(JSON.stringify(report()));
