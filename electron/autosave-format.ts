// The crash-recovery copy of a window's unsaved work, as pure functions: the strict check of a record (the same
// one for what a window sends over IPC and for what is read back from disk), and the file format. No Node, no
// Electron: autosave-store.ts does the I/O, ipc-validate.ts checks the IPC payload with validateAutosaveRecord.
//
// File format: one line of JSON (the header: format, version, name, ref?, savedAt), a newline, then the
// document's text exactly as the window sent it. The text is not JSON-escaped, so a file is never much larger
// than the document itself and the document size limit bounds it.

import { DEFAULT_DOCUMENT_LIMITS } from '../core/document/parse.ts';
import type { Validated } from './ipc-validate.ts';
import type { AutosaveRecord } from './preload-api.ts';

export const AUTOSAVE_LIMITS = Object.freeze({
  /** The document's text, in UTF-16 code units over IPC and in UTF-8 bytes on disk: the document limit. */
  maxTextLength: DEFAULT_DOCUMENT_LIMITS.maxTextLength,
  /** The name shown in the recovery offer. */
  maxNameLength: 1024,
  /** Where the document came from (a path), only handed back to the window. */
  maxRefLength: 8192,
  /** The header line on disk: name and ref JSON-escaped (at most 6 bytes a code unit) plus the other fields. */
  maxHeaderBytes: 64 * 1024,
});

export const AUTOSAVE_FORMAT = 'gradflow-autosave';
export const AUTOSAVE_VERSION = 1;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const RECORD_KEYS = new Set(['name', 'text', 'ref', 'savedAt']);

/**
 * A record exactly as the Host defines it, `{name, text, ref?, savedAt}`: strings bounded in length, savedAt a
 * finite time, and nothing else (an unknown key is refused, not dropped). The value returned is a fresh object.
 */
export function validateAutosaveRecord(value: unknown, limits: { maxTextLength: number } = AUTOSAVE_LIMITS): Validated<AutosaveRecord> {
  if (!isObject(value)) return fail('needs {name, text, ref?, savedAt} or null');
  const unknown = Object.keys(value).filter((key) => !RECORD_KEYS.has(key));
  if (unknown.length > 0) return fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 5).map((k) => `"${k.slice(0, 40)}"`).join(', ')}`);
  const { name, text, ref, savedAt } = value;
  if (typeof name !== 'string') return fail('name must be a string');
  if (name.length > AUTOSAVE_LIMITS.maxNameLength) return fail(`name is longer than ${AUTOSAVE_LIMITS.maxNameLength} characters`);
  if (typeof text !== 'string') return fail('text must be a string');
  if (text.length > limits.maxTextLength) return fail(`text is longer than the document limit (${limits.maxTextLength} characters)`);
  if (ref !== undefined) {
    if (typeof ref !== 'string' || ref.length === 0) return fail('ref must be a non-empty string when given');
    if (ref.length > AUTOSAVE_LIMITS.maxRefLength) return fail(`ref is longer than ${AUTOSAVE_LIMITS.maxRefLength} characters`);
  }
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt) || savedAt < 0) return fail('savedAt must be a finite time in milliseconds');
  return { ok: true, value: { name, text, ...(ref !== undefined ? { ref } : {}), savedAt } };
}

/** The file's contents for a (validated) record. */
export function encodeAutosave(record: AutosaveRecord): string {
  const header = { format: AUTOSAVE_FORMAT, version: AUTOSAVE_VERSION, name: record.name, ...(record.ref !== undefined ? { ref: record.ref } : {}), savedAt: record.savedAt };
  return `${JSON.stringify(header)}\n${record.text}`;
}

/** A file's contents back to a record, or why they are not one (a torn, foreign or newer file). */
export function decodeAutosave(contents: string, limits: { maxTextLength: number } = AUTOSAVE_LIMITS): Validated<AutosaveRecord> {
  const newline = contents.indexOf('\n');
  if (newline < 0) return fail('it has no header line');
  let header: unknown;
  try {
    header = JSON.parse(contents.slice(0, newline));
  } catch {
    return fail('its header is not JSON');
  }
  if (!isObject(header) || header.format !== AUTOSAVE_FORMAT) return fail('it is not a Gradflow recovery copy');
  if (header.version !== AUTOSAVE_VERSION) return fail(`it has version ${JSON.stringify(header.version)}; this app reads version ${AUTOSAVE_VERSION}`);
  const { format: _format, version: _version, ...fields } = header;
  if ('text' in fields) return fail('its header is wrong: the text follows the header, it is not in it');
  const record = validateAutosaveRecord({ ...fields, text: contents.slice(newline + 1) }, limits);
  return record.ok ? record : fail(`its header is wrong: ${record.error}`);
}
