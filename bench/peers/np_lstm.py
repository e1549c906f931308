"""The chapter 6 LSTM character model in float32 numpy, the same network as Gradflow's graph:
one-hot X (N, T, V) → LSTM (hidden H; state [h, c] starting at 0) → Dense at every step (W (H, V), B (1, V))
→ softmax cross-entropy summed over time, averaged over the batch; every gradient clipped to [−c, c], then
AdaGrad (h += g²; p −= lr·g / (√h + ε)).

The cell is Gradflow's (core/ops/recurrent-cells.ts): per gate a weight (F+H, H) applied to Z = [x, h],
f, i, o = σ(Z·W + B), c̄ = tanh(Z·W_c + B_c), c′ = f⊙c + i⊙c̄, h′ = o⊙tanh(c′). Written efficiently: the four gate
weights are kept side by side as one (F+H, 4H) matrix (the same numbers: the update is elementwise), the input
part x·W_x of every step is one matrix product before the loop, and the weight gradients are one product each
after backpropagation through time."""

import numpy as np

GATES = ('f', 'i', 'o', 'c')


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


class LSTMModel:
    def __init__(self, arrays, meta):
        f32 = np.float32
        self.steps, self.features = int(meta['steps']), int(meta['features'])
        self.x = arrays['x'].astype(f32).reshape(-1, self.steps, self.features)
        self.y = arrays['y'].astype(f32).reshape(-1, self.steps, arrays['y'].shape[1] // self.steps)
        self.w = np.concatenate([arrays[f'recurrent.W_{g}'] for g in GATES], axis=1).astype(f32)  # (F+H, 4H)
        self.b = np.concatenate([arrays[f'recurrent.B_{g}'] for g in GATES], axis=1).astype(f32)  # (1, 4H)
        self.wv = arrays['dense1_w.W'].astype(f32)
        self.bv = arrays['dense1_b.B'].astype(f32)
        self.lr, self.eps, self.clip = f32(meta['lr']), f32(meta['epsilon']), f32(meta['clip'])
        self.history = [np.zeros_like(p) for p in (self.w, self.b, self.wv, self.bv)]

    def train_batch(self, x, y):
        n, steps, f = x.shape
        hidden = self.b.shape[1] // 4
        H = hidden
        w_x, w_h = self.w[:f], self.w[f:]
        x_part = (x.reshape(n * steps, f) @ w_x).reshape(n, steps, 4 * H)
        x_part += self.b
        h = np.zeros((n, H), np.float32)
        c = np.zeros((n, H), np.float32)
        hs = np.empty((n, steps, H), np.float32)       # h′ at every step
        h_prev = np.empty((n, steps, H), np.float32)   # h at every step (the state each step read)
        gates = np.empty((n, steps, 4 * H), np.float32)
        c_prev = np.empty((n, steps, H), np.float32)
        tanh_c = np.empty((n, steps, H), np.float32)
        for t in range(steps):
            a = x_part[:, t] + h @ w_h
            a[:, :3 * H] = sigmoid(a[:, :3 * H])
            a[:, 3 * H:] = np.tanh(a[:, 3 * H:])
            gf, gi, go, gc = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
            h_prev[:, t], c_prev[:, t], gates[:, t] = h, c, a
            c = gf * c + gi * gc
            tc = np.tanh(c)
            h = go * tc
            tanh_c[:, t], hs[:, t] = tc, h
        # Dense at every step, softmax cross-entropy summed over time and averaged over the batch
        rows = hs.reshape(n * steps, H)
        logits = rows @ self.wv + self.bv
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        total = exp.sum(axis=1, keepdims=True)
        y_rows = y.reshape(n * steps, -1)
        loss = -float(np.sum(y_rows * (logits - np.log(total)))) / n
        grad = (exp / total - y_rows) * np.float32(1.0 / n)
        grad_wv = rows.T @ grad
        grad_bv = grad.sum(axis=0, keepdims=True)
        grad_hs = (grad @ self.wv.T).reshape(n, steps, H)
        # backpropagation through time
        grad_a = np.empty((n, steps, 4 * H), np.float32)
        dh_next = np.zeros((n, H), np.float32)
        dc_next = np.zeros((n, H), np.float32)
        for t in range(steps - 1, -1, -1):
            a = gates[:, t]
            gf, gi, go, gc = a[:, :H], a[:, H:2 * H], a[:, 2 * H:3 * H], a[:, 3 * H:]
            tc = tanh_c[:, t]
            dh = grad_hs[:, t] + dh_next
            dc = dc_next + dh * go * (1 - tc * tc)
            da = grad_a[:, t]
            da[:, :H] = dc * c_prev[:, t] * gf * (1 - gf)
            da[:, H:2 * H] = dc * gc * gi * (1 - gi)
            da[:, 2 * H:3 * H] = dh * tc * go * (1 - go)
            da[:, 3 * H:] = dc * gi * (1 - gc * gc)
            dc_next = dc * gf
            dh_next = da @ w_h.T
        grad_a_rows = grad_a.reshape(n * steps, 4 * H)
        grad_w = np.concatenate([x.reshape(n * steps, f).T @ grad_a_rows,
                                 h_prev.reshape(n * steps, H).T @ grad_a_rows], axis=0)
        grad_b = grad_a_rows.sum(axis=0, keepdims=True)
        for param, g, history in zip((self.w, self.b, self.wv, self.bv), (grad_w, grad_b, grad_wv, grad_bv), self.history):
            np.clip(g, -self.clip, self.clip, out=g)
            history += g * g
            param -= self.lr * g / (np.sqrt(history) + self.eps)
        return loss
