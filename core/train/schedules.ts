// Learning-rate schedules, applied between epochs as the book's Optimizer does: over `epochs` epochs the
// rate moves from `start` to `final` — linearly (subtract a fixed step) or exponentially (multiply by a
// fixed factor). The decay is applied in place to the current rate after every epoch, so a rate the user
// changes during a run keeps decaying from the new value.

import type { ScheduleConfig } from './config.ts';

/** The rate for the next epoch, given the current one (`start` is the configured rate the schedule began at). */
export function decayLearningRate(schedule: ScheduleConfig, current: number, start: number, epochs: number): number {
  if (schedule.kind === 'none' || epochs <= 1) return current;
  const final = schedule.finalLearningRate;
  if (schedule.kind === 'exponential') return current * Math.pow(final / start, 1 / (epochs - 1));
  // Linear steps never push the rate below the target (or below where a user already put it).
  return Math.max(current - (start - final) / (epochs - 1), Math.min(current, final));
}
