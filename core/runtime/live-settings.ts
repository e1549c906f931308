// Settings a learner changes while a run goes on (DESIGN.md §6, as in TensorFlow Playground): the learning
// rate and SGDMomentum's momentum. A change reaches the running optimizer before its next batch and every
// later run of the session, so a rate that worked is kept when Train is pressed again.

import type { Optimizer } from '../train/optimizers.ts';
import type { RunConfig } from '../train/config.ts';

export class LiveSettings {
  private learningRate: number | undefined;
  private momentum: number | undefined;

  setLearningRate(value: number, running?: Optimizer): void {
    this.learningRate = value;
    if (running) running.learningRate = value;
  }

  /** Only SGDMomentum has a momentum; for other optimizers the value waits for a run that uses it. */
  setMomentum(value: number, running?: Optimizer): void {
    this.momentum = value;
    if (running && running.momentum !== undefined) running.momentum = value;
  }

  /** The file's run config with the live values laid over it. */
  applyTo(config: RunConfig): RunConfig {
    if (this.learningRate === undefined && this.momentum === undefined) return config;
    return {
      ...config,
      optimizer: {
        ...config.optimizer,
        ...(this.learningRate !== undefined ? { learningRate: this.learningRate } : {}),
        ...(this.momentum !== undefined ? { momentum: this.momentum } : {}),
      },
    };
  }
}
