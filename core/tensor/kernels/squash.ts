// The squashing functions every sigmoid and tanh in the engine goes through (activation ops, recurrent
// gates), written out plainly: out[i] = f(x[i]). `out` may be `x` (in place).

import type { TensorData } from '../tensor.ts';

export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

export function sigmoidInto(x: TensorData, out: TensorData): void {
  for (let i = 0; i < x.length; i++) out[i] = sigmoid(x[i]!);
}

export function tanhInto(x: TensorData, out: TensorData): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]!);
}
