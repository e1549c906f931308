// The few host facilities the engine session needs — a clock and a way to run a function soon — with the
// defaults every host has (Node, browsers and Electron all provide these globals; core's ES2022 type library
// simply does not declare them).

declare const performance: { now(): number; timeOrigin: number };
declare function setTimeout(callback: () => void, ms: number): unknown;

export interface Platform {
  /** Milliseconds from an arbitrary origin, monotonic. */
  now(): number;
  /** Run `fn` after the current message has been handled, so pause/stop messages get in between batches. */
  schedule(fn: () => void): void;
  /** Milliseconds since the Unix epoch, sub-millisecond: comparable across threads for latency measurements. */
  wallClock(): number;
}

export const defaultPlatform: Platform = {
  now: () => performance.now(),
  schedule: (fn) => { setTimeout(fn, 0); },
  wallClock: () => performance.timeOrigin + performance.now(),
};
