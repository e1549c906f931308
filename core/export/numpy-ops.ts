// One NumPy emitter per op type: the Python lines of the op's forward, and the expressions of its
// backward, written to compute exactly what core/ops/*.ts computes (the parity test holds them to it).
//
// In the generated script `fi` maps each node id to its output (the book's `forward_info`), `g` maps each
// node id to ∂L/∂(its output), and `P` maps "<nodeId>.<param>" to a parameter. An emitter returns, for
// backward, one expression per input port (null where the op sends nothing back) and one per parameter;
// the script generator adds each input's expression to that input's gradient. Inputs fed by data (and a
// loss's target) never get a gradient: the generator skips them.

import { num, str, bool } from '../ops/attributes.ts';
import { CELL_PARAMS, stateCount, type CellKind } from '../ops/recurrent-cells.ts';
import type { EmitNode } from './types.ts';
import { pyNumber, pyTuple } from './types.ts';

export interface NumpyBackward {
  /** Lines run before the gradient expressions (temporaries). */
  setup?: string[];
  inputs: (string | null)[];
  params?: string[];
}

export interface NumpyEmitter {
  /** A comment naming the math, shown above the node's code. */
  formula?: (e: EmitNode) => string;
  forward(e: EmitNode): string[];
  backward(e: EmitNode): NumpyBackward;
  /** Helper functions of the script's library this op calls (see HELPERS in numpy.ts). */
  helpers?: readonly string[];
}

const set = (e: EmitNode, expr: string) => [`${e.output} = ${expr}`];
const shapeOf = (e: EmitNode, i: number) => `np.shape(${e.input(i)})`;
const unary = (forward: (x: string, e: EmitNode) => string, backward: (e: EmitNode) => string): NumpyEmitter => ({
  forward: (e) => set(e, forward(e.input(0), e)),
  backward: (e) => ({ inputs: [backward(e)] }),
});
const binary = (op: string, dA: (e: EmitNode) => string, dB: (e: EmitNode) => string): NumpyEmitter => ({
  forward: (e) => set(e, `${e.input(0)} ${op} ${e.input(1)}`),
  backward: (e) => ({ inputs: [`unbroadcast(${dA(e)}, ${shapeOf(e, 0)})`, `unbroadcast(${dB(e)}, ${shapeOf(e, 1)})`] }),
  helpers: ['unbroadcast'],
});
const none: NumpyBackward = { inputs: [] };
const axisOf = (e: EmitNode) => str(e.attrs, 'axis');
/** The batch size a loss divides by: the first dimension of the prediction. */
const batchOf = (e: EmitNode) => `${e.input(0)}.shape[0]`;

/** A sequence batch (N, T, features) rather than vectors (N, features). */
const isSequence = (e: EmitNode) => e.inputShape(0).length === 3;

/** "Inverted" dropout scales by 1/p in training; the book's (and every compat "book" run's) does not. */
const invertedDropout = (e: EmitNode) => e.compat !== 'book' && bool(e.attrs, 'inverted');

export const NUMPY_EMITTERS: Readonly<Record<string, NumpyEmitter>> = {
  // ---- sources: fed by the batch, or the parameter itself ----
  Input: { forward: (e) => set(e, `batch[${JSON.stringify(e.node.id)}]`), backward: () => none },
  Target: { forward: (e) => set(e, `batch[${JSON.stringify(e.node.id)}]`), backward: () => none },
  Parameter: { forward: (e) => set(e, e.param(0)), backward: (e) => ({ inputs: [], params: [e.grad] }) },
  Constant: {
    forward: (e) => set(e, `np.full(${pyTuple(e.attrs.shape as number[])}, ${pyNumber(num(e.attrs, 'value'))})`),
    backward: () => none,
  },

  // ---- elementwise (numpy broadcasting; gradients summed back to each operand's shape) ----
  Add: binary('+', (e) => e.grad, (e) => e.grad),
  Subtract: binary('-', (e) => e.grad, (e) => `-${e.grad}`),
  Multiply: binary('*', (e) => `${e.grad} * ${e.input(1)}`, (e) => `${e.grad} * ${e.input(0)}`),
  Square: unary((x) => `${x} * ${x}`, (e) => `${e.grad} * 2 * ${e.input(0)}`),
  Exp: unary((x) => `np.exp(${x})`, (e) => `${e.grad} * ${e.output}`),
  Log: unary((x) => `np.log(${x})`, (e) => `${e.grad} / ${e.input(0)}`),

  // ---- reductions ----
  Sum: {
    forward: (e) => set(e, axisOf(e) === 'all' ? `np.sum(${e.input(0)})` : `np.sum(${e.input(0)}, axis=${axisOf(e)})`),
    backward: (e) => ({ inputs: [spreadBack(e)] }),
  },
  Mean: {
    forward: (e) => set(e, axisOf(e) === 'all' ? `np.mean(${e.input(0)})` : `np.mean(${e.input(0)}, axis=${axisOf(e)})`),
    backward: (e) => ({
      inputs: [`${spreadBack(e)} / ${axisOf(e) === 'all' ? `np.size(${e.input(0)})` : `np.shape(${e.input(0)})[${axisOf(e)}]`}`],
    }),
  },

  // ---- activations ----
  Sigmoid: unary((x) => `1 / (1 + np.exp(-${x}))`, (e) => `${e.grad} * ${e.output} * (1 - ${e.output})`),
  Tanh: unary((x) => `np.tanh(${x})`, (e) => `${e.grad} * (1 - ${e.output} ** 2)`),
  ReLU: unary((x) => `np.where(${x} > 0, ${x}, 0.0)`, (e) => `np.where(${e.input(0)} > 0, ${e.grad}, 0.0)`),
  LeakyReLU: unary(
    (x, e) => `np.where(${x} > 0, ${x}, ${pyNumber(num(e.attrs, 'slope'))} * ${x})`,
    (e) => `np.where(${e.input(0)} > 0, ${e.grad}, ${pyNumber(num(e.attrs, 'slope'))} * ${e.grad})`,
  ),
  Linear: unary((x) => x, (e) => e.grad),
  Softmax: {
    forward: (e) => set(e, `softmax(${e.input(0)})`),
    backward: (e) => ({ inputs: [`${e.output} * (${e.grad} - np.sum(${e.grad} * ${e.output}, axis=1, keepdims=True))`] }),
    helpers: ['softmax'],
  },

  // ---- matrix products and biases ----
  MatMul: {
    forward: (e) => set(e, `${e.input(0)} @ ${e.input(1)}`),
    backward: (e) => ({ inputs: [`${e.grad} @ ${e.input(1)}.T`, `${e.input(0)}.T @ ${e.grad}`] }),
  },
  // A sequence X (N, T, in) uses the same W and B at every time step: the parameter gradients sum over
  // the N·T rows.
  WeightMultiply: {
    forward: (e) => set(e, `${e.input(0)} @ ${e.param(0)}`),
    backward: (e) => ({
      inputs: [`${e.grad} @ ${e.param(0)}.T`],
      params: [isSequence(e) ? `as_rows(${e.input(0)}).T @ as_rows(${e.grad})` : `${e.input(0)}.T @ ${e.grad}`],
    }),
    helpers: ['as_rows'],
  },
  BiasAdd: {
    forward: (e) => set(e, `${e.input(0)} + ${e.param(0)}`),
    backward: (e) => ({ inputs: [e.grad], params: [`np.sum(${isSequence(e) ? `as_rows(${e.grad})` : e.grad}, axis=0, keepdims=True)`] }),
    helpers: ['as_rows'],
  },

  // ---- dropout: a Bernoulli(p) mask drawn from the run's generator, as the book draws it ----
  Dropout: {
    forward: (e) => {
      const p = pyNumber(num(e.attrs, 'keepProbability'));
      const inverted = invertedDropout(e);
      return [
        'if training:',
        `    ${e.saved('mask')} = rng.binomial(1, ${p}, size=np.shape(${e.input(0)}))${inverted ? ` * (1 / ${p})` : ''}`,
        `    ${e.output} = ${e.input(0)} * ${e.saved('mask')}`,
        'else:',
        `    ${e.output} = ${inverted ? e.input(0) : `${e.input(0)} * ${p}`}`,
      ];
    },
    // Backward only runs after a training pass, where the mask exists.
    backward: (e) => ({ inputs: [`${e.grad} * ${e.saved('mask')}`] }),
  },

  // ---- convolution, pooling, reshaping (helpers in the script's library) ----
  Conv2D: {
    forward: (e) => set(e, `conv2d_forward(${e.input(0)}, ${e.param(0)})`),
    backward: (e) => ({
      setup: [`${e.saved('dX')}, ${e.saved('dK')} = conv2d_backward(${e.input(0)}, ${e.param(0)}, ${e.grad})`],
      inputs: [e.saved('dX')],
      params: [e.saved('dK')],
    }),
    helpers: ['conv2d'],
  },
  MaxPool2D: {
    forward: (e) => set(e, `maxpool2d_forward(${e.input(0)}, ${num(e.attrs, 'size')})`),
    backward: (e) => ({ inputs: [`maxpool2d_backward(${e.input(0)}, ${num(e.attrs, 'size')}, ${e.grad})`] }),
    helpers: ['maxpool2d'],
  },
  Flatten: {
    forward: (e) => set(e, `${e.input(0)}.reshape(np.shape(${e.input(0)})[0], -1)`),
    backward: (e) => ({ inputs: [`${e.grad}.reshape(np.shape(${e.input(0)}))`] }),
  },

  // ---- recurrent (chapter 6): the cells' math is in the script's library (rnn_cell_forward, …) ----
  RNN: sequence('RNN'),
  GRU: sequence('GRU'),
  LSTM: sequence('LSTM'),
  RNNCell: cell('RNN'),
  GRUCell: cell('GRU'),
  LSTMCell: cell('LSTM'),

  // ---- losses: every loss averages over the batch (N = the prediction's first dimension; softmax
  // cross-entropy over sequences (N, T, classes) sums over the time steps) ----
  MeanSquaredError: {
    forward: (e) => set(e, `np.sum((${e.input(0)} - ${e.input(1)}) ** 2) / ${batchOf(e)}`),
    backward: (e) => ({ inputs: [`${e.grad} * 2 / ${batchOf(e)} * (${e.input(0)} - ${e.input(1)})`, null] }),
  },
  SoftmaxCrossEntropy: {
    forward: (e) => {
      const [x, y, n] = [e.input(0), e.input(1), batchOf(e)];
      if (e.compat === 'book') {
        return [
          `${e.saved('p')} = np.clip(softmax(${x}), 1e-9, 1 - 1e-9)`,
          '# compat "book": the book\'s loss value also adds (1 − y)·ln(1 − p); its gradient is still (p − y)/N',
          `${e.output} = -np.sum(${y} * np.log(${e.saved('p')}) + (1 - ${y}) * np.log(1 - ${e.saved('p')})) / ${n}`,
        ];
      }
      return [
        `${e.saved('p')} = softmax(${x})`,
        `${e.output} = -np.sum(${y} * log_softmax(${x})) / ${n}`,
      ];
    },
    backward: (e) => ({ inputs: [`${e.grad} / ${batchOf(e)} * (${e.saved('p')} - ${e.input(1)})`, null] }),
    helpers: ['softmax'],
  },
  BinaryCrossEntropy: {
    forward: (e) => [
      `${e.saved('q')} = np.clip(${e.input(0)}, 1e-7, 1 - 1e-7)`,
      `${e.output} = -np.sum(${e.input(1)} * np.log(${e.saved('q')}) + (1 - ${e.input(1)}) * np.log(1 - ${e.saved('q')})) / ${batchOf(e)}`,
    ],
    backward: (e) => {
      const [p, y] = [e.input(0), e.input(1)];
      // Inside the clip range the exact derivative; outside it the clipped loss is flat.
      return {
        setup: [`${e.saved('inside')} = (${p} >= 1e-7) & (${p} <= 1 - 1e-7)`],
        inputs: [`np.where(${e.saved('inside')}, ${e.grad} / ${batchOf(e)} * (${p} - ${y}) / np.where(${e.saved('inside')}, ${p} * (1 - ${p}), 1.0), 0.0)`, null],
      };
    },
  },
};

/** The gradient of a sum: G copied back over every element that was summed. */
function spreadBack(e: EmitNode): string {
  const axis = axisOf(e);
  if (axis === 'all') return `np.broadcast_to(${e.grad}, np.shape(${e.input(0)}))`;
  return `np.broadcast_to(np.expand_dims(${e.grad}, ${axis}), np.shape(${e.input(0)}))`;
}

/** A recurrent op's parameters as a Python list, in CELL_PARAMS order. */
function cellParams(kind: CellKind, e: EmitNode): string {
  return `[${CELL_PARAMS[kind].map((_, i) => e.param(i)).join(', ')}]`;
}

function cellName(kind: CellKind): string {
  return kind.toLowerCase();
}

/** A sequence op over X (N, T, F): the cell run from a zero state, backward through time inside the op. */
function sequence(kind: CellKind): NumpyEmitter {
  const states = stateCount(kind);
  return {
    forward: (e) => [
      `${e.output}, ${e.saved('caches')} = sequence_forward(${cellName(kind)}_cell_forward, ${e.input(0)}, ${cellParams(kind, e)}, ${states})`,
    ],
    backward: (e) => ({
      setup: [
        `${e.saved('dX')}, ${e.saved('dP')} = sequence_backward(${cellName(kind)}_cell_backward, ${e.grad}, ${e.input(0)}, ` +
          `${e.saved('caches')}, ${cellParams(kind, e)}, ${states})`,
      ],
      inputs: [e.saved('dX')],
      params: CELL_PARAMS[kind].map((_, i) => `${e.saved('dP')}[${i}]`),
    }),
    helpers: ['recurrent', `${cellName(kind)}_cell`],
  };
}

/** One time step: x (N, F) and the state — h (N, H), or [h | c] (N, 2H) for the LSTM — → the next state. */
function cell(kind: CellKind): NumpyEmitter {
  const states = stateCount(kind);
  const split = (e: EmitNode, s: string) => {
    if (states === 1) return `(${s},)`;
    const h = num(e.attrs, 'hiddenSize');
    return `(${s}[:, :${h}], ${s}[:, ${h}:])`;
  };
  return {
    forward: (e) => [
      `${e.saved('next')}, ${e.saved('cache')} = ${cellName(kind)}_cell_forward(${e.input(0)}, ${split(e, e.input(1))}, ${cellParams(kind, e)})`,
      `${e.output} = np.concatenate(${e.saved('next')}, axis=1)`,
    ],
    backward: (e) => ({
      setup: [
        `${e.saved('dx')}, ${e.saved('dstate')}, ${e.saved('dP')} = ${cellName(kind)}_cell_backward(${split(e, e.grad)}, ` +
          `${e.saved('cache')}, ${cellParams(kind, e)})`,
      ],
      inputs: [e.saved('dx'), `np.concatenate(${e.saved('dstate')}, axis=1)`],
      params: CELL_PARAMS[kind].map((_, i) => `${e.saved('dP')}[${i}]`),
    }),
    helpers: ['recurrent', `${cellName(kind)}_cell`],
  };
}
