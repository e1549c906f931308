// Learning-rate schedules, applied between epochs as the book's Optimizer does: over `epochs` epochs the
// rate moves from `start` to `final` — linearly (subtract a fixed step) or exponentially (multiply by a
// fixed factor). After epoch e (0-based) the rate is the value for epoch e + 1.

import type { ScheduleConfig } from './config.ts';

/** The learning rate to use in epoch `epoch` (0-based) of `epochs`. */
export function scheduledLearningRate(schedule: ScheduleConfig, start: number, epoch: number, epochs: number): number {
  if (schedule.kind === 'none' || epochs <= 1) return start;
  const final = schedule.finalLearningRate;
  const steps = Math.min(epoch, epochs - 1);
  if (schedule.kind === 'linear') return start - ((start - final) / (epochs - 1)) * steps;
  return start * Math.pow(final / start, 1 / (epochs - 1)) ** steps;
}

/**
 * The book's way: the rate is decayed in place after every epoch (`lr -= step` or `lr *= factor`).
 * Floating-point rounding then differs from the closed form above, so book-compat runs use this.
 */
export function decayOnce(schedule: ScheduleConfig, current: number, start: number, epochs: number): number {
  if (schedule.kind === 'none' || epochs <= 1) return current;
  const final = schedule.finalLearningRate;
  if (schedule.kind === 'linear') return current - (start - final) / (epochs - 1);
  return current * Math.pow(final / start, 1 / (epochs - 1));
}
