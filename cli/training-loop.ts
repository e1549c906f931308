// Driving the Trainer's generator from the command line: time every batch and epoch, draw the progress
// bar, print the time of the first, last and evaluated epochs and each evaluation (or a JSON line per
// evaluation), and stop cleanly on
// Ctrl-C — or when the loss stops being a number (a run that diverged learns nothing more; the trainer
// itself would carry on). Training is synchronous, so the loop hands the event loop a turn every ~100 ms — otherwise a
// SIGINT handler would never run until training ended.

import type { RunConfig } from '../core/train/config.ts';
import type { Trainer, TrainResult } from '../core/train/trainer.ts';
import type { Output, OutputStream } from './context.ts';
import { formatEvaluation, formatNumber, formatSeconds } from './format.ts';
import { ProgressBar, RateTracker } from './progress.ts';

export interface LoopOutcome {
  /** Undefined when the user interrupted the run or it diverged. */
  result: TrainResult | undefined;
  /** Wall-clock seconds of the whole loop, evaluations included. */
  seconds: number;
  /** Seconds spent in training batches only, and the samples they processed. */
  trainingSeconds: number;
  samples: number;
  /** 1-based epoch that was running when the user interrupted. */
  interruptedInEpoch?: number;
  /** Set when the training or a validation loss became NaN or ±Infinity: the loop stopped there. */
  diverged?: { epoch: number; loss: 'training' | 'validation'; value: number };
}

const now = (): number => performance.now();
const YIELD_EVERY_MS = 100;

export async function runTraining(trainer: Trainer, config: RunConfig, rows: number, out: Output, stderr: OutputStream): Promise<LoopOutcome> {
  const batches = Math.ceil(rows / config.batchSize);
  const tracker = new RateTracker(config.epochs * batches);
  const bar = out.interactive && !out.json ? new ProgressBar(stderr) : undefined;
  out.bar = bar;
  let interrupted = false;
  const onInterrupt = () => { interrupted = true; };
  // `once`: a second Ctrl-C finds no listener and ends the process the usual way.
  process.once('SIGINT', onInterrupt);

  const start = now();
  let mark = start;
  let lastYield = start;
  let epochSeconds = 0;
  let currentEpoch = 1;
  let result: TrainResult | undefined;
  let diverged: LoopOutcome['diverged'];
  const iterator = trainer.run();
  try {
    for (;;) {
      const step = iterator.next();
      const t = now();
      if (step.done) {
        result = step.value;
        break;
      }
      const event = step.value;
      switch (event.type) {
        case 'batch': {
          if (!Number.isFinite(event.loss)) {
            diverged = { epoch: event.epoch + 1, loss: 'training', value: event.loss };
            break;
          }
          // The generator trained this batch between our last resume (`mark`) and now.
          const seconds = (t - mark) / 1000;
          tracker.add(event.samples, seconds);
          epochSeconds += seconds;
          currentEpoch = event.epoch + 1;
          bar?.update({
            epoch: event.epoch + 1, epochs: config.epochs, batch: event.batch + 1, batches: event.batches,
            loss: event.loss, samplesPerSecond: tracker.samplesPerSecond, etaSeconds: tracker.etaSeconds,
          }, event.batch === 0 && event.epoch === 0);
          break;
        }
        case 'epoch': {
          // One line for the first and last epoch and each evaluated one: a 300-epoch run stays readable,
          // and the time an epoch takes is always on screen.
          const n = event.epoch + 1;
          if (n === 1 || n === config.epochs || n % config.evalEvery === 0) {
            out.info(`epoch ${n} took ${formatSeconds(epochSeconds)} (train loss ${formatNumber(event.trainLoss)})`);
          }
          epochSeconds = 0;
          break;
        }
        case 'evaluation':
          if (!Number.isFinite(event.validation.loss)) {
            diverged = { epoch: event.epoch + 1, loss: 'validation', value: event.validation.loss };
            break;
          }
          if (out.json) out.record({ type: 'eval', epoch: event.epoch + 1, loss: event.validation.loss, metrics: event.validation.metrics });
          out.info(`epoch ${event.epoch + 1}: validation ${formatEvaluation(event.validation)}`);
          break;
        case 'early-stop':
          out.info(`stopped early after epoch ${event.epoch + 1}; kept the parameters of epoch ${event.restoredEpoch} (validation loss ${formatNumber(event.bestLoss)})`);
          break;
      }
      if (diverged) break;
      if (t - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = now();
      }
      if (interrupted) break;
      mark = now();
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    bar?.clear();
    out.bar = undefined;
  }
  return {
    result, seconds: (now() - start) / 1000, trainingSeconds: tracker.trainingSeconds, samples: tracker.totalSamples,
    ...(interrupted ? { interruptedInEpoch: currentEpoch } : {}),
    ...(diverged ? { diverged } : {}),
  };
}
