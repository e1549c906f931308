// What the inspector's controls type and what the document stores, both ways: "28, 28" ⇄ [28, 28], "0.5" ⇄ 0.5.
// Every value is checked with the op's own schema (checkAttribute), so the message the user sees while typing
// is the one the loader would give for a file holding that value. Pure, so it is unit-tested.

import type { AttributeValue } from '../../core/document/types.ts';
import { checkAttribute } from '../../core/ops/attributes.ts';
import type { AttributeSpec } from '../../core/ops/types.ts';

export type Parsed = { ok: true; value: AttributeValue } | { ok: false; message: string };

/** "28, 28", "28 28" or "[28, 28]" → [28, 28]; anything that is not a list of numbers → a message. */
export function parseShapeText(text: string): { ok: true; value: number[] } | { ok: false; message: string } {
  const inner = text.trim().replace(/^\[|\]$/g, '').trim();
  if (inner === '') return { ok: false, message: 'expected a list of sizes like 28, 28' };
  const parts = inner.split(/[\s,×x]+/).filter((p) => p !== '');
  const value = parts.map(Number);
  const bad = parts.find((p, i) => p.trim() === '' || !Number.isFinite(value[i]));
  if (bad !== undefined) return { ok: false, message: `"${bad}" is not a number (expected sizes like 28, 28)` };
  return { ok: true, value };
}

/** A number typed into a field: empty and non-numeric text are refused with a message. */
export function parseNumberText(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'expected a number' };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `expected a number, got "${trimmed}"` };
}

/** The text a control shows for a value. */
export function attributeText(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** A control's raw value (text for number and shape fields, the option for a select, checked for a box) → a value the schema accepts. */
export function parseAttributeInput(spec: AttributeSpec, raw: string | boolean): Parsed {
  let value: unknown;
  if (spec.kind === 'boolean') value = raw;
  else if (typeof raw === 'boolean') return { ok: false, message: `expected ${spec.kind === 'enum' ? 'an option' : 'a value'}, got ${raw}` };
  else if (spec.kind === 'enum') value = raw;
  else {
    const parsed = spec.kind === 'shape' ? parseShapeText(raw) : parseNumberText(raw);
    if (!parsed.ok) return parsed;
    value = parsed.value;
  }
  const problem = checkAttribute(spec, value);
  return problem ? { ok: false, message: problem } : { ok: true, value: value as AttributeValue };
}

/** Equal attribute values (lists by their elements), so an unchanged field commits nothing. */
export function sameAttribute(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((d, i) => d === b[i]);
  return a === b;
}

/** The step a number field offers: 1 for whole numbers, otherwise fine enough for rates and probabilities. */
export function numberStep(spec: Extract<AttributeSpec, { kind: 'number' }>): number | 'any' {
  return spec.integer ? (spec.odd ? 2 : 1) : 'any';
}
