#!/usr/bin/env node
// The `gradflow` command: registers tsx so Node can load the TypeScript sources directly, then hands the
// arguments to cli/main.ts. Kept tiny on purpose: everything worth testing lives in cli/.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Relaxed SIMD (the fast backend's FMA kernels) is on by default from V8 11.4; Node 20's V8 11.3 needs the
// flag (and a later V8 may not know it at all). Set before any WebAssembly is compiled, it applies to the whole
// process, worker threads included.
const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number);
if (v8Major < 11 || (v8Major === 11 && v8Minor < 4)) setFlagsFromString('--experimental-wasm-relaxed-simd');
register();
const { runCli } = await import('../cli/main.ts');
await runCli(process.argv.slice(2));
