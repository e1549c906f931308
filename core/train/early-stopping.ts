// Early stopping on the validation loss.
//
// Correct (default): remember the parameters of the best evaluation; after `patience` evaluations in a row
// without improvement, stop and restore that best model. A run that ends without stopping also ends on its
// best parameters (the trainer evaluates the last epoch first if the schedule skipped it).
// Book ("compat: book"): before each epoch that ends in an evaluation, copy the model; at the first
// evaluation that does not improve, stop and restore that copy — the model from the epoch before the
// failed evaluation, which is not necessarily the best one.
//
// Epoch numbers here count completed epochs ("the model after 20 epochs").

import type { TensorData } from '../tensor/tensor.ts';
import type { ParameterStore } from '../graph/types.ts';
import type { RunConfig } from './config.ts';

interface Snapshot {
  epoch: number;
  values: Map<string, TensorData>;
}

function snapshotOf(params: ParameterStore, epoch: number): Snapshot {
  return { epoch, values: new Map([...params].map(([key, tensor]) => [key, tensor.data.slice()])) };
}

/** Copy saved values back into the live tensors, in place, so every holder of them sees the restore. */
function restore(params: ParameterStore, snapshot: Snapshot): void {
  for (const [key, data] of snapshot.values) params.get(key)?.data.set(data);
}

export interface StoppingVerdict {
  improved: boolean;
  stop: boolean;
  /** When stopping: completed epochs of the model now in place (restored, or the current one if none was saved). */
  restoredEpoch: number;
}

export class EarlyStopping {
  /** Best validation loss so far (NaN never counts as an improvement). */
  bestLoss = Infinity;
  private best: Snapshot | null = null;
  private strikes = 0;
  private bookCopy: Snapshot | null = null;
  private kept: number | null = null;
  private readonly book: boolean;
  private readonly enabled: boolean;

  constructor(private readonly config: RunConfig, private readonly params: ParameterStore) {
    this.book = config.compat === 'book';
    this.enabled = config.earlyStopping.enabled;
  }

  /** Called at the start of a 0-based epoch that will end with an evaluation. */
  beforeEvaluatedEpoch(epoch: number): void {
    if (this.enabled && this.book) this.bookCopy = snapshotOf(this.params, epoch);
  }

  /** Called after evaluating at the end of a 0-based epoch; `final` evaluations never stop the run. */
  afterEvaluation(epoch: number, loss: number, options: { final?: boolean } = {}): StoppingVerdict {
    const completed = epoch + 1;
    const improved = loss < this.bestLoss;
    if (improved) {
      this.bestLoss = loss;
      this.strikes = 0;
      if (this.enabled && !this.book) this.best = snapshotOf(this.params, completed);
      return { improved, stop: false, restoredEpoch: completed };
    }
    if (!this.enabled || options.final) return { improved, stop: false, restoredEpoch: completed };
    this.strikes++;
    if (!this.book && this.strikes < this.config.earlyStopping.patience) return { improved, stop: false, restoredEpoch: completed };
    // The book stops at the first failure; we stop after `patience` failures in a row.
    const target = this.book ? this.bookCopy : this.best;
    if (target && target.values.size > 0) restore(this.params, target);
    this.kept = target && target.values.size > 0 ? target.epoch : completed;
    return { improved, stop: true, restoredEpoch: this.kept };
  }

  /** At the end of training (`completed` epochs run): the completed-epoch count of the parameters kept. */
  finish(completed: number): number {
    if (this.kept !== null) return this.kept;
    if (!this.enabled || this.book || !this.best || this.best.epoch === completed) return completed;
    restore(this.params, this.best);
    return this.best.epoch;
  }
}
