// Export to NumPy: one standalone, readable Python script (numpy only) with the graph's forward and backward
// written out node by node in the book's style (`forward_info`, `loss_gradients`), the training loop, and the
// weights in an .npz beside it. The script computes in float64, like Gradflow's reference path, so its loss
// and predictions match Gradflow's to rounding (core/export/numpy.test.ts holds it to 1e-5 relative).
//
// What it does not do: read the document's data source. It trains on an .npz of prepared arrays
// (`gradflow export FILE --to numpy --with-data` writes one from the file's own data, scaled and split
// exactly as Gradflow prepares it), and predicts rows already in the model's feature space.

import type { GradflowDocument } from '../document/types.ts';
import { pyNumber, pyString, pyTuple, type ExportFile } from './types.ts';
import { exportModel, fileStem, weightsNpz, type ExportModel } from './model.ts';
import { forwardOrder, loopSettings, missingEmitter, numpyNode } from './emit.ts';
import { NUMPY_EMITTERS, type NumpyEmitter } from './numpy-ops.ts';
import { NUMPY_HELPERS, NUMPY_TRAINING } from './numpy-library.ts';
import type { GraphNode } from '../graph/types.ts';
import { parameterKey } from '../graph/types.ts';
import { formatShape } from '../tensor/tensor.ts';

const indent = (lines: readonly string[], by = '    ') => lines.map((l) => (l.length > 0 ? by + l : l));

function emitterOf(node: GraphNode): NumpyEmitter {
  const emitter = NUMPY_EMITTERS[node.op.type];
  if (!emitter) throw missingEmitter(node, 'NumPy', 'core/export/numpy-ops.ts');
  return emitter;
}

/** "# Sigmoid "h1_act" (N, 8): σ(x) = 1 / (1 + e⁻ˣ)" — the op, the node, its shape and its math. */
function nodeComment(node: GraphNode, part: 'forward' | 'backward'): string {
  // Formulas read "forward;  backward" (a loss: "p = …;  L = …;  ∂L/∂x = …"): the last part is the derivative.
  const parts = node.op.formula.split(';').map((s) => s.trim());
  const math = parts.length === 1 ? parts[0] : part === 'forward' ? parts.slice(0, -1).join(';  ') : parts[parts.length - 1];
  const shape = node.shape ? ` ${formatShape(node.shape)}` : '';
  return `# ${node.op.type} ${pyString(node.id)}${shape}: ${math}`;
}

function forwardFunction(model: ExportModel): string[] {
  const { prediction, rest } = forwardOrder(model);
  const body: string[] = ['fi = {}'];
  const emit = (node: GraphNode) => {
    body.push(nodeComment(node, 'forward'), ...emitterOf(node).forward(numpyNode(model, node)));
  };
  prediction.forEach(emit);
  body.push(`if ${pyString(model.target.id)} not in batch:`, '    return fi  # predicting: no labels, no loss');
  rest.forEach(emit);
  body.push('return fi');
  return [
    'def forward(P, batch, training, rng=None):',
    '    """The forward pass, node by node in the graph\'s order: every node\'s output (the book\'s forward_info)."""',
    ...indent(body),
  ];
}

function backwardFunction(model: ExportModel): string[] {
  const body: string[] = [`g = {${pyString(model.loss.id)}: 1.0}  # ∂L/∂L = 1`, 'grads = {}'];
  const reached = new Set([model.loss.id]);
  for (const node of [...model.graph.nodes].reverse()) {
    if (!reached.has(node.id)) continue;
    const e = numpyNode(model, node);
    const result = emitterOf(node).backward(e);
    const lines: string[] = [...(result.setup ?? [])];
    node.inputEdges.forEach((edge, i) => {
      const expr = result.inputs[i];
      if (!edge.carriesGradient || expr === null || expr === undefined) return;
      lines.push(`add_grad(g, ${pyString(edge.from)}, ${expr})`);
      reached.add(edge.from);
    });
    node.op.params.forEach((spec, i) => {
      lines.push(`grads[${pyString(parameterKey(node.id, spec.name))}] = ${result.params![i]!}`);
    });
    if (lines.length > 0) body.push(nodeComment(node, 'backward'), ...lines);
  }
  body.push('return grads');
  return [
    'def backward(P, fi):',
    '    """The backward pass, in reverse order: ∂L/∂(each parameter), from the values forward saved (the book\'s',
    '    loss_gradients). g holds ∂L/∂(each node\'s output); gradients of data and labels are never computed."""',
    ...indent(body),
  ];
}

function makeBatchFunction(model: ExportModel): string[] {
  const shapeOf = (node: GraphNode) => (node.attrs.shape as number[] | undefined) ?? [];
  const lines = ['x = np.asarray(x, dtype=np.float64)', 'batch = {}'];
  if (model.inputs.length === 1) {
    lines.push(`batch[${pyString(model.inputs[0]!.id)}] = x.reshape((len(x),) + ${pyTuple(shapeOf(model.inputs[0]!)).replace('()', '()')})`);
  } else {
    let column = 0;
    for (const node of model.inputs) {
      const take = shapeOf(node).reduce((p, d) => p * d, 1);
      lines.push(`batch[${pyString(node.id)}] = x[:, ${column}:${column + take}].reshape((len(x),) + ${pyTuple(shapeOf(node))})`);
      column += take;
    }
  }
  lines.push('if y is not None:', `    batch[${pyString(model.target.id)}] = np.asarray(y, dtype=np.float64).reshape((len(y),) + ${pyTuple(shapeOf(model.target))})`, 'return batch');
  return [
    'def make_batch(x, y=None):',
    '    """Rows of features (and labels) → what each Input (and the Target) is fed: its columns, in its shape."""',
    ...indent(lines),
  ];
}

function helpersUsed(model: ExportModel): string[] {
  const names = new Set(['add_grad', 'softmax']);
  for (const node of model.graph.nodes) for (const h of emitterOf(node).helpers ?? []) names.add(h);
  return Object.keys(NUMPY_HELPERS).filter((name) => names.has(name)).map((name) => NUMPY_HELPERS[name]!);
}

function settingsBlock(model: ExportModel, weightsName: string): string[] {
  const c = model.config;
  const o = c.optimizer;
  return [
    ...loopSettings(c),
    `OPTIMIZER = {"kind": ${pyString(o.kind)}, "learningRate": ${pyNumber(o.learningRate)}, "momentum": ${pyNumber(o.momentum)}, ` +
      `"beta1": ${pyNumber(o.beta1)}, "beta2": ${pyNumber(o.beta2)}, "epsilon": ${pyNumber(o.epsilon)}}`,
    `SCHEDULE = {"kind": ${pyString(c.schedule.kind)}, "finalLearningRate": ${pyNumber(c.schedule.finalLearningRate)}}`,
    `GRADIENT_CLIP = ${c.gradientClip === null ? 'None' : pyNumber(c.gradientClip)}`,
    `METRICS = [${c.metrics.map(pyString).join(', ')}]`,
    `COMPAT = ${pyString(c.compat)}  # "correct", or "book" for the book library's semantics`,
    '',
    `LOSS = ${pyString(model.loss.id)}`,
    `PREDICTION = ${pyString(model.prediction.id)}`,
    `PROBABILITIES = ${model.loss.op.type === 'SoftmaxCrossEntropy' ? 'True  # predictions are the softmax of the scores' : 'False'}`,
    `WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyString(weightsName)})`,
  ];
}

function docstring(model: ExportModel, stem: string, weightsName: string): string[] {
  const description = model.description ? ['', ...wrap(model.description, 100)] : [];
  return [
    '#!/usr/bin/env python3',
    `"""${model.name} — exported from Gradflow as plain NumPy.`,
    ...description,
    '',
    'The graph\'s forward and backward passes are written out node by node (every node\'s output in `fi`, the',
    'book\'s forward_info; every gradient in `g`), followed by the training loop of the book\'s Trainer.fit with',
    `Gradflow's settings. The ${model.trained ? 'trained' : 'initial (drawn from the seed, not yet trained)'} weights are in ${weightsName}, beside this file.`,
    'Everything is computed in float64, like Gradflow\'s reference engine.',
    '',
    'Usage:',
    `  python3 ${stem}.py --data DATA.npz [--epochs N] [--save OUT.npz]`,
    '      train, starting from the weights; DATA.npz holds x_train, y_train (and x_val, y_val) already scaled',
    `      and encoded as Gradflow feeds the model — \`gradflow export FILE --to numpy --with-data\` writes one.`,
    `  python3 ${stem}.py --predict ROWS.npy|ROWS.csv`,
    '      print the outputs for rows of features, in the model\'s own (scaled) feature space.',
    `  python3 ${stem}.py --check CHECK.npz`,
    '      Gradflow\'s parity test: two training steps on x_batch, y_batch and predictions for x_predict, as JSON.',
    '"""',
  ];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/"""/g, '"').split(/\s+/)) {
    if (line.length + word.length + 1 > width && line.length > 0) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const MAIN = `def load_weights(path=WEIGHTS):
    """The weights file: one float32 array per "<node>.<parameter>", computed with in float64."""
    with np.load(path) as saved:
        return {key: saved[key].astype(np.float64) for key in saved.files}


def load_rows(path):
    """Rows of features from an .npy file or a headerless CSV file."""
    if path.endswith(".npy"):
        return np.load(path)
    return np.loadtxt(path, delimiter=",", ndmin=2)


def check(path):
    """For Gradflow's parity test: predictions, two training steps on one batch, predictions again (JSON)."""
    with np.load(path) as saved:
        c = {key: saved[key] for key in saved.files}
    P = load_weights()
    rng = np.random.RandomState(SEED)
    optimizer = Optimizer(OPTIMIZER)
    before = predict(P, c["x_predict"])
    losses = [train_batch(P, optimizer, rng, c["x_batch"], c["y_batch"]) for _ in range(2)]
    after = predict(P, c["x_predict"])
    print(json.dumps({"losses": losses, "predictions": before.tolist(), "predictions_after": after.tolist()}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="an .npz with x_train, y_train (and x_val, y_val) to train on")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    parser.add_argument("--save", help="where to write the trained weights (default: overwrite nothing, print only)")
    parser.add_argument("--predict", help="rows of features (.npy or CSV) to predict")
    parser.add_argument("--check", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    if args.predict:
        for row in predict(load_weights(), load_rows(args.predict)):
            print(" ".join(f"{value:.6g}" for value in row))
        return
    if not args.data:
        parser.error("nothing to do: give --data DATA.npz to train, or --predict ROWS to predict "
                     "(this script cannot read Gradflow's data sources; gradflow export FILE --to numpy --with-data writes DATA.npz)")
    if not args.data.endswith(".npz"):
        parser.error(f"--data must be an .npz file with x_train and y_train arrays, not {args.data}")
    with np.load(args.data) as saved:
        data = {key: saved[key] for key in saved.files}
    missing = [key for key in ("x_train", "y_train") if key not in data]
    if missing:
        parser.error(f"{args.data} has no {' or '.join(missing)} (it holds: {', '.join(data) or 'nothing'})")
    P = load_weights()
    fit(P, data, args.epochs)
    if args.save:
        np.savez(args.save, **{key: value.astype(np.float32) for key, value in P.items()})
        print(f"saved {args.save}")


if __name__ == "__main__":
    main()`;

/** The NumPy export of a document: the script and its weights (`stem` names the files). */
export function exportNumpy(doc: GradflowDocument, stem: string): ExportFile[] {
  const model = exportModel(doc);
  const base = fileStem(stem);
  const weightsName = `${base}.weights.npz`;
  const banner = (title: string) => [``, ``, `# ${'-'.repeat(8)} ${title} ${'-'.repeat(Math.max(4, 90 - title.length))}`, ``];
  const lines = [
    ...docstring(model, base, weightsName),
    '',
    'import argparse',
    'import json',
    'import os',
    '',
    'import numpy as np',
    '',
    ...settingsBlock(model, weightsName),
    ...banner('helpers'),
    helpersUsed(model).join('\n\n\n'),
    ...banner('the graph'),
    ...makeBatchFunction(model),
    '',
    '',
    ...forwardFunction(model),
    '',
    '',
    ...backwardFunction(model),
    ...banner('training'),
    NUMPY_TRAINING,
    ...banner('command line'),
    MAIN,
    '',
  ];
  return [
    { name: `${base}.py`, description: 'the NumPy script (forward, backward, training loop)', contents: lines.join('\n') },
    { name: weightsName, description: `the ${model.trained ? 'trained' : 'initial'} weights (float32 .npz)`, contents: weightsNpz(model) },
  ];
}
