#!/usr/bin/env node
// The `gradflow` command: registers tsx so Node can load the TypeScript sources directly, then hands the
// arguments to cli/main.ts. Kept tiny on purpose: everything worth testing lives in cli/.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
await runCli(process.argv.slice(2));
