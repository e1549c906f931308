import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GradflowDocument } from '../../core/document/types.ts';
import { describeDataSource, formatBytes, formatCount, summaryOf } from './summary-facts.ts';

const load = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../assets/examples', name), 'utf8')) as GradflowDocument;

test('summaryOf: one row per layer, the total parameter count, for the document\'s batch size', () => {
  const result = summaryOf(load('spiral.gradflow'));
  assert.ok(result.ok);
  assert.deepEqual(result.summary.rows.map((r) => [r.name, r.outputShape, r.parameters]).filter(([, , p]) => p !== 0),
    [['Dense dense1', '(N, 16)', 48], ['Dense dense2', '(N, 16)', 272], ['Dense dense3', '(N, 2)', 34]]);
  assert.equal(result.summary.totalParameters, 354);
  assert.equal(result.summary.batchSize, 32);
});

test('summaryOf gives the reason when the graph does not build', () => {
  const doc = load('spiral.gradflow');
  const broken = summaryOf({ ...doc, edges: doc.edges.filter((e) => e.id !== 'target->loss') });
  assert.ok(!broken.ok && broken.reason.length > 0);
  assert.deepEqual(summaryOf({ ...doc, nodes: [], edges: [], groups: [] }), { ok: false, reason: 'the graph is empty' });
});

test('formatCount and formatBytes', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5 MiB');
});

test('describeDataSource lists kind, name, options, split; nothing for no source', () => {
  assert.deepEqual(describeDataSource(undefined), []);
  const lines = Object.fromEntries(describeDataSource(load('spiral.gradflow').data));
  assert.equal(lines.kind, 'builtin');
  assert.equal(lines.name, 'spiral');
  assert.match(lines.options ?? '', /count 400/);
  assert.equal(lines.split, 'random: 0.2 validation, seed 4');
  const mpg = Object.fromEntries(describeDataSource(load('ch2-linear-regression.gradflow').data));
  assert.ok(mpg.kind);
});
