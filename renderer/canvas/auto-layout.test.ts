// Auto-layout with ELK: inputs left of what they feed, nothing overlapping, every box placed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutLeftToRight } from './auto-layout.ts';

test('ELK lays a graph out left to right without overlaps', async () => {
  const boxes = ['x', 'w', 'b', 'act', 'y', 'loss'].map((id) => ({ id, width: 150, height: 70 }));
  const edges = [['x', 'w'], ['w', 'b'], ['b', 'act'], ['act', 'loss'], ['y', 'loss'], ['act', 'loss']].map(([s, t], i) => ({ id: `e${i}`, source: s!, target: t! }));
  const at = await layoutLeftToRight(boxes, edges);
  assert.equal(at.size, boxes.length);
  const x = (id: string) => at.get(id)!.x;
  assert.ok(x('x') < x('w') && x('w') < x('b') && x('b') < x('act') && x('act') < x('loss'), JSON.stringify([...at]));
  assert.ok(x('y') < x('loss'));
  for (const a of boxes) for (const b of boxes) {
    if (a.id >= b.id) continue;
    const p = at.get(a.id)!; const q = at.get(b.id)!;
    const overlap = p.x < q.x + b.width && q.x < p.x + a.width && p.y < q.y + b.height && q.y < p.y + a.height;
    assert.equal(overlap, false, `${a.id} and ${b.id} overlap`);
  }
});
