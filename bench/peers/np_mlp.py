"""The MNIST MLP (784-89-10: Dense tanh → Dense linear → softmax cross-entropy, plain SGD) in float32 numpy,
written the way one would to make it fast: whole-batch matrix products, in-place updates, no per-op objects.
Parameter names are Gradflow's parameter keys (dense1_w.W, dense1_b.B, dense2_w.W, dense2_b.B)."""

import numpy as np


class MLP:
    def __init__(self, arrays, meta):
        f32 = np.float32
        self.x, self.y = arrays['x'].astype(f32), arrays['y'].astype(f32)
        self.w1, self.b1 = arrays['dense1_w.W'].astype(f32), arrays['dense1_b.B'].astype(f32)
        self.w2, self.b2 = arrays['dense2_w.W'].astype(f32), arrays['dense2_b.B'].astype(f32)
        self.lr = f32(meta['lr'])

    def train_batch(self, x, y):
        """Forward, loss, backward, SGD update; returns the loss before the update."""
        n = x.shape[0]
        hidden = x @ self.w1
        hidden += self.b1
        np.tanh(hidden, out=hidden)
        logits = hidden @ self.w2
        logits += self.b2
        # log-softmax with the row maximum subtracted, as the engine computes it
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        total = exp.sum(axis=1, keepdims=True)
        loss = -float(np.sum(y * (logits - np.log(total)))) / n
        grad = exp / total
        grad -= y
        grad *= np.float32(1.0 / n)
        grad_w2 = hidden.T @ grad
        grad_b2 = grad.sum(axis=0, keepdims=True)
        grad_hidden = grad @ self.w2.T
        grad_hidden *= 1 - hidden * hidden
        grad_w1 = x.T @ grad_hidden
        grad_b1 = grad_hidden.sum(axis=0, keepdims=True)
        lr = self.lr
        self.w1 -= lr * grad_w1
        self.b1 -= lr * grad_b1
        self.w2 -= lr * grad_w2
        self.b2 -= lr * grad_b2
        return loss
