// Optimizers: turn each parameter's gradient into an update, in place. State (velocity, squared-gradient
// history, Adam's moments) is kept per parameter key, so it survives pauses and can be reset with the run.
//
//   SGD:          p −= lr·g
//   SGDMomentum:  v = μ·v + lr·g;  p −= v                       (the book's form)
//   AdaGrad:      h += g²;  p −= lr·g / (√h + ε)
//   Adam:         m = β₁m + (1−β₁)g;  s = β₂s + (1−β₂)g²;  p −= lr·m̂ / (√ŝ + ε), with bias-corrected m̂, ŝ

import type { Tensor, TensorData } from '../tensor/tensor.ts';
import { map } from '../tensor/kernels/index.ts';
import { allocate } from '../tensor/tensor.ts';
import type { OptimizerConfig } from './config.ts';
import type { UpdateKernels } from '../backend/types.ts';
import { referenceUpdates } from '../tensor/kernels/updates.ts';

export interface Optimizer {
  /** The learning rate in use; schedules and live edits change it between batches. */
  learningRate: number;
  /** SGDMomentum's μ, changed live between batches like the learning rate; undefined for optimizers without one. */
  momentum: number | undefined;
  /** Apply one update to `param` (in place) from its gradient. */
  update(key: string, param: Tensor, grad: Tensor): void;
  /** Called once per batch, after all parameters were updated (Adam counts steps). */
  endStep(): void;
  reset(): void;
}

/** Lazily created per-parameter buffers of the same size as the parameter. */
class SlotMap {
  private readonly slots = new Map<string, TensorData>();
  get(key: string, like: Tensor): TensorData {
    let slot = this.slots.get(key);
    if (!slot || slot.length !== like.size) {
      slot = allocate(like.dtype, like.size);
      this.slots.set(key, slot);
    }
    return slot;
  }
  clear(): void {
    this.slots.clear();
  }
}

/** An optimizer whose element loops run on `updates` (the run's backend; the reference loops by default). */
export function createOptimizer(config: OptimizerConfig, updates: UpdateKernels = referenceUpdates): Optimizer {
  const first = new SlotMap();
  const second = new SlotMap();
  let step = 1;
  const initialMomentum = config.kind === 'SGDMomentum' ? config.momentum : undefined;
  const optimizer: Optimizer = {
    learningRate: config.learningRate,
    momentum: initialMomentum,
    update(key, param, grad) {
      const lr = optimizer.learningRate;
      switch (config.kind) {
        case 'SGD':
          return updates.sgd(param.data, grad.data, lr);
        case 'SGDMomentum':
          return updates.momentum(param.data, grad.data, first.get(key, param), lr, optimizer.momentum ?? config.momentum);
        case 'AdaGrad':
          return updates.adagrad(param.data, grad.data, first.get(key, param), lr, config.epsilon);
        case 'Adam':
          return updates.adam(param.data, grad.data, first.get(key, param), second.get(key, param), lr, config.beta1, config.beta2, config.epsilon, step);
      }
    },
    endStep() {
      step++;
    },
    reset() {
      first.clear();
      second.clear();
      step = 1;
      optimizer.learningRate = config.learningRate;
      optimizer.momentum = initialMomentum;
    },
  };
  return optimizer;
}

/**
 * Every element of a gradient clipped to [−limit, limit] (the book's chapter 6 clipping), as a copy: the
 * original may be the very tensor an edge shows, and the overlay must see the true gradient.
 */
export function clipGradient(grad: Tensor, limit: number): Tensor {
  return map(grad, (g) => Math.min(limit, Math.max(-limit, g)));
}
