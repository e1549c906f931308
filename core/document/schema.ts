// The zod schema of a version-1 `.gradflow` document: the structural rules only (types, ranges, sizes of
// strings). Which op types exist, what their attributes mean, cycles and shapes are checked on top of this.
//
// Two variants are built from one definition, because loading and saving want different things from
// unknown keys: loading is tolerant (`tolerantDocumentSchema` drops them, and the parser reports them as
// warnings so a file from a newer build that only added optional fields still opens), saving is strict
// (`documentSchema` refuses them, so nothing we do not understand is ever written back silently).

import { z } from 'zod';
import { FORMAT_NAME, CURRENT_VERSION } from './types.ts';
import type { GradflowDocument } from './types.ts';
import { OPTIMIZER_KINDS, SCHEDULE_KINDS, METRIC_NAMES, BACKEND_NAMES } from '../train/config.ts';

export const MAX_ID_LENGTH = 200;
export const MAX_NAME_LENGTH = 1000;
/** A description is prose, so it gets more room than a name; the file size bound still applies. */
export const MAX_DESCRIPTION_LENGTH = 100_000;
/** Attribute lists are shapes and kernel sizes; nothing legitimate comes close. */
export const MAX_ATTRIBUTE_LIST_LENGTH = 1000;
/** No tensor in the engine has more dimensions than this. */
export const MAX_TENSOR_RANK = 16;
export const MAX_SEED = 2 ** 32 - 1;

// Standard base64 with padding, which is what `encodeFloat32Base64` writes. Checked with a loop, not a
// regex: V8 backtracks `(?:x{4})*` with a stack, which overflows on a parameter of a few megabytes.
const BASE64_DIGIT = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') table[c.charCodeAt(0)] = 1;
  return table;
})();

/** How many bytes a padded base64 text of valid form decodes to. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export function isBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  // Up to two '=' at the very end, and only there.
  const padding = n > 0 && text.charCodeAt(n - 1) === 61 ? (text.charCodeAt(n - 2) === 61 ? 2 : 1) : 0;
  for (let i = 0; i < n - padding; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || BASE64_DIGIT[c] === 0) return false;
  }
  return true;
}

type UnknownKeys = 'strict' | 'strip';

function buildSchema(unknownKeys: UnknownKeys) {
  // Every closed object goes through here so the two variants differ in exactly one place.
  const closed = <T extends z.core.$ZodLooseShape>(shape: T) =>
    unknownKeys === 'strict' ? z.strictObject(shape) : z.object(shape);

  const id = z.string().min(1, 'must not be empty').max(MAX_ID_LENGTH);
  const name = z.string().max(MAX_NAME_LENGTH);
  // z.number() already refuses Infinity (what a literal like 1e999 parses to); the parser also reports
  // non-finite numbers anywhere in the file, including the open `data` object.
  const finite = z.number();
  const positive = z.number().positive();
  const unitInterval = z.number().min(0).lt(1);
  const recordKey = z.string().min(1, 'must not be empty').max(2 * MAX_ID_LENGTH + 1);

  const attributeValue = z.union([
    finite,
    z.string().max(MAX_NAME_LENGTH),
    z.boolean(),
    z.array(finite).max(MAX_ATTRIBUTE_LIST_LENGTH),
  ]);
  const attributes = z.record(recordKey, attributeValue);

  const position = closed({ x: finite, y: finite });

  const node = closed({
    id,
    op: id,
    attributes,
    position,
    label: name.optional(),
  });

  const portRef = closed({ node: id, port: id });
  const edge = closed({ id, from: portRef, to: portRef });

  const group = closed({
    id,
    kind: z.enum(['Dense', 'Conv2D', 'Group']),
    name,
    attributes,
    members: z.array(id),
    collapsed: z.boolean(),
  });

  // Open by design: core/data defines its fields later. Only `kind` is known here.
  const data = z.looseObject({ kind: id });

  const training = closed({
    seed: z.int().min(0).max(MAX_SEED).optional(),
    epochs: z.int().min(1).max(1_000_000).optional(),
    batchSize: z.int().min(1).optional(),
    evalEvery: z.int().min(1).optional(),
    earlyStopping: closed({
      enabled: z.boolean().optional(),
      patience: z.int().min(1).optional(),
    }).optional(),
    optimizer: closed({
      kind: z.enum(OPTIMIZER_KINDS).optional(),
      learningRate: positive.optional(),
      momentum: unitInterval.optional(),
      beta1: unitInterval.optional(),
      beta2: unitInterval.optional(),
      epsilon: positive.optional(),
    }).optional(),
    schedule: closed({
      kind: z.enum(SCHEDULE_KINDS).optional(),
      finalLearningRate: positive.optional(),
    }).optional(),
    gradientClip: positive.nullable().optional(),
    shuffle: z.boolean().optional(),
    metrics: z.array(z.enum(METRIC_NAMES)).max(METRIC_NAMES.length * 4).optional(),
    backend: z.enum(BACKEND_NAMES).optional(),
    compat: z.enum(['correct', 'book']).optional(),
  });

  const view = closed({
    viewport: closed({ x: finite, y: finite, zoom: positive }).optional(),
  });

  const savedParameter = closed({
    shape: z.array(z.int().min(1)).max(MAX_TENSOR_RANK),
    dtype: z.literal('float32'),
    data: z.string().refine(isBase64, 'is not valid base64'),
  }).superRefine((parameter, ctx) => {
    // Checked here, without decoding, so a mismatched tensor is refused before anything is allocated.
    if (!isBase64(parameter.data)) return;
    const count = parameter.shape.reduce((product, dim) => product * dim, 1);
    const bytes = base64ByteLength(parameter.data);
    if (bytes !== count * 4) {
      ctx.addIssue({
        code: 'custom',
        path: ['data'],
        message: `holds ${bytes} bytes, but shape [${parameter.shape.join(', ')}] needs ${count * 4} (${count} float32 values)`,
      });
    }
  });

  const runSummary = closed({
    epochs: z.int().min(0),
    trainLoss: finite.optional(),
    validationLoss: finite.optional(),
    metrics: z.record(recordKey, finite).optional(),
    finishedAt: z.string().max(100).optional(),
  });

  return closed({
    format: z.literal(FORMAT_NAME),
    version: z.literal(CURRENT_VERSION),
    name: name.optional(),
    description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
    nodes: z.array(node),
    edges: z.array(edge),
    groups: z.array(group),
    data: data.optional(),
    training,
    view: view.optional(),
    parameters: z.record(recordKey, savedParameter).optional(),
    runSummary: runSummary.optional(),
  });
}

/** Refuses unknown keys: for checking a document before it is written. */
export const documentSchema = buildSchema('strict');
/** Drops unknown keys: for loading (the parser turns them into warnings using `documentSchema`'s issues). */
export const tolerantDocumentSchema = buildSchema('strip');

// The schema must describe exactly the hand-written type in types.ts; these fail to compile if they drift.
type SchemaOutput = z.output<typeof documentSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTypes: Same<SchemaOutput, GradflowDocument> = true;
const tolerantMatchesTypes: Same<z.output<typeof tolerantDocumentSchema>, GradflowDocument> = true;
void schemaMatchesTypes;
void tolerantMatchesTypes;

// ---- zod issues → messages a person understands ----------------------------------------------------------
// zod's own texts ("Invalid input: expected number, received string") are for developers; a user who
// typed "ten" into a file wants `expected a number, got "ten"`, at a path they can find.

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `nodes[3].attributes.neurons`, or `parameters["w.W"].data` when a key is not a plain name. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short description of a value, for "got …". */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? `${JSON.stringify(value.slice(0, 40)).slice(0, -1)}…"` : JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `${value} (not a finite number)`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
  null: 'null',
};
const expectedName = (expected: string) => EXPECTED_NAMES[expected] ?? expected;

export interface IssueMessage {
  path: string;
  message: string;
}

/** One message per issue (a union contributes the branch that explains it best). */
export function describeIssue(issue: Issue, basePath: readonly PathKey[] = []): IssueMessage {
  const fullPath = [...basePath, ...issue.path];
  const at = (message: string): IssueMessage => ({ path: formatPath(fullPath), message });
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return at(`is missing (expected ${expectedName(issue.expected)})`);
      return at(`expected ${expectedName(issue.expected)}, got ${describeValue(input)}`);
    case 'too_small': {
      if (issue.origin === 'string') return at(Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters long`);
      if (issue.origin === 'array') return at(`must have at least ${issue.minimum} items`);
      const bound = issue.inclusive === false ? 'greater than' : 'at least';
      return at(`must be ${bound} ${issue.minimum}, got ${describeValue(input)}`);
    }
    case 'too_big': {
      if (issue.origin === 'string') {
        const length = typeof input === 'string' ? `${input.length} characters; ` : '';
        return at(`is too long (${length}at most ${issue.maximum} allowed)`);
      }
      if (issue.origin === 'array') {
        const length = Array.isArray(input) ? `${input.length} items; ` : '';
        return at(`has too many items (${length}at most ${issue.maximum} allowed)`);
      }
      const bound = issue.inclusive === false ? 'less than' : 'at most';
      return at(`must be ${bound} ${issue.maximum}, got ${describeValue(input)}`);
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      return at(`must be ${expected}, got ${describeValue(input)}`);
    }
    case 'invalid_union':
      return describeUnion(issue, fullPath);
    case 'invalid_key': {
      const inner = issue.issues[0];
      const why = inner === undefined ? 'is not allowed' : describeIssue(inner).message;
      return at(`the name ${describeValue(input)} ${why}`);
    }
    case 'unrecognized_keys':
      return at(`has unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`);
    default:
      // custom refinements (and codes this schema does not produce) carry a message we wrote ourselves.
      return at(issue.message);
  }
}

function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: readonly PathKey[]): IssueMessage {
  // A branch whose complaints are not about the value's own type is the one the value meant to be (a list
  // holding a string, say): report its first complaint, which points inside the value.
  for (const branch of issue.errors) {
    const deeper = branch.find((inner) => inner.path.length > 0 || inner.code !== 'invalid_type');
    if (deeper !== undefined) return describeIssue(deeper, path);
  }
  const expected = issue.errors
    .map((branch) => branch[0])
    .filter((inner): inner is Extract<Issue, { code: 'invalid_type' }> => inner?.code === 'invalid_type')
    // The only union in this schema is AttributeValue, whose list branch holds numbers; "true or false"
    // inside a list of alternatives reads badly, hence the short form.
    .map((inner) => (inner.expected === 'array' ? 'a list of numbers' : inner.expected === 'boolean' ? 'true/false' : expectedName(inner.expected)));
  const list = expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}` : expected[0] ?? 'another kind of value';
  return { path: formatPath(path), message: `expected ${list}, got ${describeValue(issue.input)}` };
}
