// Reading `.gradflow` text into a GradflowDocument: the structural half of loading (DESIGN.md §2, §5).
//
//   size bound → JSON syntax + nesting depth (own scanner, json-scan.ts) → JSON.parse → header →
//   non-finite numbers → migrate → counts → schema → ids and references
//
// A document is untrusted input, so every step is bounded before the next one allocates, and the function
// never throws: any input string yields a LoadResult with path-named errors. Op types, attribute values,
// cycles and shapes are checked by the semantic layer on top of this.

import { CURRENT_VERSION, FORMAT_NAME } from './types.ts';
import type { DocumentError, GradflowDocument, LoadResult } from './types.ts';
import { documentSchema, tolerantDocumentSchema, describeIssue, describeValue, formatPath } from './schema.ts';
import { migrateToCurrent, isJsonObject, OLDEST_SUPPORTED_VERSION } from './migrations.ts';
import type { JsonObject } from './migrations.ts';
import { lineColumn, scanJson } from './json-scan.ts';

export interface DocumentLimits {
  /** Length of the text in UTF-16 code units (= bytes for ASCII JSON). */
  maxTextLength: number;
  maxNodes: number;
  maxEdges: number;
  maxGroups: number;
  /** Nested arrays/objects; a real document needs about 6. */
  maxDepth: number;
}

export const DEFAULT_DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxTextLength: 64 * 1024 * 1024,
  maxNodes: 10_000,
  maxEdges: 50_000,
  maxGroups: 1_000,
  maxDepth: 64,
});

/** A broken 10,000-node file should not produce 10,000 lines; the first ones locate the problem. */
const MAX_REPORTED_ERRORS = 100;

export function parseDocumentStructure(text: string, limits: Partial<DocumentLimits> = {}): LoadResult {
  try {
    return parseUnguarded(text, resolveLimits(limits));
  } catch (error) {
    // Nothing below is expected to throw; this keeps the promise if something does (e.g. out of memory).
    let detail = 'unknown error';
    try {
      detail = error instanceof Error ? error.message : String(error);
    } catch {
      // keep 'unknown error'
    }
    return fail('', `the file could not be read (internal error: ${detail})`);
  }
}

/** Defaults for whatever is left out; an `undefined` or NaN limit must not silently mean "no limit". */
function resolveLimits(limits: Partial<DocumentLimits>): DocumentLimits {
  const resolved = { ...DEFAULT_DOCUMENT_LIMITS };
  for (const key of Object.keys(resolved) as Array<keyof DocumentLimits>) {
    const value = limits[key];
    if (typeof value === 'number' && !Number.isNaN(value)) resolved[key] = value;
  }
  return resolved;
}

function parseUnguarded(input: unknown, limits: DocumentLimits): LoadResult {
  if (typeof input !== 'string') return fail('', `expected the file's text, got ${describeValue(input)}`);
  if (input.length > limits.maxTextLength) {
    return fail('', `the file is too large (${formatSize(input.length)}; the limit is ${formatSize(limits.maxTextLength)})`);
  }
  // Editors on Windows may prepend a byte-order mark, which JSON.parse refuses.
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.trim() === '') return fail('', 'the file is empty');

  // Our own scan first: it bounds the nesting depth without recursion (JSON.parse and zod recurse, and a
  // file of 10,000 '[' would overflow the stack), and it locates syntax errors by line and column, which
  // V8's messages do not (Node 20 says only `Unexpected token '}', "..." is not valid JSON`).
  const scan = scanJson(text, limits.maxDepth);
  if (!scan.ok) return fail('', `${lineColumn(text, scan.offset)}: ${scan.message}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail('', `the file is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseTree(raw, limits);
}

/**
 * The structural half of loading for a document that arrives as a value rather than text — a window's
 * 'load' message, a structured clone. Nothing bounded it on the way (no text length, no scan), so it is
 * walked first without recursion: JSON types only, no deeper than `maxDepth`, no more values or characters
 * than a file within `maxTextLength` could hold. Never throws.
 */
export function parseDocumentValue(value: unknown, limits: Partial<DocumentLimits> = {}): LoadResult {
  try {
    const resolved = resolveLimits(limits);
    const problem = jsonTreeProblem(value, resolved);
    if (problem) return fail(problem.path, problem.message);
    return parseTree(value, resolved);
  } catch (error) {
    return fail('', `the document could not be read (internal error: ${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Why a value is not a JSON tree a file within the limits could hold: a non-JSON type (undefined, a Map, a
 * typed array…), nesting past maxDepth, or more characters and values than maxTextLength allows (which also
 * stops a tree that shares one list a billion times over). Iterative, so depth costs no stack.
 */
function jsonTreeProblem(root: unknown, limits: DocumentLimits): { path: string; message: string } | null {
  // Each value costs at least one character of text ("0", a comma); strings their length, keys theirs.
  let budget = limits.maxTextLength;
  // Paths are built only for the one value that fails, from parent links.
  interface Entry { value: unknown; depth: number; parent: Entry | null; key: string | number }
  const pathOf = (entry: Entry): string => {
    const path: Array<string | number> = [];
    for (let e: Entry | null = entry; e && e.parent; e = e.parent) path.unshift(e.key);
    return formatPath(path);
  };
  const stack: Entry[] = [{ value: root, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    budget -= typeof value === 'string' ? value.length + 2 : 1;
    if (budget < 0) return { path: '', message: `the document is too large (more than a ${formatSize(limits.maxTextLength)} file could hold)` };
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') continue;
    if (typeof value !== 'object') {
      const what = value === undefined ? 'undefined' : typeof value === 'bigint' ? 'a BigInt' : `a ${typeof value}`;
      return { path: pathOf(entry), message: `is ${what}, which a document cannot hold` };
    }
    const prototype = Object.getPrototypeOf(value);
    const isList = Array.isArray(value);
    if (!isList && prototype !== Object.prototype && prototype !== null) {
      return { path: pathOf(entry), message: `is a ${String((value as object).constructor?.name ?? 'special object').slice(0, 40)}, which a document cannot hold` };
    }
    if (depth >= limits.maxDepth) return { path: pathOf(entry), message: `is nested more than ${limits.maxDepth} levels deep` };
    if (isList) {
      for (let k = value.length - 1; k >= 0; k--) stack.push({ value: value[k], depth: depth + 1, parent: entry, key: k });
    } else {
      const keys = Object.keys(value);
      for (let k = keys.length - 1; k >= 0; k--) {
        budget -= keys[k]!.length + 3;
        const child = (value as Record<string, unknown>)[keys[k]!];
        // JSON has no undefined: a key holding it is absent, as JSON.stringify would write the object.
        if (child !== undefined) stack.push({ value: child, depth: depth + 1, parent: entry, key: keys[k]! });
      }
    }
  }
  return null;
}

/** Header, non-finite numbers, migration, counts, schema and references of a parsed JSON tree. */
function parseTree(raw: unknown, limits: DocumentLimits): LoadResult {
  const header = checkHeader(raw);
  if (!header.ok) return { ok: false, errors: header.errors };

  const errors = new ErrorList();
  checkJsonValues(header.doc, [], errors);
  if (errors.length > 0) return { ok: false, errors: errors.list() };

  const migrated = migrateToCurrent(header.doc, header.version);
  if (!migrated.ok) return fail('version', migrated.error);
  const warnings = migrated.applied.map((step) => `upgraded this file from an older format (${step}); saving writes version ${CURRENT_VERSION}`);
  const doc = migrated.doc;

  checkCount(doc, 'nodes', limits.maxNodes, errors);
  checkCount(doc, 'edges', limits.maxEdges, errors);
  checkCount(doc, 'groups', limits.maxGroups, errors);
  if (errors.length > 0) return { ok: false, errors: errors.list() };

  const validated = validate(doc, errors, warnings);
  if (validated === undefined) return { ok: false, errors: errors.list() };
  checkReferences(validated, errors);
  if (errors.length > 0) return { ok: false, errors: errors.list() };
  return { ok: true, doc: validated, warnings };
}

function fail(path: string, message: string): LoadResult {
  return { ok: false, errors: [{ path, message }] };
}

class ErrorList {
  private readonly errors: DocumentError[] = [];
  private dropped = 0;
  get length(): number {
    return this.errors.length + this.dropped;
  }
  get full(): boolean {
    return this.errors.length >= MAX_REPORTED_ERRORS;
  }
  add(path: string, message: string): void {
    if (this.full) this.dropped++;
    else this.errors.push({ path, message });
  }
  list(): DocumentError[] {
    if (this.dropped === 0) return [...this.errors];
    return [...this.errors, { path: '', message: `…and ${this.dropped} more ${this.dropped === 1 ? 'problem' : 'problems'}` }];
  }
}

function formatSize(length: number): string {
  return length >= 1024 * 1024 ? `${(length / (1024 * 1024)).toFixed(1)} MB` : `${length} characters`;
}

// ---- header -----------------------------------------------------------------------------------------------

type HeaderResult = { ok: true; doc: JsonObject; version: number } | { ok: false; errors: DocumentError[] };

function checkHeader(raw: unknown): HeaderResult {
  const refuse = (path: string, message: string): HeaderResult => ({ ok: false, errors: [{ path, message }] });
  if (!isJsonObject(raw)) {
    return refuse('', `not a Gradflow file: expected a JSON object at the top level, got ${describeValue(raw)}`);
  }
  if (!('format' in raw)) return refuse('format', `not a Gradflow file (it has no "format": "${FORMAT_NAME}" header)`);
  if (raw.format !== FORMAT_NAME) {
    return refuse('format', `not a Gradflow file ("format" is ${describeValue(raw.format)}, expected "${FORMAT_NAME}")`);
  }
  const version = raw.version;
  if (version === undefined) {
    return refuse('version', `the file has no "version"; a Gradflow file starts with { "format": "${FORMAT_NAME}", "version": ${CURRENT_VERSION} }`);
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return refuse('version', `"version" must be a whole number, got ${describeValue(version)}`);
  }
  if (version > CURRENT_VERSION) {
    return refuse(
      'version',
      `this file was written by a newer Gradflow (version ${version}); this build reads up to version ${CURRENT_VERSION}. Update Gradflow to open it.`,
    );
  }
  if (version < OLDEST_SUPPORTED_VERSION) {
    return refuse('version', `version ${version} is not a Gradflow file version (this build reads versions ${OLDEST_SUPPORTED_VERSION} to ${CURRENT_VERSION})`);
  }
  return { ok: true, doc: raw, version };
}

// ---- whole-tree checks zod cannot make for the open parts --------------------------------------------------

/**
 * Reports non-finite numbers (a literal like 1e999 parses to Infinity) and `__proto__` keys (JSON.parse
 * makes them own properties, but copying them into a new object — as zod's records do — would replace
 * the object's prototype instead). Recursive, which is safe because the scan bounded the depth.
 */
function checkJsonValues(value: unknown, path: Array<string | number>, errors: ErrorList): void {
  if (errors.full) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) errors.add(formatPath(path), 'is a number too large to represent (not finite)');
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkJsonValues(value[i], path, errors);
      path.pop();
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      path.push(key);
      if (key === '__proto__') errors.add(formatPath(path), '"__proto__" is not allowed as a name');
      else checkJsonValues((value as Record<string, unknown>)[key], path, errors);
      path.pop();
    }
  }
}

function checkCount(doc: JsonObject, key: 'nodes' | 'edges' | 'groups', max: number, errors: ErrorList): void {
  const list = doc[key];
  if (Array.isArray(list) && list.length > max) {
    errors.add(key, `has ${list.length} ${key}; at most ${max} are allowed`);
  }
}

// ---- schema ---------------------------------------------------------------------------------------------

function validate(doc: JsonObject, errors: ErrorList, warnings: string[]): GradflowDocument | undefined {
  // The strict schema tells known-field problems (errors) from unknown fields (warnings) in one pass.
  const strict = documentSchema.safeParse(doc, { reportInput: true });
  if (strict.success) return strict.data;
  let unknownFields = false;
  for (const issue of strict.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      unknownFields = true;
      const where = issue.path.length === 0 ? 'the top level' : formatPath(issue.path);
      const fields = issue.keys.map((key) => JSON.stringify(key)).join(', ');
      warnings.push(`ignoring unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${fields} at ${where} (${issue.keys.length === 1 ? 'it is' : 'they are'} not saved)`);
    } else {
      const { path, message } = describeIssue(issue);
      errors.add(path, message);
    }
  }
  if (errors.length > 0 || !unknownFields) return undefined;
  const tolerant = tolerantDocumentSchema.safeParse(doc, { reportInput: true });
  if (tolerant.success) return tolerant.data;
  for (const issue of tolerant.error.issues) {
    const { path, message } = describeIssue(issue);
    errors.add(path, message);
  }
  return undefined;
}

// ---- ids and references -------------------------------------------------------------------------------

function checkReferences(doc: GradflowDocument, errors: ErrorList): void {
  const nodeIndex = uniqueIds(doc.nodes, 'nodes', 'node', errors);
  uniqueIds(doc.edges, 'edges', 'edge', errors);
  const groupIndex = uniqueIds(doc.groups, 'groups', 'group', errors);
  // Groups are drawn on the canvas alongside nodes, so the two must not share an id.
  for (const [id, index] of groupIndex) {
    if (nodeIndex.has(id)) errors.add(`groups[${index}].id`, `group id ${JSON.stringify(id)} is also the id of a node (nodes[${nodeIndex.get(id)}])`);
  }
  doc.edges.forEach((edge, index) => {
    for (const end of ['from', 'to'] as const) {
      const node = edge[end].node;
      if (!nodeIndex.has(node)) {
        errors.add(`edges[${index}].${end}.node`, `dangling edge ${JSON.stringify(edge.id)}: its "${end}" node ${JSON.stringify(node)} does not exist`);
      }
    }
  });
  doc.groups.forEach((group, index) => {
    const seen = new Set<string>();
    group.members.forEach((member, memberIndex) => {
      const path = `groups[${index}].members[${memberIndex}]`;
      if (!nodeIndex.has(member)) {
        errors.add(path, `group ${JSON.stringify(group.id)} lists member ${JSON.stringify(member)}, but there is no node with that id`);
      } else if (seen.has(member)) {
        errors.add(path, `group ${JSON.stringify(group.id)} lists member ${JSON.stringify(member)} more than once`);
      }
      seen.add(member);
    });
  });
}

function uniqueIds(items: ReadonlyArray<{ id: string }>, list: string, what: string, errors: ErrorList): Map<string, number> {
  const firstIndex = new Map<string, number>();
  items.forEach((item, index) => {
    const first = firstIndex.get(item.id);
    if (first === undefined) firstIndex.set(item.id, index);
    else errors.add(`${list}[${index}].id`, `duplicate ${what} id ${JSON.stringify(item.id)} (${list}[${first}] has it too)`);
  });
  return firstIndex;
}
