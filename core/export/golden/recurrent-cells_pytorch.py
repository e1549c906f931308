#!/usr/bin/env python3
"""An RNN, an LSTM and the three cells — exported from Gradflow as a PyTorch nn.Module and training script.

Every Operation of the graph is its torch equivalent below (a small custom module where torch's built-in
differs from Gradflow's math). The initial (not yet trained) weights are in recurrent-cells.weights.npz, beside this file;
load_gradflow_weights() turns them into the model's state_dict (torch.from_numpy; nn.Linear and nn.Conv2d
store their weights transposed). Gradflow's tests compile this file and pin its text, but cannot run it:
PyTorch is not installed where it is built. The NumPy export is the one proven equal to Gradflow.

Usage:
  python3 recurrent-cells_pytorch.py --data DATA.npz [--epochs N] [--save OUT.pt]
      DATA.npz holds x_train, y_train (and x_val, y_val), scaled and encoded as Gradflow feeds the model:
      `gradflow export FILE --to pytorch --with-data` writes one.
"""

import argparse
import copy
import os

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

SEED = 5
EPOCHS = 10
BATCH_SIZE = 32
EVAL_EVERY = 1
SHUFFLE = True
EARLY_STOPPING = True
PATIENCE = 1
SCHEDULE = {"kind": "none", "finalLearningRate": 0.01}
GRADIENT_CLIP = None
TARGET_SHAPE = (12,)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent-cells.weights.npz")

# Gradflow parameter → (state_dict key, layout): "linear" is transposed, "conv" swaps its first two axes.
WEIGHT_MAP = {
    "rnn.W_f": ("rnn.cell.W_f", "same"),
    "rnn.B_f": ("rnn.cell.B_f", "same"),
    "lstm.W_f": ("lstm.cell.W_f", "same"),
    "lstm.B_f": ("lstm.cell.B_f", "same"),
    "lstm.W_i": ("lstm.cell.W_i", "same"),
    "lstm.B_i": ("lstm.cell.B_i", "same"),
    "lstm.W_o": ("lstm.cell.W_o", "same"),
    "lstm.B_o": ("lstm.cell.B_o", "same"),
    "lstm.W_c": ("lstm.cell.W_c", "same"),
    "lstm.B_c": ("lstm.cell.B_c", "same"),
    "s1.W": ("s1.weight", "linear"),
    "lstmCell.W_f": ("lstmCell.W_f", "same"),
    "lstmCell.B_f": ("lstmCell.B_f", "same"),
    "lstmCell.W_i": ("lstmCell.W_i", "same"),
    "lstmCell.B_i": ("lstmCell.B_i", "same"),
    "lstmCell.W_o": ("lstmCell.W_o", "same"),
    "lstmCell.B_o": ("lstmCell.B_o", "same"),
    "lstmCell.W_c": ("lstmCell.W_c", "same"),
    "lstmCell.B_c": ("lstmCell.B_c", "same"),
    "gruCell.W_r": ("gruCell.W_r", "same"),
    "gruCell.B_r": ("gruCell.B_r", "same"),
    "gruCell.W_u": ("gruCell.W_u", "same"),
    "gruCell.B_u": ("gruCell.B_u", "same"),
    "gruCell.W_xh": ("gruCell.W_xh", "same"),
    "gruCell.W_hh": ("gruCell.W_hh", "same"),
    "gruCell.B_h": ("gruCell.B_h", "same"),
    "rnnCell.W_f": ("rnnCell.W_f", "same"),
    "rnnCell.B_f": ("rnnCell.B_f", "same"),
    "out.W": ("out.weight", "linear"),
}


class BookGRUCell(nn.Module):
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
        return self.step(x, (h,))[0]


class BookLSTMCell(nn.Module):
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
        return torch.cat(self.step(x, (state[:, :H], state[:, H:])), dim=1)


class BookRNNCell(nn.Module):
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
        return self.step(x, (h,))[0]


class Sequence(nn.Module):
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
        return torch.stack(hs, dim=1)


class Model(nn.Module):
    """An RNN, an LSTM and the three cells: the graph from its Input to its prediction "sum"."""

    def __init__(self):
        super().__init__()
        self.rnn = Sequence(BookRNNCell(3, 5))  # the book's equations over (N, T, F) from a zero state, not nn.RNN
        self.lstm = Sequence(BookLSTMCell(5, 3))  # the book's equations over (N, T, F) from a zero state, not nn.LSTM
        self.flat = nn.Flatten()
        self.s1 = nn.Linear(12, 4, bias=False)  # WeightMultiply: X·W, W = weight.T
        self.lstmCell = BookLSTMCell(12, 2)
        self.gruCell = BookGRUCell(12, 4)
        self.rnnCell = BookRNNCell(4, 4)
        self.out = nn.Linear(4, 12, bias=False)  # WeightMultiply: X·W, W = weight.T
        self.flat2 = nn.Flatten()

    def forward(self, x):
        rnn = self.rnn(x)  # RNN "rnn" (N, 4, 5)
        lstm = self.lstm(rnn)  # LSTM "lstm" (N, 4, 3)
        flat = self.flat(x)  # Flatten "flat" (N, 12)
        s1 = self.s1(flat)  # WeightMultiply "s1" (N, 4)
        lstmCell = self.lstmCell(flat, s1)  # LSTMCell "lstmCell" (N, 4)
        gruCell = self.gruCell(flat, lstmCell)  # GRUCell "gruCell" (N, 4)
        rnnCell = self.rnnCell(gruCell, lstmCell)  # RNNCell "rnnCell" (N, 4)
        out = self.out(rnnCell)  # WeightMultiply "out" (N, 12)
        flat2 = self.flat2(lstm)  # Flatten "flat2" (N, 12)
        sum = flat2 + out  # Add "sum" (N, 12)
        return sum


def loss_fn(p, y):
    """−Σ y·ln softmax(p) / N (for (N, classes): F.cross_entropy(p, y, reduction="sum") / N; over sequences
    (N, T, classes) it sums over the time steps too)."""
    return -torch.sum(y * F.log_softmax(p, dim=-1)) / p.shape[0]


def split_inputs(x):
    """Rows of features → what each Input is fed: its columns, in its shape."""
    return (x.reshape((len(x),) + (4, 3)),)


def load_gradflow_weights(model, path=WEIGHTS):
    """Gradflow's weights (.npz of float32 arrays) → the model's state_dict."""
    state = {}
    with np.load(path) as saved:
        for key, (name, layout) in WEIGHT_MAP.items():
            value = saved[key]
            if layout == "linear":
                value = value.T  # W (in, out) → nn.Linear.weight (out, in)
            elif layout == "conv":
                value = value.transpose(1, 0, 2, 3)  # K (C_in, C_out, k, k) → nn.Conv2d.weight (C_out, C_in, k, k)
            state[name] = torch.from_numpy(np.ascontiguousarray(value))
    model.load_state_dict(state)


def make_optimizer(model):
    return torch.optim.Adam(model.parameters(), lr=0.05, betas=(0.9, 0.999), eps=1e-8)


def decayed_learning_rate(current, start, epochs):
    """The rate for the next epoch, moved from the start rate towards the final one once per epoch."""
    kind, final = SCHEDULE["kind"], SCHEDULE["finalLearningRate"]
    if kind == "none" or epochs <= 1:
        return current
    if kind == "exponential":
        return current * (final / start) ** (1 / (epochs - 1))
    return max(current - (start - final) / (epochs - 1), min(current, final))


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        return loss_fn(model(*split_inputs(x)), y.reshape((len(y),) + TARGET_SHAPE)).item()


def train(model, data, epochs, device):
    """Shuffled batches every epoch, evaluation every EVAL_EVERY epochs, early stopping on the best model."""
    tensor = lambda name: torch.as_tensor(data[name], dtype=torch.float32, device=device)
    dataset = TensorDataset(tensor("x_train"), tensor("y_train"))
    loader = DataLoader(dataset, batch_size=BATCH_SIZE, shuffle=SHUFFLE)
    validation = (tensor("x_val"), tensor("y_val")) if "x_val" in data and len(data["x_val"]) > 0 else None
    optimizer = make_optimizer(model)
    start_lr = optimizer.param_groups[0]["lr"]
    best_loss, best, strikes = float("inf"), None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(*split_inputs(x)), y.reshape((len(y),) + TARGET_SHAPE))
            loss.backward()
            if GRADIENT_CLIP is not None:
                nn.utils.clip_grad_value_(model.parameters(), GRADIENT_CLIP)
            optimizer.step()
            total += loss.item() * len(x)
        print(f"epoch {epoch}: train loss {total / len(dataset):.4g}")
        if validation is not None and epoch % EVAL_EVERY == 0:
            loss = evaluate(model, *validation)
            print(f"Validation loss after {epoch} epochs is {loss:.3f}")
            if loss < best_loss:
                best_loss, best, strikes = loss, (epoch, copy.deepcopy(model.state_dict())), 0
            elif EARLY_STOPPING:
                strikes += 1
                if strikes >= PATIENCE:
                    break
        for group in optimizer.param_groups:
            group["lr"] = decayed_learning_rate(group["lr"], start_lr, epochs)
    if EARLY_STOPPING and best is not None:
        model.load_state_dict(best[1])
        print(f"kept the parameters of epoch {best[0]} (validation loss {best_loss:.3f})")


# -------- several GPUs: torchrun + DistributedDataParallel ----------------------------------------------
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
# progress per epoch. Evaluate on rank 0 only (or all-reduce the sums) so the validation loss is printed once.


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="an .npz with x_train, y_train (and x_val, y_val)")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    parser.add_argument("--save", default="recurrent-cells.pt", help="where to write the trained state_dict")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = Model()
    load_gradflow_weights(model)
    model.to(device)
    with np.load(args.data) as saved:
        data = {key: saved[key] for key in saved.files}
    train(model, data, args.epochs, device)
    torch.save(model.state_dict(), args.save)
    print(f"saved {args.save}")


if __name__ == "__main__":
    main()
