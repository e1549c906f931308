// The training progress bar: one line on stderr, redrawn in place with \r at most ~10 times a second, so a
// fast run does not spend its time printing. Only used when both stdout and stderr are terminals; piped
// output gets plain lines instead (a log full of \r is unreadable).

import { formatClock, formatCount, formatNumber } from './format.ts';

export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
}

export interface Progress {
  /** 1-based epoch and batch. */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  samplesPerSecond: number;
  etaSeconds: number;
}

const CLEAR_LINE = '\r\x1b[2K';

export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: TerminalStream,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 100,
  ) {}

  /** Redraw if the last drawing is older than the interval (or `force`). */
  update(progress: Progress, force = false): void {
    const t = this.now();
    if (!force && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    this.stream.write(CLEAR_LINE + progressLine(progress, this.stream.columns || 80));
    this.drawn = true;
  }

  /** Erase the bar so a permanent line can be printed; the next update draws it again. */
  clear(): void {
    if (!this.drawn) return;
    this.stream.write(CLEAR_LINE);
    this.drawn = false;
    this.lastDraw = -Infinity;
  }
}

/** "epoch 3/50 ━━━━━━━━──────── batch 80/134 · loss 0.4123 · 2,345 samples/s · ETA 1:23", fitted to `columns`. */
export function progressLine(p: Progress, columns: number): string {
  const head = `epoch ${p.epoch}/${p.epochs}`;
  const tail = [
    `batch ${p.batch}/${p.batches}`,
    `loss ${formatNumber(p.loss)}`,
    `${formatCount(p.samplesPerSecond)} samples/s`,
    `ETA ${formatClock(p.etaSeconds)}`,
  ].join(' · ');
  // Leave the last column free: writing into it makes some terminals wrap, and \r then redraws one line down.
  const room = columns - 1 - head.length - tail.length - 2;
  const width = Math.min(24, room);
  if (width < 5) return `${head} ${tail}`.slice(0, Math.max(columns - 1, 10));
  const done = Math.round((width * p.batch) / Math.max(p.batches, 1));
  return `${head} ${'━'.repeat(done)}${'─'.repeat(width - done)} ${tail}`;
}

/** Throughput and remaining time from what has run so far. */
export class RateTracker {
  private samples = 0;
  private batchesDone = 0;
  private seconds = 0;

  constructor(private readonly totalBatches: number) {}

  /** Count one trained batch that took `seconds`. */
  add(samples: number, seconds: number): void {
    this.samples += samples;
    this.batchesDone++;
    this.seconds += seconds;
  }

  get samplesPerSecond(): number {
    return this.seconds > 0 ? this.samples / this.seconds : 0;
  }

  get trainingSeconds(): number {
    return this.seconds;
  }

  get totalSamples(): number {
    return this.samples;
  }

  get etaSeconds(): number {
    if (this.batchesDone === 0) return NaN;
    return (this.seconds / this.batchesDone) * Math.max(0, this.totalBatches - this.batchesDone);
  }
}
