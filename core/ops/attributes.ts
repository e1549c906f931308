// Attribute schemas: defaults, bounds and validation, shared by the graph builder, the document loader and
// the inspector (which shows the same bounds and messages).

import type { AttributeValue } from '../document/types.ts';
import type { AttributeSpec, ResolvedAttributes } from './types.ts';

/** Anything with an attribute schema: an op definition, or a layer template (named by its kind). */
export interface AttributeOwner {
  type: string;
  attributes: Readonly<Record<string, AttributeSpec>>;
}

export interface AttributeProblem {
  attribute: string;
  message: string;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return `a list [${value.slice(0, 6).join(', ')}${value.length > 6 ? ', …' : ''}]`;
  return String(value);
}

/** Why `value` is not acceptable for `spec`, or null when it is. */
export function checkAttribute(spec: AttributeSpec, value: unknown): string | null {
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `expected a number, got ${describeValue(value)}`;
      if (spec.integer && !Number.isInteger(value)) return `expected a whole number, got ${value}`;
      if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min)) {
        return `must be ${spec.exclusiveMin ? 'greater than' : 'at least'} ${spec.min}, got ${value}`;
      }
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}, got ${value}`;
      if (spec.odd && value % 2 === 0) return `must be odd (so "same" padding is symmetric), got ${value}`;
      return null;
    }
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value)) {
        return `expected one of ${spec.options.map((o) => `"${o}"`).join(', ')}, got ${describeValue(value)}`;
      }
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : `expected true or false, got ${describeValue(value)}`;
    case 'shape': {
      if (!Array.isArray(value)) return `expected a list of sizes like [28, 28], got ${describeValue(value)}`;
      if (value.length < spec.minRank || value.length > spec.maxRank) {
        return spec.minRank === spec.maxRank
          ? `expected ${spec.minRank} sizes, got ${value.length}`
          : `expected ${spec.minRank} to ${spec.maxRank} sizes, got ${value.length}`;
      }
      const bad = value.find((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 1_000_000);
      if (bad !== undefined) return `every size must be a whole number from 1 to 1000000, got ${describeValue(bad)}`;
      return null;
    }
  }
}

/** Fill in defaults and check every value; unknown attributes are problems too (a typo should not vanish). */
export function resolveAttributes(
  op: AttributeOwner,
  given: Readonly<Record<string, AttributeValue>>,
): { attrs: ResolvedAttributes; problems: AttributeProblem[] } {
  const attrs: Record<string, AttributeValue> = {};
  const problems: AttributeProblem[] = [];
  for (const [name, spec] of Object.entries(op.attributes)) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined) {
      attrs[name] = Array.isArray(spec.default) ? [...spec.default] : (spec.default as AttributeValue);
      continue;
    }
    const problem = checkAttribute(spec, value);
    if (problem) problems.push({ attribute: name, message: problem });
    attrs[name] = value;
  }
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(op.attributes, name)) {
      const known = Object.keys(op.attributes);
      problems.push({
        attribute: name,
        message: `is not an attribute of ${op.type}${known.length ? ` (it has: ${known.join(', ')})` : ' (it has none)'}`,
      });
    }
  }
  return { attrs, problems };
}

/** Typed accessors for op code: the value was validated against the schema already. */
export const num = (attrs: ResolvedAttributes, name: string): number => attrs[name] as number;
export const str = (attrs: ResolvedAttributes, name: string): string => attrs[name] as string;
export const bool = (attrs: ResolvedAttributes, name: string): boolean => attrs[name] as boolean;
export const dims = (attrs: ResolvedAttributes, name: string): number[] => attrs[name] as number[];
