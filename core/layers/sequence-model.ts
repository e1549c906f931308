// A chapter 6 sequence model as a document: Input (T, F) → RNN | GRU | LSTM (N, T, H) → Dense at every time
// step (N, T, outputs) → loss ← Target (T, outputs). The book's RNNLayer folds the output projection
// h′·W_v + B_v into the layer; here it is the ordinary Dense layer (WeightMultiply and BiasAdd take (N, T, H)),
// so the recurrent op stays one visible node and the projection is inspected like any other.

import type { GradflowDocument } from '../document/types.ts';
import type { PartialRunConfig } from '../train/config.ts';
import { sequentialDocument } from './sequential.ts';

export interface SequenceModelSpec {
  name?: string;
  /** [T, F]: time steps and features per step (e.g. [25, vocabulary size] for one-hot characters). */
  inputShape: [number, number];
  cell: 'RNN' | 'GRU' | 'LSTM';
  hiddenSize: number;
  /** Outputs per time step (the vocabulary size for a character model, 1 for a forecaster). */
  outputs: number;
  loss: 'SoftmaxCrossEntropy' | 'MeanSquaredError';
  init?: 'glorot' | 'standard' | 'he';
  training?: PartialRunConfig;
}

/** The recurrent node's id in a sequence model document. */
export const RECURRENT_NODE_ID = 'recurrent';

export function sequenceModelDocument(spec: SequenceModelSpec): GradflowDocument {
  const [steps] = spec.inputShape;
  const doc = sequentialDocument({
    ...(spec.name ? { name: spec.name } : {}),
    inputShape: spec.inputShape, targetShape: [steps, spec.outputs], loss: spec.loss,
    layers: [{ kind: 'Dense', attributes: { neurons: spec.outputs, activation: 'linear', init: 'glorot' } }],
    ...(spec.training ? { training: spec.training } : {}),
  });
  // Splice the recurrent op between the Input and the Dense layer, and move what follows it to the right.
  const first = doc.edges.find((e) => e.from.node === 'input')!;
  const shift = 220;
  const nodes = doc.nodes.map((n) => (n.id === 'input' ? n : { ...n, position: { x: n.position.x + shift, y: n.position.y } }));
  nodes.splice(1, 0, {
    id: RECURRENT_NODE_ID, op: spec.cell, label: spec.cell,
    attributes: { hiddenSize: spec.hiddenSize, ...(spec.init ? { init: spec.init } : {}) },
    position: { x: 200, y: 0 },
  });
  const edges = doc.edges.filter((e) => e !== first);
  edges.unshift(
    { id: `input->${RECURRENT_NODE_ID}`, from: { node: 'input', port: 'out' }, to: { node: RECURRENT_NODE_ID, port: 'X' } },
    { id: `${RECURRENT_NODE_ID}->${first.to.node}`, from: { node: RECURRENT_NODE_ID, port: 'out' }, to: first.to },
  );
  return { ...doc, nodes, edges };
}
