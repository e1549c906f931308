// Types of security-fuses.mjs for the TypeScript files that import it (the tests).
export type FuseName =
  | 'runAsNode' | 'enableCookieEncryption' | 'enableNodeOptionsEnvironmentVariable' | 'enableNodeCliInspectArguments'
  | 'enableEmbeddedAsarIntegrityValidation' | 'onlyLoadAppFromAsar' | 'loadBrowserProcessSpecificV8Snapshot'
  | 'grantFileProtocolExtraPrivileges';
export declare const REQUIRED_FUSES: Readonly<Record<FuseName, boolean>>;
export declare const FUSE_WIRE_INDEX: Readonly<Record<FuseName, number>>;
export declare const FUSE_SENTINEL: string;
export declare function builderFuses(text?: string): Record<string, unknown> | null;
export declare function fuseConfigProblems(fuses: unknown): string[];
export declare function fuseWireProblems(wire: { version: string; [index: number]: number } | undefined): string[];
export declare function flipConfig(fuses: Record<string, unknown> | null): Record<string, unknown>;
export declare function stubFuseWire(): Buffer;
