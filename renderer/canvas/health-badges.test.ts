// Gradient-health badges: findings gathered per canvas node (a collapsed layer gathers its members'), the
// most serious kind first, and an equal badge recognised so nothing re-renders for an unchanged stream.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HealthWarning } from '../../core/protocol/telemetry.ts';
import { badgeForNode, badgeOf, healthBadges, sameBadge } from './health-badges.ts';

const w = (kind: HealthWarning['kind'], nodeId: string, message = `${kind} at ${nodeId}`): HealthWarning => ({ kind, nodeId, message, value: 1 });
const canvasOf = (id: string) => (id.startsWith('d1_') ? 'd1' : id);

test('a badge counts its findings and lists each kind once, most serious first', () => {
  const badge = badgeOf([w('saturated', 'a'), w('vanishing', 'a'), w('saturated', 'a', 'again'), w('exploding', 'a')]);
  assert.deepEqual(badge?.kinds, ['exploding', 'vanishing', 'saturated']);
  assert.equal(badge?.count, 4);
  assert.equal(badge?.messages[0], 'exploding at a');
  assert.equal(badgeOf([]), undefined);
});

test('findings go to the node that shows them: a collapsed layer gathers its members\'', () => {
  const badges = healthBadges([w('vanishing', 'd1_w'), w('saturated', 'd1_act'), w('dead-relu', 'relu2')], canvasOf);
  assert.deepEqual([...badges.keys()].sort(), ['d1', 'relu2']);
  assert.deepEqual(badges.get('d1')?.kinds, ['vanishing', 'saturated']);
  assert.equal(badges.get('d1')?.count, 2);
  assert.deepEqual(badges.get('relu2')?.kinds, ['dead-relu']);
});

test('one grouping per findings array; equal badges are recognised across arrays', () => {
  const findings = [w('vanishing', 'd1_w'), w('update-ratio', 'x')];
  const a = badgeForNode(findings, canvasOf, 'd1');
  assert.equal(badgeForNode(findings, canvasOf, 'd1'), a, 'the same object for the same findings');
  assert.equal(badgeForNode(findings, canvasOf, 'y'), undefined);
  assert.equal(badgeForNode([], canvasOf, 'd1'), undefined);
  const again = badgeForNode([w('vanishing', 'd1_w'), w('update-ratio', 'x')], canvasOf, 'd1');
  assert.notEqual(again, a);
  assert.ok(sameBadge(a, again));
  assert.ok(!sameBadge(a, badgeForNode([w('vanishing', 'd1_w', 'other words')], canvasOf, 'd1')));
  assert.ok(!sameBadge(a, undefined));
  assert.ok(sameBadge(undefined, undefined));
});
