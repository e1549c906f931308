// The bookkeeping of one training run inside the engine session, and what the window is told about it:
// progress frames and, when the run ends, the summary saved beside the trained parameters.

import type { RunSummary } from '../document/types.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import type { Trainer, TrainEvent, TrainResult } from '../train/trainer.ts';
import type { HealthMonitor } from './health.ts';

export type BatchEvent = Extract<TrainEvent, { type: 'batch' }>;

export interface ActiveRun {
  trainer: Trainer;
  iterator: Generator<TrainEvent, TrainResult, void>;
  /** Gradient-health findings of this run (fed every batch, judged with each frame). */
  health: HealthMonitor;
  epochs: number;
  batchesDone: number;
  samplesDone: number;
  /** Loss × rows over the current epoch, for its running mean. */
  lossSum: number;
  samplesSum: number;
  startedAt: number;
  lastValidation?: { loss: number; metrics: Record<string, number> };
  lastEpochLoss?: number;
  /** Epochs finished since the last progress frame, with their mean training loss (sent with the next frame). */
  endedEpochs: { epoch: number; trainLoss: number }[];
}

/** At most this many ended epochs wait for a frame (a tiny dataset can finish thousands a second); the latest are kept. */
export const MAX_ENDED_EPOCHS = 1000;

/** Note an ended epoch for the next progress frame. */
export function noteEpochEnd(active: ActiveRun, epoch: number, trainLoss: number): void {
  active.endedEpochs.push({ epoch, trainLoss });
  if (active.endedEpochs.length > MAX_ENDED_EPOCHS) active.endedEpochs.splice(0, active.endedEpochs.length - MAX_ENDED_EPOCHS);
}

/** The progress frame for the latest batch: losses, speed and time left. */
export function progressTelemetry(active: ActiveRun, last: BatchEvent, now: number, wallClock: number): Extract<Telemetry, { type: 'progress' }> {
  // Frames are throttled, so an epoch's final mean would often never be seen: the ended epochs ride along.
  const endedEpochs = active.endedEpochs.splice(0);
  const elapsed = (now - active.startedAt) / 1000;
  const samplesPerSecond = elapsed > 0 ? active.samplesDone / elapsed : 0;
  const totalBatches = active.epochs * last.batches;
  const etaSeconds = active.batchesDone > 0 ? (elapsed / active.batchesDone) * (totalBatches - active.batchesDone) : 0;
  return {
    type: 'progress', epoch: last.epoch + 1, epochs: active.epochs, batch: last.batch + 1, batches: last.batches,
    batchLoss: last.loss, trainLoss: active.samplesSum > 0 ? active.lossSum / active.samplesSum : last.loss,
    ...(active.lastValidation ? { validationLoss: active.lastValidation.loss, metrics: active.lastValidation.metrics } : {}),
    samplesPerSecond, etaSeconds: Math.max(0, etaSeconds), learningRate: active.trainer.optimizer.learningRate,
    ...(active.trainer.optimizer.momentum !== undefined ? { momentum: active.trainer.optimizer.momentum } : {}),
    ...(endedEpochs.length > 0 ? { endedEpochs } : {}),
    sentAt: wallClock,
  };
}

/** What a finished run achieved; a file cannot hold NaN or Inf, so a diverged number is left out. */
export function runSummary(active: ActiveRun, last: BatchEvent | undefined): RunSummary {
  const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
  const metrics = Object.fromEntries(Object.entries(active.lastValidation?.metrics ?? {}).filter(([, v]) => finite(v)));
  return {
    epochs: last ? last.epoch + 1 : 0,
    ...(finite(active.lastEpochLoss) ? { trainLoss: active.lastEpochLoss } : {}),
    ...(finite(active.lastValidation?.loss) ? { validationLoss: active.lastValidation.loss } : {}),
    ...(Object.keys(metrics).length > 0 ? { metrics } : {}),
  };
}
