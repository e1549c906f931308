import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeSpec } from '../../core/ops/types.ts';
import { attributeText, numberStep, parseAttributeInput, parseShapeText, sameAttribute } from './attribute-input.ts';

const neurons: AttributeSpec = { kind: 'number', integer: true, min: 1, max: 1_000_000, default: 1, description: '' };
const keep: AttributeSpec = { kind: 'number', min: 0, exclusiveMin: true, max: 1, default: 1, description: '' };
const shape: AttributeSpec = { kind: 'shape', minRank: 1, maxRank: 3, default: [1], description: '' };
const init: AttributeSpec = { kind: 'enum', options: ['standard', 'glorot'], default: 'standard', description: '' };
const flag: AttributeSpec = { kind: 'boolean', default: false, description: '' };

test('parseShapeText reads "28, 28", "28 28" and "[28, 28]"', () => {
  assert.deepEqual(parseShapeText('28, 28'), { ok: true, value: [28, 28] });
  assert.deepEqual(parseShapeText(' 28 28 '), { ok: true, value: [28, 28] });
  assert.deepEqual(parseShapeText('[1, 28, 28]'), { ok: true, value: [1, 28, 28] });
  assert.deepEqual(parseShapeText('5'), { ok: true, value: [5] });
  assert.equal(parseShapeText('').ok, false);
  const bad = parseShapeText('28, a');
  assert.ok(!bad.ok && /"a" is not a number/.test(bad.message));
});

test('parseAttributeInput checks numbers with the schema and gives its message', () => {
  assert.deepEqual(parseAttributeInput(neurons, '8'), { ok: true, value: 8 });
  const zero = parseAttributeInput(neurons, '0');
  assert.ok(!zero.ok && zero.message === 'must be at least 1, got 0');
  const half = parseAttributeInput(neurons, '1.5');
  assert.ok(!half.ok && /whole number/.test(half.message));
  assert.equal(parseAttributeInput(neurons, '').ok, false);
  assert.equal(parseAttributeInput(neurons, 'abc').ok, false);
  const none = parseAttributeInput(keep, '0');
  assert.ok(!none.ok && /greater than 0/.test(none.message));
  assert.deepEqual(parseAttributeInput(keep, '0.8'), { ok: true, value: 0.8 });
});

test('parseAttributeInput handles shapes, enums and booleans', () => {
  assert.deepEqual(parseAttributeInput(shape, '28, 28'), { ok: true, value: [28, 28] });
  const rank = parseAttributeInput(shape, '1, 2, 3, 4');
  assert.ok(!rank.ok && /1 to 3 sizes/.test(rank.message));
  const zero = parseAttributeInput(shape, '0, 3');
  assert.ok(!zero.ok && /whole number from 1/.test(zero.message));
  assert.deepEqual(parseAttributeInput(init, 'glorot'), { ok: true, value: 'glorot' });
  assert.equal(parseAttributeInput(init, 'he').ok, false);
  assert.deepEqual(parseAttributeInput(flag, true), { ok: true, value: true });
  assert.equal(parseAttributeInput(flag, 'true').ok, false);
});

test('attributeText, sameAttribute and numberStep', () => {
  assert.equal(attributeText([28, 28]), '28, 28');
  assert.equal(attributeText(0.5), '0.5');
  assert.equal(attributeText(undefined), '');
  assert.ok(sameAttribute([1, 2], [1, 2]));
  assert.ok(!sameAttribute([1, 2], [1, 3]));
  assert.ok(sameAttribute('a', 'a'));
  assert.equal(numberStep(neurons as Extract<AttributeSpec, { kind: 'number' }>), 1);
  assert.equal(numberStep(keep as Extract<AttributeSpec, { kind: 'number' }>), 'any');
});
