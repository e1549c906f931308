// The web build's leave-page prompt follows the unsaved-changes flag.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaveGuard } from './leave-guard.ts';

/** What the browser does on leaving: a cancelable beforeunload; a cancelled one means "ask the user". */
const leaving = (target: EventTarget): boolean => {
  const event = new Event('beforeunload', { cancelable: true });
  target.dispatchEvent(event);
  return event.defaultPrevented;
};

test('leaving asks only while there are unsaved changes', () => {
  const page = new EventTarget();
  const guard = leaveGuard(page);
  assert.equal(leaving(page), false, 'a clean document leaves quietly');
  guard.setDirty(true);
  guard.setDirty(true);
  assert.equal(leaving(page), true, 'unsaved changes: ask');
  guard.setDirty(false);
  assert.equal(leaving(page), false, 'saved: leave quietly again (one listener, removed once)');
  guard.setDirty(true);
  guard.dispose();
  assert.equal(leaving(page), false, 'a disposed host no longer asks');
});
