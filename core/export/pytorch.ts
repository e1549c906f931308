// Export to PyTorch: an nn.Module mirroring the graph (one torch module or expression per Operation), the loss,
// a training script with Gradflow's optimizer, schedule, clipping and early stopping, the weights as an .npz
// that the script turns into the model's state_dict (torch.from_numpy, transposed where torch's layout
// differs), and a comment block on several GPUs (torchrun + DistributedDataParallel).
//
// PyTorch cannot be installed on the team's machines, so this output is checked by compiling it
// (python3 -m py_compile) and pinned by golden files (core/export/golden/), never run by the tests.

import type { GradflowDocument } from '../document/types.ts';
import type { GraphNode } from '../graph/types.ts';
import { parameterKey } from '../graph/types.ts';
import { num } from '../ops/attributes.ts';
import { formatShape } from '../tensor/tensor.ts';
import { loopSettings, missingEmitter } from './emit.ts';
import { exportModel, fileStem, weightsNpz, type ExportModel } from './model.ts';
import { TORCH_EMITTERS, TORCH_LOSSES, type TorchLayout, type TorchNode } from './pytorch-ops.ts';
import { ExportError, pyNumber, pyString, pyTuple, type ExportFile } from './types.ts';

const PYTHON_KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for from global if ' +
  'import in is lambda nonlocal not or pass raise return try while with yield self torch nn F np copy os argparse').split(' '));

/** A Python identifier for every node id, unique, readable ("dense1_w" stays "dense1_w"). */
function identifiers(model: ExportModel): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const node of model.graph.nodes) {
    let base = node.id.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(base) || base === '' || PYTHON_KEYWORDS.has(base)) base = `n_${base}`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    names.set(node.id, name);
  }
  return names;
}

const TORCH_MODULES: Readonly<Record<string, string>> = {
  BiasAdd: `class BiasAdd(nn.Module):
    """Gradflow's BiasAdd: out = X + B, B (1, features) — a bias on its own, which torch has no module for."""

    def __init__(self, features):
        super().__init__()
        self.B = nn.Parameter(torch.zeros(1, features))

    def forward(self, x):
        return x + self.B`,
  BookRNNCell: `class BookRNNCell(nn.Module):
    """Gradflow's RNN cell (the book's): Z = [x, h];  h′ = tanh(Z·W_f + B_f), W_f (F+H, H) as Gradflow stores it.
    (nn.RNNCell computes the same function but keeps two weights (H, F), (H, H) and two biases.)"""
    states = 1

    def __init__(self, features, hidden):
        super().__init__()
        self.hidden = hidden
        self.W_f = nn.Parameter(torch.zeros(features + hidden, hidden))
        self.B_f = nn.Parameter(torch.zeros(1, hidden))

    def step(self, x, state):
        (h,) = state
        Z = torch.cat([x, h], dim=1)
        return (torch.tanh(Z @ self.W_f + self.B_f),)

    def forward(self, x, h):
        """One time step: x (N, F), h (N, H) → h′ (N, H)."""
        return self.step(x, (h,))[0]`,
  BookGRUCell: `class BookGRUCell(nn.Module):
    """Gradflow's GRU cell: the book's equations, each gate with its own weights (the book's code reuses W_r for u):
        Z = [x, h];  r = σ(Z·W_r + B_r);  u = σ(Z·W_u + B_u)
        h̄ = tanh(x·W_xh + (r⊙h)·W_hh + B_h);  h′ = u⊙h + (1 − u)⊙h̄
    Not nn.GRUCell: torch applies r after the hidden product (r⊙(h·W_hn + b_hn)), blends h′ = (1 − z)⊙n + z⊙h
    with its own biases, and stores the gates stacked as (3H, F) and (3H, H) — other math, other layout."""
    states = 1

    def __init__(self, features, hidden):
        super().__init__()
        self.hidden = hidden
        self.W_r = nn.Parameter(torch.zeros(features + hidden, hidden))
        self.B_r = nn.Parameter(torch.zeros(1, hidden))
        self.W_u = nn.Parameter(torch.zeros(features + hidden, hidden))
        self.B_u = nn.Parameter(torch.zeros(1, hidden))
        self.W_xh = nn.Parameter(torch.zeros(features, hidden))
        self.W_hh = nn.Parameter(torch.zeros(hidden, hidden))
        self.B_h = nn.Parameter(torch.zeros(1, hidden))

    def step(self, x, state):
        (h,) = state
        Z = torch.cat([x, h], dim=1)
        r = torch.sigmoid(Z @ self.W_r + self.B_r)
        u = torch.sigmoid(Z @ self.W_u + self.B_u)
        h_bar = torch.tanh(x @ self.W_xh + (r * h) @ self.W_hh + self.B_h)
        return (u * h + (1 - u) * h_bar,)

    def forward(self, x, h):
        """One time step: x (N, F), h (N, H) → h′ (N, H)."""
        return self.step(x, (h,))[0]`,
  BookLSTMCell: `class BookLSTMCell(nn.Module):
    """Gradflow's LSTM cell (the book's equations), one weight (F+H, H) per gate applied to Z = [x, h]:
        f, i, o = σ(Z·W_f + B_f), σ(Z·W_i + B_i), σ(Z·W_o + B_o);  c̄ = tanh(Z·W_c + B_c)
        c′ = f⊙c + i⊙c̄;  h′ = o⊙tanh(c′)
    Not nn.LSTMCell: the same gates, but torch stacks them (i, f, g, o) into (4H, F) and (4H, H) weights with two
    biases; keeping Gradflow's layout lets the weights load as they are. The state is carried as [h | c] (N, 2H)."""
    states = 2

    def __init__(self, features, hidden):
        super().__init__()
        self.hidden = hidden
        for gate in "fioc":
            setattr(self, f"W_{gate}", nn.Parameter(torch.zeros(features + hidden, hidden)))
            setattr(self, f"B_{gate}", nn.Parameter(torch.zeros(1, hidden)))

    def step(self, x, state):
        h, c = state
        Z = torch.cat([x, h], dim=1)
        f = torch.sigmoid(Z @ self.W_f + self.B_f)
        i = torch.sigmoid(Z @ self.W_i + self.B_i)
        o = torch.sigmoid(Z @ self.W_o + self.B_o)
        c_bar = torch.tanh(Z @ self.W_c + self.B_c)
        c_new = f * c + i * c_bar
        return (o * torch.tanh(c_new), c_new)

    def forward(self, x, state):
        """One time step: x (N, F), state [h | c] (N, 2H) → [h′ | c′] (N, 2H)."""
        H = self.hidden
        return torch.cat(self.step(x, (state[:, :H], state[:, H:])), dim=1)`,
  Sequence: `class Sequence(nn.Module):
    """A cell run over a sequence X (N, T, F) from a zero state → the hidden states (N, T, H). Autograd does the
    backpropagation through time that Gradflow's op does by hand; one set of weights serves every step."""

    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def forward(self, X):
        N, T, _ = X.shape
        state = tuple(X.new_zeros(N, self.cell.hidden) for _ in range(self.cell.states))
        hs = []
        for t in range(T):
            state = self.cell.step(X[:, t, :], state)
            hs.append(state[0])
        return torch.stack(hs, dim=1)`,
  BookDropout: `class BookDropout(nn.Module):
    """The book's dropout (not inverted): training multiplies by a Bernoulli(keep) mask, inference scales by keep."""

    def __init__(self, keep):
        super().__init__()
        self.keep = keep

    def forward(self, x):
        if self.training:
            return x * torch.bernoulli(torch.full_like(x, self.keep))
        return x * self.keep`,
};

interface ModuleCode {
  init: string[];
  forward: string[];
  args: string[];
  weightMap: string[];
  modules: Set<string>;
}

function moduleCode(model: ExportModel, names: Map<string, string>): ModuleCode {
  const code: ModuleCode = { init: [], forward: [], args: model.inputs.map((n) => names.get(n.id)!), weightMap: [], modules: new Set() };
  for (const node of model.graph.nodes) {
    if (!model.predictionNodes.has(node.id) || node.op.role === 'input') continue;
    const name = names.get(node.id)!;
    const shape = node.shape ? ` ${formatShape(node.shape)}` : '';
    if (node.op.type === 'Constant') {
      code.init.push(`self.register_buffer(${pyString(name)}, torch.full(${pyTuple(node.attrs.shape as number[])}, ${pyNumber(num(node.attrs, 'value'))}), persistent=False)`);
    }
    const emitter = TORCH_EMITTERS[node.op.type];
    if (!emitter) throw missingEmitter(node, 'PyTorch', 'core/export/pytorch-ops.ts');
    const view: TorchNode = {
      name, attrs: node.attrs, compat: model.config.compat,
      inputs: node.inputEdges.map((e) => names.get(e.from)!),
      inputShapes: node.inputEdges.map((e) => model.graph.byId.get(e.from)!.shape ?? []),
      paramShapes: node.paramShapes,
    };
    if (emitter.init) {
      const note = emitter.note ? `  # ${emitter.note(view)}` : '';
      code.init.push(`self.${name} = ${emitter.init(view)}${note}`);
    }
    for (const m of emitter.modules?.(view) ?? []) code.modules.add(m);
    code.forward.push(`${name} = ${emitter.call(view)}  # ${node.op.type} ${pyString(node.id)}${shape}`);
    node.op.params.forEach((spec, i) => {
      const target = emitter.params?.[i];
      if (!target) throw new ExportError(`${node.op.type} "${node.id}": its emitter does not say where parameter ${spec.name} goes`, node.id);
      code.weightMap.push(`${pyString(parameterKey(node.id, spec.name))}: (${pyString(name + target.key)}, ${pyString(target.layout satisfies TorchLayout)}),`);
    });
  }
  code.forward.push(`return ${names.get(model.prediction.id)!}`);
  return code;
}

/** The one Target must feed the loss directly: the loss function takes (prediction, target). */
function requireSimpleLoss(model: ExportModel): void {
  const outside = model.graph.nodes.filter((n) => !model.predictionNodes.has(n.id) && n !== model.target && n !== model.loss);
  if (outside.length > 0) {
    throw new ExportError(`${outside[0]!.op.type} "${outside[0]!.id}" lies between the data and the loss outside the prediction; the PyTorch export needs the Target wired straight into the loss`, outside[0]!.id);
  }
  if (!TORCH_LOSSES[model.loss.op.type]) throw missingEmitter(model.loss, 'PyTorch', 'core/export/pytorch-ops.ts (TORCH_LOSSES)');
}

const inputShape = (node: GraphNode) => (node.attrs.shape as number[] | undefined) ?? [];

function splitInputs(model: ExportModel, names: Map<string, string>): string[] {
  if (model.inputs.length === 1) {
    return [`return (x.reshape((len(x),) + ${pyTuple(inputShape(model.inputs[0]!))}),)`];
  }
  let column = 0;
  const parts = model.inputs.map((node) => {
    const take = inputShape(node).reduce((p, d) => p * d, 1);
    const part = `x[:, ${column}:${column + take}].reshape((len(x),) + ${pyTuple(inputShape(node))})`;
    column += take;
    return `${part},  # ${names.get(node.id)}`;
  });
  return ['return (', ...parts.map((p) => `    ${p}`), ')'];
}

const indent = (lines: readonly string[], by = '    ') => lines.map((l) => (l.length > 0 ? by + l : l));

function optimizerLines(model: ExportModel): string[] {
  const o = model.config.optimizer;
  const lr = pyNumber(o.learningRate);
  switch (o.kind) {
    case 'SGD':
      return [`return torch.optim.SGD(model.parameters(), lr=${lr})`];
    case 'SGDMomentum':
      return [
        '# torch keeps v = μ·v + g and steps lr·v; the book (and Gradflow) keep v = μ·v + lr·g and step v.',
        '# The two agree while the learning rate is constant; under a decaying rate they differ slightly.',
        `return torch.optim.SGD(model.parameters(), lr=${lr}, momentum=${pyNumber(o.momentum)})`,
      ];
    case 'AdaGrad':
      return [`return torch.optim.Adagrad(model.parameters(), lr=${lr}, eps=${pyNumber(o.epsilon)})`];
    case 'Adam':
      return [`return torch.optim.Adam(model.parameters(), lr=${lr}, betas=(${pyNumber(o.beta1)}, ${pyNumber(o.beta2)}), eps=${pyNumber(o.epsilon)})`];
  }
}

const DDP_NOTE = `# -------- several GPUs: torchrun + DistributedDataParallel ----------------------------------------------
# This script trains on one device (a GPU if there is one). When the model or the data outgrow it, run one
# process per GPU with torchrun and let DistributedDataParallel average the gradients between them:
#
#   torchrun --nproc_per_node=4 THIS_SCRIPT.py --data DATA.npz          # one machine, 4 GPUs
#   torchrun --nnodes=2 --node_rank=0 --master_addr=HOST --nproc_per_node=4 THIS_SCRIPT.py --data DATA.npz
#
# and change train() like this (torchrun sets RANK, LOCAL_RANK and WORLD_SIZE for every process):
#
#   import os
#   import torch.distributed as dist
#   from torch.nn.parallel import DistributedDataParallel as DDP
#   from torch.utils.data.distributed import DistributedSampler
#
#   dist.init_process_group("nccl")                        # "gloo" on CPUs
#   local_rank = int(os.environ["LOCAL_RANK"])
#   torch.cuda.set_device(local_rank)
#   model = DDP(model.to(local_rank), device_ids=[local_rank])
#   sampler = DistributedSampler(dataset, shuffle=SHUFFLE)  # each process gets its own 1/WORLD_SIZE of the rows
#   loader = DataLoader(dataset, batch_size=BATCH_SIZE, sampler=sampler)
#   for epoch in range(epochs):
#       sampler.set_epoch(epoch)                           # a different shuffle every epoch
#       ...                                                # the same batches loop as below
#   if dist.get_rank() == 0:                               # save once, from the unwrapped model
#       torch.save(model.module.state_dict(), out)
#   dist.destroy_process_group()
#
# BATCH_SIZE is then per process: every step sees BATCH_SIZE × WORLD_SIZE rows, and since the losses average
# over the batch, the gradient is that of the larger batch — raise the learning rate if you want the same
# progress per epoch. Evaluate on rank 0 only (or all-reduce the sums) so the validation loss is printed once.`;

/** The PyTorch export of a document: the script and the weights it loads into its state_dict. */
export function exportPytorch(doc: GradflowDocument, stem: string): ExportFile[] {
  const model = exportModel(doc);
  requireSimpleLoss(model);
  const base = fileStem(stem);
  const weightsName = `${base}.weights.npz`;
  const names = identifiers(model);
  const code = moduleCode(model, names);
  const c = model.config;
  const lines = [
    '#!/usr/bin/env python3',
    `"""${model.name} — exported from Gradflow as a PyTorch nn.Module and training script.`,
    '',
    'Every Operation of the graph is its torch equivalent below (a small custom module where torch\'s built-in',
    `differs from Gradflow's math). The ${model.trained ? 'trained' : 'initial (not yet trained)'} weights are in ${weightsName}, beside this file;`,
    'load_gradflow_weights() turns them into the model\'s state_dict (torch.from_numpy; nn.Linear and nn.Conv2d',
    'store their weights transposed). Gradflow\'s tests compile this file and pin its text, but cannot run it:',
    'PyTorch is not installed where it is built. The NumPy export is the one proven equal to Gradflow.',
    '',
    'Usage:',
    `  python3 ${base}_pytorch.py --data DATA.npz [--epochs N] [--save OUT.pt]`,
    '      DATA.npz holds x_train, y_train (and x_val, y_val), scaled and encoded as Gradflow feeds the model:',
    '      `gradflow export FILE --to pytorch --with-data` writes one.',
    '"""',
    '',
    'import argparse',
    'import copy',
    'import os',
    '',
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    'from torch.utils.data import DataLoader, TensorDataset',
    '',
    ...loopSettings(c),
    `SCHEDULE = {"kind": ${pyString(c.schedule.kind)}, "finalLearningRate": ${pyNumber(c.schedule.finalLearningRate)}}`,
    `GRADIENT_CLIP = ${c.gradientClip === null ? 'None' : pyNumber(c.gradientClip)}`,
    `TARGET_SHAPE = ${pyTuple(inputShape(model.target))}`,
    `WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyString(weightsName)})`,
    '',
    '# Gradflow parameter → (state_dict key, layout): "linear" is transposed, "conv" swaps its first two axes.',
    'WEIGHT_MAP = {',
    ...indent(code.weightMap),
    '}',
    '',
    '',
    ...[...code.modules].sort().flatMap((m) => [TORCH_MODULES[m]!, '', '']),
    'class Model(nn.Module):',
    `    """${model.name}: the graph from its Input${model.inputs.length > 1 ? 's' : ''} to its prediction ${pyString(model.prediction.id)}."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    ...indent(code.init.length > 0 ? code.init : ['pass'], '        '),
    '',
    `    def forward(self, ${code.args.join(', ')}):`,
    ...indent(code.forward, '        '),
    '',
    '',
    'def loss_fn(p, y):',
    ...indent(TORCH_LOSSES[model.loss.op.type]!(c.compat)),
    '',
    '',
    'def split_inputs(x):',
    '    """Rows of features → what each Input is fed: its columns, in its shape."""',
    ...indent(splitInputs(model, names)),
    '',
    '',
    'def load_gradflow_weights(model, path=WEIGHTS):',
    '    """Gradflow\'s weights (.npz of float32 arrays) → the model\'s state_dict."""',
    '    state = {}',
    '    with np.load(path) as saved:',
    '        for key, (name, layout) in WEIGHT_MAP.items():',
    '            value = saved[key]',
    '            if layout == "linear":',
    '                value = value.T  # W (in, out) → nn.Linear.weight (out, in)',
    '            elif layout == "conv":',
    '                value = value.transpose(1, 0, 2, 3)  # K (C_in, C_out, k, k) → nn.Conv2d.weight (C_out, C_in, k, k)',
    '            state[name] = torch.from_numpy(np.ascontiguousarray(value))',
    '    model.load_state_dict(state)',
    '',
    '',
    'def make_optimizer(model):',
    ...indent(optimizerLines(model)),
    '',
    '',
    'def decayed_learning_rate(current, start, epochs):',
    '    """The rate for the next epoch, moved from the start rate towards the final one once per epoch."""',
    '    kind, final = SCHEDULE["kind"], SCHEDULE["finalLearningRate"]',
    '    if kind == "none" or epochs <= 1:',
    '        return current',
    '    if kind == "exponential":',
    '        return current * (final / start) ** (1 / (epochs - 1))',
    '    return max(current - (start - final) / (epochs - 1), min(current, final))',
    '',
    '',
    'def evaluate(model, x, y):',
    '    model.eval()',
    '    with torch.no_grad():',
    '        return loss_fn(model(*split_inputs(x)), y.reshape((len(y),) + TARGET_SHAPE)).item()',
    '',
    '',
    'def train(model, data, epochs, device):',
    '    """Shuffled batches every epoch, evaluation every EVAL_EVERY epochs, early stopping on the best model."""',
    '    tensor = lambda name: torch.as_tensor(data[name], dtype=torch.float32, device=device)',
    '    dataset = TensorDataset(tensor("x_train"), tensor("y_train"))',
    '    loader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=SHUFFLE)',
    '    validation = (tensor("x_val"), tensor("y_val")) if "x_val" in data and len(data["x_val"]) > 0 else None',
    '    optimizer = make_optimizer(model)',
    '    start_lr = optimizer.param_groups[0]["lr"]',
    '    best_loss, best, strikes = float("inf"), None, 0',
    '    for epoch in range(1, epochs + 1):',
    '        model.train()',
    '        total = 0.0',
    '        for x, y in loader:',
    '            optimizer.zero_grad()',
    '            loss = loss_fn(model(*split_inputs(x)), y.reshape((len(y),) + TARGET_SHAPE))',
    '            loss.backward()',
    '            if GRADIENT_CLIP is not None:',
    '                nn.utils.clip_grad_value_(model.parameters(), GRADIENT_CLIP)',
    '            optimizer.step()',
    '            total += loss.item() * len(x)',
    '        print(f"epoch {epoch}: train loss {total / len(dataset):.4g}")',
    '        if validation is not None and epoch % EVAL_EVERY == 0:',
    '            loss = evaluate(model, *validation)',
    '            print(f"Validation loss after {epoch} epochs is {loss:.3f}")',
    '            if loss < best_loss:',
    '                best_loss, best, strikes = loss, (epoch, copy.deepcopy(model.state_dict())), 0',
    '            elif EARLY_STOPPING:',
    '                strikes += 1',
    '                if strikes >= PATIENCE:',
    '                    break',
    '        for group in optimizer.param_groups:',
    '            group["lr"] = decayed_learning_rate(group["lr"], start_lr, epochs)',
    '    if EARLY_STOPPING and best is not None:',
    '        model.load_state_dict(best[1])',
    '        print(f"kept the parameters of epoch {best[0]} (validation loss {best_loss:.3f})")',
    '',
    '',
    DDP_NOTE,
    '',
    '',
    'def main():',
    '    parser = argparse.ArgumentParser(description=__doc__.split("\\n")[0])',
    '    parser.add_argument("--data", required=True, help="an .npz with x_train, y_train (and x_val, y_val)")',
    '    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")',
    `    parser.add_argument("--save", default=${pyString(`${base}.pt`)}, help="where to write the trained state_dict")`,
    '    args = parser.parse_args()',
    '    torch.manual_seed(SEED)',
    '    device = "cuda" if torch.cuda.is_available() else "cpu"',
    '    model = Model()',
    '    load_gradflow_weights(model)',
    '    model.to(device)',
    '    with np.load(args.data) as saved:',
    '        data = {key: saved[key] for key in saved.files}',
    '    train(model, data, args.epochs, device)',
    '    torch.save(model.state_dict(), args.save)',
    '    print(f"saved {args.save}")',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ];
  return [
    { name: `${base}_pytorch.py`, description: 'the PyTorch script (nn.Module, loss, training loop)', contents: lines.join('\n') },
    { name: weightsName, description: `the ${model.trained ? 'trained' : 'initial'} weights (float32 .npz; the script loads them into its state_dict)`, contents: weightsNpz(model) },
  ];
}
