// Which plots apply to the loaded graph (issue 6 §6): every graph has loss curves, runs and histograms; a
// classifier gets a confusion matrix (and a grid of mistakes when its input is an image), a regression the
// predicted-vs-actual scatter, 2-D data a decision boundary, a chain of scalar functions f(x) and f′(x), and
// parameters or tensors of the right rank their heatmaps and images. Each with a sentence saying what it shows.
// Pure: decided from the engine's description of the graph and the document's training metrics.

import type { GraphDescription } from '../../core/protocol/telemetry.ts';

export type PlotKind =
  | 'loss' | 'metrics' | 'runs' | 'histograms' | 'weights' | 'filters' | 'feature-maps'
  | 'confusion' | 'mistakes' | 'scatter' | 'boundary' | 'sweep' | 'codes' | 'reconstructions';

export interface PlotChoice {
  kind: PlotKind;
  /** The tab's label. */
  title: string;
  /** One sentence: what the plot shows and what to look for. */
  description: string;
}

export interface GraphFacts {
  task: 'classification' | 'regression';
  /** Each Input node with its shape per sample (the batch dimension dropped). */
  inputs: { id: string; shape: number[] }[];
  /** The first Input's values per sample. */
  inputSize: number;
  /** Parameters a heatmap can show (rank 1 or 2, more than one number). */
  matrices: { key: string; shape: number[] }[];
  /** Conv2D kernels (rank 4). */
  kernels: { key: string; shape: number[] }[];
  /** Edges whose value is a batch of images (N, C, H, W). */
  imageEdges: string[];
  /** Height and width of one input image, when the input is one (28×28 for MNIST). */
  image: { height: number; width: number } | null;
  /**
   * An autoencoder (chapter 7): a squared-error loss whose target is as wide as the one Input (the data's
   * `"target": "features"`), with a narrower layer in between. `code`: the narrowest node between the Input
   * and the prediction (the last of them when several are as narrow); `prediction`: what the loss compares.
   */
  autoencoder: { code: string; prediction: string } | null;
}

const CLASSIFICATION_LOSSES = new Set(['SoftmaxCrossEntropy', 'BinaryCrossEntropy']);
const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const perSample = (shape: readonly (number | null)[] | null): number[] => (shape ?? []).slice(1).map((d) => d ?? 0);

/**
 * The height and width of an image of this per-sample shape: (C, H, W), (H, W), or a flat vector whose length is
 * a square of at least 8×8 (MNIST's 784 = 28²). Null otherwise.
 */
export function imageShapeOf(shape: readonly number[]): { height: number; width: number } | null {
  if (shape.length === 3 && shape[1]! > 1 && shape[2]! > 1) return { height: shape[1]!, width: shape[2]! };
  if (shape.length === 2 && shape[0]! > 1 && shape[1]! > 1) return { height: shape[0]!, width: shape[1]! };
  if (shape.length === 1) {
    const side = Math.round(Math.sqrt(shape[0]!));
    if (side >= 8 && side * side === shape[0]) return { height: side, width: side };
  }
  return null;
}

export function graphFacts(graph: GraphDescription, metrics: readonly string[]): GraphFacts {
  const lossOp = graph.nodes.find((n) => n.op === 'MeanSquaredError' || CLASSIFICATION_LOSSES.has(n.op))?.op;
  const task = (lossOp && CLASSIFICATION_LOSSES.has(lossOp)) || metrics.includes('accuracy') ? 'classification' : 'regression';
  const inputs = graph.nodes.filter((n) => n.op === 'Input').map((n) => ({ id: n.id, shape: perSample(n.shape) }));
  const params = graph.nodes.flatMap((n) => n.params);
  const nodeShape = new Map(graph.nodes.map((n) => [n.id, n.shape]));
  return {
    task,
    inputs,
    inputSize: inputs[0] ? product(inputs[0].shape) : 0,
    matrices: params.filter((p) => (p.shape.length === 1 || p.shape.length === 2) && product(p.shape) > 1),
    kernels: params.filter((p) => p.shape.length === 4),
    imageEdges: graph.edges.filter((e) => (nodeShape.get(e.from)?.length ?? 0) === 4).map((e) => e.id),
    image: inputs.length === 1 ? imageShapeOf(inputs[0]!.shape) : null,
    autoencoder: autoencoderOf(graph, inputs),
  };
}

function autoencoderOf(graph: GraphDescription, inputs: { id: string; shape: number[] }[]): GraphFacts['autoencoder'] {
  const loss = graph.nodes.find((n) => n.op === 'MeanSquaredError');
  const targets = graph.nodes.filter((n) => n.op === 'Target');
  if (!loss || inputs.length !== 1 || targets.length !== 1) return null;
  const width = product(inputs[0]!.shape);
  if (product(perSample(targets[0]!.shape)) !== width) return null;
  const prediction = graph.edges.find((e) => e.to === loss.id && e.port === 'prediction')?.from;
  if (!prediction) return null;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let code: { id: string; width: number } | null = null;
  for (const id of graph.order) {
    const node = byId.get(id);
    if (!node || id === prediction || node.op === 'Input' || node.op === 'Target' || id === loss.id || !node.shape || node.shape.length !== 2) continue;
    const w = node.shape[1] ?? 0;
    if (w > 0 && w < width && (!code || w <= code.width)) code = { id, width: w };
  }
  return code ? { code: code.id, prediction } : null;
}

export function applicablePlots(graph: GraphDescription, metrics: readonly string[], rows: { validation: number; test: number; train: number }): PlotChoice[] {
  const facts = graphFacts(graph, metrics);
  const plots: PlotChoice[] = [
    { kind: 'loss', title: 'Loss', description: 'The loss of the latest run: every batch (faint), each epoch\'s mean on the training rows, and the validation loss where it was measured. Validation rising while training falls is overfitting.' },
  ];
  if (metrics.length > 0 && rows.validation > 0) {
    plots.push({ kind: 'metrics', title: 'Metrics', description: `${metrics.join(', ')} on the validation rows after each evaluation of the latest run.` });
  }
  plots.push(
    { kind: 'runs', title: 'Runs', description: 'Every run of this document with its final numbers; choose two to overlay their loss curves and list the settings they differ in. CSV exports a run\'s metrics per epoch.' },
    { kind: 'histograms', title: 'Histograms', description: 'How the values and gradients on one edge are spread, over the run: each column is one moment, brighter where more numbers fall. Gradients collapsing to a thin line at zero are vanishing.' },
  );
  if (facts.matrices.length > 0) {
    plots.push({ kind: 'weights', title: 'Weights', description: facts.image
      ? 'A parameter as a heatmap (blue negative, orange positive); the first layer\'s weights can also be seen as one image per neuron: the pattern each one responds to.'
      : 'A parameter as a heatmap: blue negative, orange positive, one cell per weight (rows: inputs, columns: neurons).' });
  }
  if (facts.kernels.length > 0) {
    plots.push({ kind: 'filters', title: 'Filters', description: 'Each convolution kernel as a small image: one row per output channel, one column per input channel (a first layer on grey images: one image per filter).' });
  }
  if (facts.imageEdges.length > 0) {
    plots.push({ kind: 'feature-maps', title: 'Feature maps', description: 'What a convolution passes on for the first sample of the last batch: one image per channel.' });
  }
  if (facts.task === 'classification') {
    plots.push({ kind: 'confusion', title: 'Confusion matrix', description: 'How often each actual class (rows) was predicted as each class (columns), on the validation rows (or test, or train). The diagonal is right.' });
    if (facts.image) plots.push({ kind: 'mistakes', title: 'Mistakes', description: 'Misclassified images with what the model said and what they are.' });
  } else if (!facts.autoencoder) {
    // An autoencoder's first output is one pixel of hundreds: Reconstructions shows its predictions instead.
    plots.push({ kind: 'scatter', title: 'Predicted vs actual', description: 'Each row\'s prediction against its actual value; a perfect model puts every point on the diagonal.' });
  }
  if (facts.inputs.length === 1 && facts.inputSize === 2) {
    plots.push({ kind: 'boundary', title: 'Decision boundary', description: facts.task === 'classification'
      ? 'What the model predicts everywhere in the plane of its two inputs, redrawn live while it trains, with the data points it has seen on top.'
      : 'The model\'s output everywhere in the plane of its two inputs, redrawn live while it trains.' });
  }
  if (facts.autoencoder) {
    plots.push({ kind: 'codes', title: 'Codes', description: `What the narrowest layer (${facts.autoencoder.code}) makes of each row, projected to two dimensions by PCA and coloured by the row's class when the data keeps labels: an autoencoder never sees them, yet similar digits land together.` });
    if (facts.image) plots.push({ kind: 'reconstructions', title: 'Reconstructions', description: 'A few digits (top) and what the network rebuilt from their codes (bottom).' });
  }
  if (facts.inputs.length === 1 && facts.inputSize === 1) {
    plots.push({ kind: 'sweep', title: 'f(x) and f′(x)', description: 'The chain as a function of x, its derivative by backpropagation, and the chain rule\'s product of each node\'s local derivative: the two derivatives coincide.' });
  }
  return plots;
}

/** Which split the predictions plots read: validation when the run has one, else test, else train. */
export function predictionSplit(rows: { validation: number; test: number }): 'validation' | 'test' | 'train' {
  return rows.validation > 0 ? 'validation' : rows.test > 0 ? 'test' : 'train';
}
