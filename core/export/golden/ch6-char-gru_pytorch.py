#!/usr/bin/env python3
"""Chapter 6 · a character model (GRU) — exported from Gradflow as a PyTorch nn.Module and training script.

Every Operation of the graph is its torch equivalent below (a small custom module where torch's built-in
differs from Gradflow's math). The initial (not yet trained) weights are in ch6-char-gru.weights.npz, beside this file;
load_gradflow_weights() turns them into the model's state_dict (torch.from_numpy; nn.Linear and nn.Conv2d
store their weights transposed). Gradflow's tests compile this file and pin its text, but cannot run it:
PyTorch is not installed where it is built. The NumPy export is the one proven equal to Gradflow.

Usage:
  python3 ch6-char-gru_pytorch.py --data DATA.npz [--epochs N] [--save OUT.pt]
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

SEED = 20190119
EPOCHS = 10
BATCH_SIZE = 32
EVAL_EVERY = 1
SHUFFLE = True
EARLY_STOPPING = False
PATIENCE = 1
SCHEDULE = {"kind": "none", "finalLearningRate": 0.01}
GRADIENT_CLIP = 2
TARGET_SHAPE = (25, 74)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ch6-char-gru.weights.npz")

# Gradflow parameter → (state_dict key, layout): "linear" is transposed, "conv" swaps its first two axes.
WEIGHT_MAP = {
    "recurrent.W_r": ("recurrent.cell.W_r", "same"),
    "recurrent.B_r": ("recurrent.cell.B_r", "same"),
    "recurrent.W_u": ("recurrent.cell.W_u", "same"),
    "recurrent.B_u": ("recurrent.cell.B_u", "same"),
    "recurrent.W_xh": ("recurrent.cell.W_xh", "same"),
    "recurrent.W_hh": ("recurrent.cell.W_hh", "same"),
    "recurrent.B_h": ("recurrent.cell.B_h", "same"),
    "dense1_w.W": ("dense1_w.weight", "linear"),
    "dense1_b.B": ("dense1_b.B", "same"),
}


class BiasAdd(nn.Module):
    """Gradflow's BiasAdd: out = X + B, B (1, features) — a bias on its own, which torch has no module for."""

    def __init__(self, features):
        super().__init__()
        self.B = nn.Parameter(torch.zeros(1, features))

    def forward(self, x):
        return x + self.B


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
    """Chapter 6 · a character model (GRU): the graph from its Input to its prediction "dense1_act"."""

    def __init__(self):
        super().__init__()
        self.recurrent = Sequence(BookGRUCell(74, 48))  # the book's equations over (N, T, F) from a zero state, not nn.GRU
        self.dense1_w = nn.Linear(48, 74, bias=False)  # WeightMultiply: X·W, W = weight.T
        self.dense1_b = BiasAdd(74)
        self.dense1_act = nn.Identity()

    def forward(self, input):
        recurrent = self.recurrent(input)  # GRU "recurrent" (N, 25, 48)
        dense1_w = self.dense1_w(recurrent)  # WeightMultiply "dense1_w" (N, 25, 74)
        dense1_b = self.dense1_b(dense1_w)  # BiasAdd "dense1_b" (N, 25, 74)
        dense1_act = self.dense1_act(dense1_b)  # Linear "dense1_act" (N, 25, 74)
        return dense1_act


def loss_fn(p, y):
    """−Σ y·ln softmax(p) / N (for (N, classes): F.cross_entropy(p, y, reduction="sum") / N; over sequences
    (N, T, classes) it sums over the time steps too)."""
    return -torch.sum(y * F.log_softmax(p, dim=-1)) / p.shape[0]


def split_inputs(x):
    """Rows of features → what each Input is fed: its columns, in its shape."""
    return (x.reshape((len(x),) + (25, 74)),)


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
    return torch.optim.Adagrad(model.parameters(), lr=0.05, eps=1e-8)


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
    parser.add_argument("--save", default="ch6-char-gru.pt", help="where to write the trained state_dict")
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
