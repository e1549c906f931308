// "Latest wins, never two at once": work (a redraw, a question to the engine) runs for the newest value offered,
// waits for the previous run to finish, and starts at most once every `minIntervalMs`. Values offered in between
// replace each other, so a stream of 30 updates a second costs one redraw per interval, not a queue.

export interface LatestWins<T> {
  offer(value: T): void;
  /** Nothing runs after this (unmount); a run in flight finishes on its own. */
  stop(): void;
  readonly busy: boolean;
}

export interface LatestWinsOptions {
  minIntervalMs?: number;
  onError?: (error: unknown) => void;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function latestWins<T>(work: (value: T) => Promise<unknown> | unknown, options: LatestWinsOptions = {}): LatestWins<T> {
  const minInterval = options.minIntervalMs ?? 0;
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  let pending: { value: T } | null = null;
  let busy = false;
  let stopped = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: unknown;

  const pump = (): void => {
    if (stopped || busy || !pending || timer !== undefined) return;
    const wait = lastStart + minInterval - now();
    if (wait > 0) {
      timer = setTimer(() => { timer = undefined; pump(); }, wait);
      return;
    }
    const { value } = pending;
    pending = null;
    busy = true;
    lastStart = now();
    Promise.resolve()
      .then(() => work(value))
      .catch((error: unknown) => { if (!stopped) options.onError?.(error); })
      .finally(() => { busy = false; pump(); });
  };

  return {
    offer(value) {
      pending = { value };
      pump();
    },
    stop() {
      stopped = true;
      pending = null;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
    },
    get busy() { return busy; },
  };
}
