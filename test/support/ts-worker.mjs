// Runs a TypeScript worker entry in development and tests: registers tsx inside the worker thread, then
// imports the entry named in workerData.tsEntry (a file URL). Node 20 ignores `--import tsx` in a worker's
// execArgv for the worker's own entry, hence this bootstrap. Production bundles the worker with esbuild.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsEntry);
