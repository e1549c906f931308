// Types of build-electron.mjs for the TypeScript files that import it (the tests).
export declare const ELECTRON_OUT_DIR: string;
export declare function buildElectron(options?: {
  quiet?: boolean;
  outDir?: string;
  only?: ('main.cjs' | 'preload.cjs' | 'engine-worker.cjs')[] | null;
}): Promise<string[]>;
