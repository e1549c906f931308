// Upgrading an older `.gradflow` document, one version step at a time, to CURRENT_VERSION.
//
// Migrations work on plain JSON, before schema validation, because an old file does not fit today's types.
// Each one is pure (it never mutates its input, so a failed load leaves the caller's object intact and each
// step can be tested alone) and tolerant of junk: it rewrites what it recognises and leaves anything else
// for the schema to report with a path. DESIGN.md §5: every version change comes with one of these.

import { CURRENT_VERSION } from './types.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export interface Migration {
  from: number;
  to: number;
  /** Shown to the user in a warning ("upgraded from version 0: …"). */
  name: string;
  up: (doc: JsonObject) => JsonObject;
}

export type MigrationResult =
  | { ok: true; doc: JsonObject; applied: string[] }
  | { ok: false; error: string };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Version 0 is the pre-release draft format. Its edges named whole nodes (`source`/`target`) plus only the
 * input port, because every op then had a single output; that output is today's port "out". Training
 * settings lived under `config`, and there were no groups.
 */
export function migrateV0ToV1(doc: JsonObject): JsonObject {
  const { config, ...rest } = doc;
  const out: JsonObject = { ...rest, version: 1 };
  if (Array.isArray(doc.edges)) out.edges = doc.edges.map(migrateV0Edge);
  // A draft that somehow has both keeps `training`; `config` then stays as an unknown key so the loader
  // warns about it instead of silently picking one.
  if (!('training' in doc)) out.training = config === undefined ? {} : config;
  else if (config !== undefined) out.config = config;
  if (!('groups' in doc)) out.groups = [];
  return out;
}

function migrateV0Edge(edge: JsonValue): JsonValue {
  if (!isJsonObject(edge)) return edge;
  const { source, target, targetPort, ...rest } = edge;
  const out: JsonObject = { ...rest };
  // Only fields that are present are rewritten; a missing one surfaces as "missing" on the v1 path.
  if (source !== undefined) out.from = { node: source, port: 'out' };
  if (target !== undefined || targetPort !== undefined) {
    const to: JsonObject = {};
    if (target !== undefined) to.node = target;
    if (targetPort !== undefined) to.port = targetPort;
    out.to = to;
  }
  return out;
}

/** In order; each `to` is the next one's `from`, ending at CURRENT_VERSION (checked by a test). */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    name: 'edges name ports (from/to), "config" renamed to "training", groups added',
    up: migrateV0ToV1,
  },
];

export const OLDEST_SUPPORTED_VERSION = MIGRATIONS.length > 0 ? MIGRATIONS[0]!.from : CURRENT_VERSION;

/**
 * Apply every migration from `version` up to CURRENT_VERSION. Never throws: a migration that fails on
 * malformed input becomes an error result naming it.
 */
export function migrateToCurrent(
  raw: JsonObject,
  version: number,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationResult {
  if (!Number.isInteger(version)) return { ok: false, error: `version ${version} is not a whole number` };
  if (version > CURRENT_VERSION) {
    return { ok: false, error: `version ${version} is newer than this build reads (up to ${CURRENT_VERSION})` };
  }
  let doc = raw;
  let current = version;
  const applied: string[] = [];
  while (current < CURRENT_VERSION) {
    const step = migrations.find((m) => m.from === current);
    if (step === undefined) {
      return { ok: false, error: `version ${version} is not a known Gradflow version (no upgrade from ${current})` };
    }
    // A list whose steps do not move forward would loop for ever; refuse it instead.
    if (step.to <= current) return { ok: false, error: `upgrade "${step.name}" does not move forward` };
    try {
      const next = step.up(doc);
      if (!isJsonObject(next)) return { ok: false, error: `upgrade "${step.name}" did not produce an object` };
      doc = next;
    } catch (error) {
      return { ok: false, error: `upgrade from version ${step.from} failed (${step.name}): ${describeError(error)}` };
    }
    applied.push(`version ${step.from} → ${step.to}: ${step.name}`);
    current = step.to;
  }
  return { ok: true, doc, applied };
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}
