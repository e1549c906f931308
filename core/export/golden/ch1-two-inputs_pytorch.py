#!/usr/bin/env python3
"""Chapter 1 · a function of two inputs — exported from Gradflow as a PyTorch nn.Module and training script.

Every Operation of the graph is its torch equivalent below (a small custom module where torch's built-in
differs from Gradflow's math). The initial (not yet trained) weights are in ch1-two-inputs.weights.npz, beside this file;
load_gradflow_weights() turns them into the model's state_dict (torch.from_numpy; nn.Linear and nn.Conv2d
store their weights transposed). Gradflow's tests compile this file and pin its text, but cannot run it:
PyTorch is not installed where it is built. The NumPy export is the one proven equal to Gradflow.

Usage:
  python3 ch1-two-inputs_pytorch.py --data DATA.npz [--epochs N] [--save OUT.pt]
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
EPOCHS = 60
BATCH_SIZE = 16
EVAL_EVERY = 10
SHUFFLE = True
EARLY_STOPPING = False
PATIENCE = 1
SCHEDULE = {"kind": "none", "finalLearningRate": 0.01}
GRADIENT_CLIP = None
TARGET_SHAPE = (1,)
WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ch1-two-inputs.weights.npz")

# Gradflow parameter → (state_dict key, layout): "linear" is transposed, "conv" swaps its first two axes.
WEIGHT_MAP = {
    "w.value": ("w", "same"),
}


class Model(nn.Module):
    """Chapter 1 · a function of two inputs: the graph from its Inputs to its prediction "sigma"."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros((1, 1)))
        self.sigma = nn.Sigmoid()

    def forward(self, x, y):
        w = self.w  # Parameter "w" (1, 1)
        wy = y * w  # Multiply "wy" (N, 1)
        sum = x + wy  # Add "sum" (N, 1)
        sigma = self.sigma(sum)  # Sigmoid "sigma" (N, 1)
        return sigma


def loss_fn(p, y):
    """Σ(P − Y)² / N: summed over the outputs, averaged over the batch (nn.MSELoss would average over every element)."""
    return torch.sum((p - y) ** 2) / p.shape[0]


def split_inputs(x):
    """Rows of features → what each Input is fed: its columns, in its shape."""
    return (
        x[:, 0:1].reshape((len(x),) + (1,)),  # x
        x[:, 1:2].reshape((len(x),) + (1,)),  # y
    )


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
    return torch.optim.SGD(model.parameters(), lr=2)


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
    parser.add_argument("--save", default="ch1-two-inputs.pt", help="where to write the trained state_dict")
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
