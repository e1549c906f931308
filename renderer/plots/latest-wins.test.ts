import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latestWins } from './latest-wins.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('runs the latest value offered while busy, never two at once', async () => {
  const started: number[] = [];
  let running = 0;
  let maxRunning = 0;
  const releases: (() => void)[] = [];
  const scheduler = latestWins((v: number) => {
    started.push(v);
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise<void>((resolve) => releases.push(() => { running--; resolve(); }));
  });
  scheduler.offer(1);
  await tick();
  scheduler.offer(2);
  scheduler.offer(3);
  scheduler.offer(4);
  await tick();
  assert.deepEqual(started, [1], 'the second waits for the first');
  releases.shift()!();
  await tick();
  await tick();
  assert.deepEqual(started, [1, 4], 'values offered in between are replaced by the newest');
  releases.shift()!();
  await tick();
  assert.equal(maxRunning, 1);
  assert.equal(scheduler.busy, false);
});

test('waits out the minimum interval with a timer, then runs the newest value', async () => {
  let clock = 1000;
  const timers: { at: number; callback: () => void }[] = [];
  const started: string[] = [];
  const scheduler = latestWins((v: string) => { started.push(v); }, {
    minIntervalMs: 100, now: () => clock, setTimer: (callback, ms) => { timers.push({ at: clock + ms, callback }); return timers.length; }, clearTimer: () => {},
  });
  scheduler.offer('a');
  await tick();
  scheduler.offer('b');
  scheduler.offer('c');
  await tick();
  assert.deepEqual(started, ['a']);
  assert.equal(timers.length, 1);
  assert.equal(timers[0]!.at, 1100, 'the timer fires when the interval since the last start is over');
  clock = 1100;
  timers[0]!.callback();
  await tick();
  assert.deepEqual(started, ['a', 'c']);
});

test('nothing runs after stop; a failing run reports its error and does not block the next', async () => {
  const errors: unknown[] = [];
  const started: number[] = [];
  const scheduler = latestWins((v: number) => { started.push(v); if (v === 1) throw new Error('boom'); }, { onError: (e) => errors.push(e) });
  scheduler.offer(1);
  await tick();
  await tick();
  scheduler.offer(2);
  await tick();
  assert.deepEqual(started, [1, 2]);
  assert.equal((errors[0] as Error).message, 'boom');
  scheduler.stop();
  scheduler.offer(3);
  await tick();
  assert.deepEqual(started, [1, 2]);
});
