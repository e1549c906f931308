// `npm run bench`: bench/run.ts under tsx, with relaxed SIMD on where this Node needs the flag (Node 20), so
// the fast backend is measured on its FMA kernels as Electron's Chromium runs them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { relaxedSimdFlags } from './node-flags.mjs';

const root = join(import.meta.dirname, '..');
const child = spawn(process.execPath, [...relaxedSimdFlags(), '--import', 'tsx', join(root, 'bench', 'run.ts')], { stdio: 'inherit', cwd: root });
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
