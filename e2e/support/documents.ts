// What the browser tests about files compare against: the gallery's documents as JSON, which nodes the canvas
// should draw for one (a collapsed layer is one node standing for its members, renderer/canvas/to-flow.ts),
// and reading the page's own state through its DOM hooks and its IndexedDB.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './web-build.ts';

/** A .gradflow document as plain JSON (the tests compare files, not core's types). */
export interface DocJson {
  format: string;
  version: number;
  name?: string;
  nodes: { id: string; op: string; position: { x: number; y: number } }[];
  edges: { id: string }[];
  groups: { id: string; kind: string; members: string[]; collapsed?: boolean }[];
  data?: Record<string, unknown>;
  training: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

export const EXAMPLES_DIR = join(ROOT, 'assets', 'examples');

export const exampleText = (name: string): string => readFileSync(join(EXAMPLES_DIR, `${name}.gradflow`), 'utf8');
export const readExample = (name: string): DocJson => JSON.parse(exampleText(name)) as DocJson;

/**
 * The canvas node ids a document should show, sorted: each node by its id, except that the members of a
 * collapsed layer are drawn as one node with the layer's id (to-flow.ts `collapsedMembers`).
 */
export function expectedCanvasIds(doc: DocJson): string[] {
  const collapsedGroupOf = new Map<string, string>();
  for (const group of doc.groups) if (group.collapsed && group.members.length > 0) for (const m of group.members) collapsedGroupOf.set(m, group.id);
  return [...new Set(doc.nodes.map((n) => collapsedGroupOf.get(n.id) ?? n.id))].sort();
}

/** The nodes on the canvas: id and data-op of every element carrying data-op, in DOM order. */
export function canvasNodes(page: Page): Promise<{ id: string | null; op: string | null }[]> {
  return page.locator('[data-testid="canvas"] [data-op]').evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-node-id'), op: el.getAttribute('data-op') })));
}

export async function canvasIds(page: Page): Promise<string[]> {
  return (await canvasNodes(page)).map((n) => n.id ?? '?').sort();
}

/** Wait until the canvas shows exactly these node ids (React Flow draws a frame or two after the store changes). */
export async function waitForCanvasIds(page: Page, ids: readonly string[], timeout = 15_000): Promise<void> {
  const want = JSON.stringify([...ids].sort());
  await page.waitForFunction((expected) => JSON.stringify([...document.querySelectorAll('[data-testid="canvas"] [data-op]')]
    .map((el) => el.getAttribute('data-node-id') ?? '?').sort()) === expected, want, { timeout });
}

/** Wait until the file bar names this document exactly. */
export const waitForName = (page: Page, name: string, timeout = 15_000) =>
  page.waitForFunction((want) => document.querySelector('[data-testid="document-name"]')?.textContent === want, name, { timeout });

/** The engine has the document loaded and is ready: Train is enabled. */
export const waitForReady = (page: Page, timeout = 30_000) =>
  page.getByTestId('run-train').and(page.locator(':enabled')).waitFor({ timeout });

/** The unsaved-changes marker (●) in the file bar. */
export const dirtyMarker = (page: Page) => page.locator('.file-bar [aria-label="unsaved changes"]');

/**
 * The web storage's autosave record, read straight from IndexedDB (database "gradflow", store "kv", key
 * "autosave", renderer/host/web-storage.ts), or null. Source text: tsx's helpers do not exist in the page.
 */
export function readAutosaveRecord(page: Page): Promise<{ name: string; text: string; ref?: string; savedAt: number } | null> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('gradflow', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('kv');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('kv', 'readonly').objectStore('kv').get('autosave');
      get.onsuccess = () => { open.result.close(); resolve(get.result ?? null); };
      get.onerror = () => reject(get.error);
    };
  })`);
}

/** Commit a new value in the training form (the inspector with nothing selected): type it, press Enter. */
export async function setTrainingField(page: Page, field: string, value: string): Promise<void> {
  const inspector = page.getByTestId('inspector');
  const input = inspector.getByTestId(`training-${field}`);
  await input.fill(value);
  await input.press('Enter');
  if (await inspector.getByTestId(`training-error-${field}`).count() > 0) {
    throw new Error(`the training form refused ${field} = ${value}: ${await inspector.getByTestId(`training-error-${field}`).textContent()}`);
  }
}
