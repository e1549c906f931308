// The op registry: every Operation the engine knows, in the palette's order (chapter, then simple → complex).
// The palette, the document loader, the graph builder and the gradient-check test all read this one list,
// so a new op is added here and nowhere else.

import type { OpDefinition } from './types.ts';
import { Constant, Input, Parameter, Target } from './sources.ts';
import { Add, Exp, Log, Multiply, Square, Subtract } from './elementwise.ts';
import { Mean, Sum } from './reductions.ts';
import { LeakyReLU, Linear, ReLU, Sigmoid, Softmax, Tanh } from './activations.ts';
import { BiasAdd, MatMul, WeightMultiply } from './linear.ts';
import { Dropout } from './dropout.ts';
import { Conv2D } from './conv.ts';
import { MaxPool2D } from './pooling.ts';
import { Flatten } from './reshape.ts';
import { GRU, GRUCell, LSTM, LSTMCell, RNN, RNNCell } from './recurrent.ts';
import { BinaryCrossEntropy, MeanSquaredError, SoftmaxCrossEntropy } from './losses.ts';

export const OPS: readonly OpDefinition[] = [
  Input, Target, Parameter, Constant,
  Add, Subtract, Multiply, Square, Exp, Log,
  Sum, Mean,
  Sigmoid, LeakyReLU, Linear, Tanh, ReLU, Softmax,
  MatMul, WeightMultiply, BiasAdd,
  Dropout,
  Conv2D, MaxPool2D, Flatten,
  RNNCell, GRUCell, LSTMCell, RNN, GRU, LSTM,
  MeanSquaredError, SoftmaxCrossEntropy, BinaryCrossEntropy,
];

const byType = new Map(OPS.map((op) => [op.type, op]));

/** The op definition for a type name, or undefined for an unknown type. */
export function findOp(type: string): OpDefinition | undefined {
  return byType.get(type);
}

/** Known op types, for "did you mean" messages and the palette. */
export function opTypes(): string[] {
  return OPS.map((op) => op.type);
}
