import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MIGRATIONS, OLDEST_SUPPORTED_VERSION, migrateToCurrent, migrateV0ToV1 } from './migrations.ts';
import type { JsonObject, JsonValue, Migration } from './migrations.ts';
import { parseDocumentStructure } from './parse.ts';
import { CURRENT_VERSION } from './types.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const clone = <T extends JsonValue>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The linear-regression fixture as the pre-release draft (version 0) wrote it. */
function linearRegressionV0(): JsonObject {
  const node = (id: string, op: string, attributes: JsonObject, x: number, y: number, label?: string): JsonObject => ({
    id,
    op,
    ...(label === undefined ? {} : { label }),
    attributes,
    position: { x, y },
  });
  return {
    format: 'gradflow',
    version: 0,
    name: 'Linear regression',
    description:
      'Chapter 2 of Deep Learning from Scratch: a linear regression on 13 features, trained with mean squared error.',
    nodes: [
      node('x', 'Input', { shape: [13] }, 0, 0, 'Features'),
      node('y', 'Target', { shape: [1] }, 0, 200, 'Target'),
      node('w', 'WeightMultiply', { neurons: 1 }, 200, 0),
      node('b', 'BiasAdd', {}, 400, 0),
      node('act', 'Linear', {}, 500, 0),
      node('loss', 'MeanSquaredError', {}, 700, 100),
    ],
    edges: [
      { id: 'x-w', source: 'x', target: 'w', targetPort: 'X' },
      { id: 'w-b', source: 'w', target: 'b', targetPort: 'X' },
      { id: 'b-act', source: 'b', target: 'act', targetPort: 'X' },
      { id: 'act-loss', source: 'act', target: 'loss', targetPort: 'prediction' },
      { id: 'y-loss', source: 'y', target: 'loss', targetPort: 'target' },
    ],
    config: { epochs: 50, batchSize: 32, optimizer: { kind: 'SGD', learningRate: 0.01 } },
  };
}

test('the migration list is a chain from the oldest version to CURRENT_VERSION', () => {
  assert.equal(OLDEST_SUPPORTED_VERSION, 0);
  let version = OLDEST_SUPPORTED_VERSION;
  for (const migration of MIGRATIONS) {
    assert.equal(migration.from, version, `${migration.name} starts where the previous one ended`);
    assert.equal(migration.to, migration.from + 1);
    assert.ok(migration.name.length > 0);
    version = migration.to;
  }
  assert.equal(version, CURRENT_VERSION);
});

test('0 → 1: edges get from/to port references, config becomes training, groups are added', () => {
  const v0 = linearRegressionV0();
  const v1 = migrateV0ToV1(v0);
  assert.equal(v1.version, 1);
  assert.deepEqual(v1.edges, [
    { id: 'x-w', from: { node: 'x', port: 'out' }, to: { node: 'w', port: 'X' } },
    { id: 'w-b', from: { node: 'w', port: 'out' }, to: { node: 'b', port: 'X' } },
    { id: 'b-act', from: { node: 'b', port: 'out' }, to: { node: 'act', port: 'X' } },
    { id: 'act-loss', from: { node: 'act', port: 'out' }, to: { node: 'loss', port: 'prediction' } },
    { id: 'y-loss', from: { node: 'y', port: 'out' }, to: { node: 'loss', port: 'target' } },
  ]);
  assert.deepEqual(v1.training, v0.config);
  assert.equal('config' in v1, false);
  assert.deepEqual(v1.groups, []);
  assert.deepEqual(v1.nodes, v0.nodes);
});

test('0 → 1 is pure: it neither mutates its input nor shares edges with it', () => {
  const v0 = deepFreeze(linearRegressionV0());
  const before = clone(v0);
  const v1 = migrateV0ToV1(v0); // would throw on a frozen object if it wrote to it
  assert.deepEqual(v0, before);
  assert.notEqual(v1, v0);
  assert.notEqual((v1.edges as JsonValue[])[0], (v0.edges as JsonValue[])[0]);
});

test('0 → 1 tolerates junk and leaves it for the schema to report', () => {
  const v1 = migrateV0ToV1({
    format: 'gradflow',
    version: 0,
    nodes: [],
    edges: [42, { id: 'no-source', target: 'b' }, { id: 'extra', source: 'a', target: 'b', targetPort: 'X', color: 'red' }],
  });
  assert.deepEqual(v1.edges, [
    42,
    { id: 'no-source', to: { node: 'b' } },
    { id: 'extra', color: 'red', from: { node: 'a', port: 'out' }, to: { node: 'b', port: 'X' } },
  ]);
  assert.deepEqual(v1.training, {});
  assert.deepEqual(migrateV0ToV1({ version: 0, edges: 'oops' }).edges, 'oops');
});

test('0 → 1 keeps existing training and groups; a stray config stays visible as an unknown key', () => {
  const v1 = migrateV0ToV1({ version: 0, training: { epochs: 3 }, config: { epochs: 9 }, groups: [{ id: 'g' }] });
  assert.deepEqual(v1.training, { epochs: 3 });
  assert.deepEqual(v1.config, { epochs: 9 });
  assert.deepEqual(v1.groups, [{ id: 'g' }]);
});

test('migrateToCurrent: a current document passes through untouched', () => {
  const doc = { format: 'gradflow', version: 1, nodes: [] };
  const result = migrateToCurrent(doc, 1);
  assert.ok(result.ok);
  assert.equal(result.doc, doc);
  assert.deepEqual(result.applied, []);
});

test('migrateToCurrent: applies every step and names it', () => {
  const result = migrateToCurrent(linearRegressionV0(), 0);
  assert.ok(result.ok);
  assert.equal(result.doc.version, CURRENT_VERSION);
  assert.equal(result.applied.length, 1);
  assert.match(result.applied[0]!, /^version 0 → 1: /);
});

test('migrateToCurrent: unknown, newer and fractional versions are errors, not exceptions', () => {
  const unknown = migrateToCurrent({}, -1);
  assert.ok(!unknown.ok);
  assert.match(unknown.error, /version -1 is not a known Gradflow version/);
  const newer = migrateToCurrent({}, 7);
  assert.ok(!newer.ok);
  assert.match(newer.error, /newer/);
  assert.ok(!migrateToCurrent({}, 0.5).ok);
});

test('migrateToCurrent: a migration that throws becomes an error naming it', () => {
  const broken: Migration[] = [
    { from: 0, to: 1, name: 'explodes', up: () => { throw new Error('boom'); } },
  ];
  const result = migrateToCurrent({}, 0, broken);
  assert.ok(!result.ok);
  assert.match(result.error, /upgrade from version 0 failed \(explodes\): boom/);
  const stuck: Migration[] = [{ from: 0, to: 0, name: 'loops', up: (doc) => doc }];
  assert.ok(!migrateToCurrent({}, 0, stuck).ok);
});

test('a version-0 file loads as the same document as its version-1 form, with an upgrade warning', () => {
  const fixture = readFileSync(new URL('../../test/fixtures/documents/linear-regression.gradflow', import.meta.url), 'utf8');
  const expected = parseDocumentStructure(fixture);
  const upgraded = parseDocumentStructure(JSON.stringify(linearRegressionV0()));
  assert.ok(expected.ok && upgraded.ok, JSON.stringify(upgraded));
  // The v1 fixture has a Dense group the draft format could not express; everything else must match.
  assert.deepEqual(upgraded.doc, { ...expected.doc, groups: [] });
  assert.equal(upgraded.warnings.length, 1);
  assert.match(upgraded.warnings[0]!, /upgraded this file from an older format \(version 0 → 1/);
});
