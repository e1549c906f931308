// For the CLI tests (not a test file itself): run `gradflow` either as the real child process
// (node bin/gradflow.mjs …, with pipes, so no TTY and no progress bar) or in this process through the same
// main() the binary calls, with captured streams. A child costs about a second of start-up (tsx + zod), so
// the process boundary is tested where it matters and the many small cases run in-process.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from './context.ts';
import { CliHost, type FileSystem, nodeFileSystem } from './host.ts';
import { main } from './main.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(REPO, 'bin', 'gradflow.mjs');
export const EXAMPLES = join(REPO, 'assets', 'examples');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function gradflow(args: readonly string[], options: { cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same as `gradflow`, in this process; `files` replaces the file system (to inject failures). */
export async function gradflowInProcess(args: readonly string[], options: { cwd?: string; files?: FileSystem } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx: Context = {
    cwd: options.cwd ?? REPO,
    host: new CliHost(options.files ?? nodeFileSystem),
    stdout: { write: (text: string) => { stdout += text; }, isTTY: false },
    stderr: { write: (text: string) => { stderr += text; }, isTTY: false },
  };
  const code = await main(args, ctx);
  return { code, stdout, stderr };
}

/** Every stdout line parsed as JSON (the --json contract: nothing else is on stdout). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A fresh folder under the OS temp folder, and a function that removes it. */
export function tempFolder(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'gradflow-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A two-feature linear regression graph on a CSV beside it, for tests that need their own data. */
export function linearDocument(data: Record<string, unknown>, training: Record<string, unknown> = {}): string {
  const node = (id: string, op: string, attributes: Record<string, unknown> = {}) => ({ id, op, attributes, position: { x: 0, y: 0 } });
  const edge = (from: string, to: string, port: string) => ({ id: `${from}->${to}`, from: { node: from, port: 'out' }, to: { node: to, port } });
  const features = (data.features as string[] | undefined)?.length ?? 2;
  return JSON.stringify({
    format: 'gradflow', version: 1,
    nodes: [
      node('x', 'Input', { shape: [features] }), node('w', 'WeightMultiply', { neurons: 1 }), node('b', 'BiasAdd'),
      node('y', 'Target', { shape: [1] }), node('loss', 'MeanSquaredError'),
    ],
    edges: [edge('x', 'w', 'X'), edge('w', 'b', 'X'), edge('b', 'loss', 'prediction'), edge('y', 'loss', 'target')],
    groups: [],
    data,
    training: { epochs: 3, batchSize: 4, ...training },
  }, null, 2);
}
