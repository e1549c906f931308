// Types of security-lint.mjs for the TypeScript files that import it (the tests).
export interface Finding { id: string; file: string; line: number; column: number; sample: string; severity: string; confidence: string; description: string }
export interface Justification { id: string; file: string; sample: string; reason: string; count?: number }
export interface Justifications { excludedChecks: string[]; justified: Justification[] }
export interface ScanResult { findings: Finding[]; errors: { file: string; message: string; tolerable: boolean }[]; checks: number; electronVersion: string }
export declare const JUSTIFICATIONS_FILE: string;
export declare function runElectronegativity(justifications: Pick<Justifications, 'excludedChecks'>): Promise<ScanResult>;
export declare function scanFolder(folder: string, excludedChecks: string[]): Promise<ScanResult>;
export declare function readJustifications(text?: string): Justifications;
export declare function judge(findings: Finding[], justified: Justification[]): { covered: (Finding & { reason: string })[]; unjustified: Finding[]; stale: (Justification & { matched: number })[] };
export declare function report(result: ScanResult, justifications: Justifications): { ok: boolean; text: string; unjustified: Finding[]; stale: (Justification & { matched: number })[] };
