// Early stopping on the validation loss.
//
// Correct (default): remember the parameters of the best evaluation; after `patience` evaluations in a row
// without improvement, stop and restore that best model. A run that ends without stopping also ends on
// its best parameters.
// Book ("compat: book"): before each epoch that ends in an evaluation, copy the model; at the first
// evaluation that does not improve, stop and restore that copy — the model from the epoch before the
// failed evaluation, which is not necessarily the best one.
//
// Epoch numbers here count completed epochs ("the model after 20 epochs").

import type { TensorData } from '../tensor/tensor.ts';
import type { ParameterStore } from '../graph/types.ts';
import type { RunConfig } from './config.ts';

type Snapshot = Map<string, TensorData>;

function snapshotOf(params: ParameterStore): Snapshot {
  return new Map([...params].map(([key, tensor]) => [key, tensor.data.slice()]));
}

/** Copy saved values back into the live tensors, in place, so every holder of them sees the restore. */
function restore(params: ParameterStore, snapshot: Snapshot): void {
  for (const [key, data] of snapshot) params.get(key)?.data.set(data);
}

export interface StoppingVerdict {
  improved: boolean;
  stop: boolean;
  /** Completed epochs of the model restored on stop. */
  restoredEpoch: number;
}

export class EarlyStopping {
  /** The book starts from 1e9; Infinity behaves the same for any finite loss. */
  bestLoss = Infinity;
  private bestEpoch = 0;
  private best: Snapshot | null = null;
  private strikes = 0;
  private bookCopy: Snapshot | null = null;
  private bookCopyEpoch = 0;
  private keptAfterStop: number | null = null;
  private readonly book: boolean;
  private readonly enabled: boolean;

  constructor(private readonly config: RunConfig, private readonly params: ParameterStore) {
    this.book = config.compat === 'book';
    this.enabled = config.earlyStopping.enabled;
  }

  /** Called at the start of a 0-based epoch that will end with an evaluation. */
  beforeEvaluatedEpoch(epoch: number): void {
    if (this.enabled && this.book) {
      this.bookCopy = snapshotOf(this.params);
      this.bookCopyEpoch = epoch;
    }
  }

  /** Called after evaluating at the end of a 0-based epoch. */
  afterEvaluation(epoch: number, loss: number): StoppingVerdict {
    const improved = loss < this.bestLoss;
    if (improved) {
      this.bestLoss = loss;
      this.bestEpoch = epoch + 1;
      this.strikes = 0;
      if (this.enabled && !this.book) this.best = snapshotOf(this.params);
      return { improved, stop: false, restoredEpoch: epoch + 1 };
    }
    if (!this.enabled) return { improved, stop: false, restoredEpoch: epoch + 1 };
    if (this.book) {
      if (this.bookCopy) restore(this.params, this.bookCopy);
      this.keptAfterStop = this.bookCopyEpoch;
      return { improved, stop: true, restoredEpoch: this.bookCopyEpoch };
    }
    this.strikes++;
    if (this.strikes < this.config.earlyStopping.patience) return { improved, stop: false, restoredEpoch: epoch + 1 };
    if (this.best) restore(this.params, this.best);
    this.keptAfterStop = this.bestEpoch;
    return { improved, stop: true, restoredEpoch: this.bestEpoch };
  }

  /** At the end of training (`completed` epochs run): the completed-epoch count of the parameters kept. */
  finish(completed: number): number {
    if (this.keptAfterStop !== null) return this.keptAfterStop;
    if (!this.enabled || this.book || !this.best || this.bestEpoch === completed) return completed;
    restore(this.params, this.best);
    return this.bestEpoch;
  }
}
