// The fixed parts of the exported NumPy script: helper functions an op may need (only those the graph uses
// are written out) and the training loop — the book's Trainer.fit with Gradflow's optimizers, schedule,
// early stopping and clipping, line for line the rules of core/train/*.ts.

/** Helper functions by name; an emitter lists the ones it calls. */
export const NUMPY_HELPERS: Readonly<Record<string, string>> = {
  add_grad: `def add_grad(g, key, value):
    """A value used by several nodes receives the sum of their gradients (the multivariate chain rule)."""
    g[key] = g[key] + value if key in g else value`,
  as_rows: `def as_rows(t):
    """(N, T, features) → (N·T, features): every time step of every sequence as one row."""
    return t.reshape(-1, t.shape[-1])`,
  unbroadcast: `def unbroadcast(grad, shape):
    """Sum a gradient back down to an operand's shape: numpy broadcasting, in reverse."""
    while np.ndim(grad) > len(shape):
        grad = np.sum(grad, axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and np.shape(grad)[axis] != 1:
            grad = np.sum(grad, axis=axis, keepdims=True)
    return grad`,
  softmax: `def softmax(x):
    """Row-wise probabilities, shifted by each row's max so large scores do not overflow."""
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(x):
    """ln softmax(x) = x − max − ln Σ e^(x − max): exact even where a probability underflows to 0."""
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))`,
  conv2d: `def conv2d_forward(X, K):
    """"Same" cross-correlation, stride 1: X (N, C_in, H, W), K (C_in, C_out, k, k) → (N, C_out, H, W)."""
    N, C, H, W = X.shape
    k = K.shape[2]
    p = k // 2
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    out = np.zeros((N, K.shape[1], H, W))
    for i in range(k):
        for j in range(k):
            # every output pixel (y, x) sees the input pixel (y + i − p, x + j − p) through K[:, :, i, j]
            out += np.einsum('nchw,co->nohw', Xp[:, :, i:i + H, j:j + W], K[:, :, i, j], optimize=True)
    return out


def conv2d_backward(X, K, G):
    """Gradients of conv2d_forward: dX (G correlated with the flipped kernel) and dK (summed over the batch)."""
    N, C, H, W = X.shape
    k = K.shape[2]
    p = k // 2
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    dXp = np.zeros_like(Xp)
    dK = np.zeros_like(K)
    for i in range(k):
        for j in range(k):
            dK[:, :, i, j] = np.einsum('nchw,nohw->co', Xp[:, :, i:i + H, j:j + W], G, optimize=True)
            dXp[:, :, i:i + H, j:j + W] += np.einsum('nohw,co->nchw', G, K[:, :, i, j], optimize=True)
    return dXp[:, :, p:p + H, p:p + W], dK`,
  recurrent: `def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sequence_forward(cell_forward, X, params, states):
    """Run a cell over X (N, T, F) from a zero state: the hidden states h_1 … h_T (N, T, H) and each step's cache."""
    N, T, F = X.shape
    H = params[-1].shape[1]  # every cell's last parameter is a bias (1, H)
    state = tuple(np.zeros((N, H)) for _ in range(states))
    hs = np.zeros((N, T, H))
    caches = []
    for t in range(T):
        state, cache = cell_forward(X[:, t, :], state, params)
        caches.append(cache)
        hs[:, t, :] = state[0]
    return hs, caches


def sequence_backward(cell_backward, G, X, caches, params, states):
    """Backpropagation through time: G = ∂L/∂(h_1 … h_T) (N, T, H) → ∂L/∂X and the parameter gradients,
    summed over the time steps (one set of weights is shared by every step)."""
    N, T, H = G.shape
    d_state = tuple(np.zeros((N, H)) for _ in range(states))
    dX = np.zeros_like(X)
    d_params = [np.zeros_like(p) for p in params]
    for t in reversed(range(T)):
        # h_t reaches the loss twice: through the layer above (G[:, t]) and through the step t + 1
        d_state = (d_state[0] + G[:, t, :],) + d_state[1:]
        dX[:, t, :], d_state, step = cell_backward(d_state, caches[t], params)
        d_params = [total + d for total, d in zip(d_params, step)]
    return dX, d_params`,
  rnn_cell: `def rnn_cell_forward(x, state, params):
    """Z = [x, h];  h′ = tanh(Z·W_f + B_f)."""
    (h,) = state
    W_f, B_f = params
    Z = np.concatenate([x, h], axis=1)
    h_new = np.tanh(Z @ W_f + B_f)
    return (h_new,), (Z, h_new)


def rnn_cell_backward(d_state, cache, params):
    """∂L/∂h′ → ∂L/∂x, (∂L/∂h,), [∂L/∂W_f, ∂L/∂B_f]."""
    (dh_new,) = d_state
    Z, h_new = cache
    W_f, B_f = params
    da = dh_new * (1 - h_new ** 2)
    dZ = da @ W_f.T
    F = Z.shape[1] - h_new.shape[1]
    return dZ[:, :F], (dZ[:, F:],), [Z.T @ da, np.sum(da, axis=0, keepdims=True)]`,
  gru_cell: `def gru_cell_forward(x, state, params):
    """r = σ(Z·W_r + B_r), u = σ(Z·W_u + B_u) (each gate its own weights);
    h̄ = tanh(x·W_xh + (r⊙h)·W_hh + B_h);  h′ = u⊙h + (1 − u)⊙h̄."""
    (h,) = state
    W_r, B_r, W_u, B_u, W_xh, W_hh, B_h = params
    Z = np.concatenate([x, h], axis=1)
    r = sigmoid(Z @ W_r + B_r)
    u = sigmoid(Z @ W_u + B_u)
    rh = r * h
    h_bar = np.tanh(x @ W_xh + rh @ W_hh + B_h)
    h_new = u * h + (1 - u) * h_bar
    return (h_new,), (x, h, Z, r, u, rh, h_bar)


def gru_cell_backward(d_state, cache, params):
    """∂L/∂h′ → ∂L/∂x, (∂L/∂h,), the gradients of W_r, B_r, W_u, B_u, W_xh, W_hh, B_h."""
    (dh_new,) = d_state
    x, h, Z, r, u, rh, h_bar = cache
    W_r, B_r, W_u, B_u, W_xh, W_hh, B_h = params
    da_h = dh_new * (1 - u) * (1 - h_bar ** 2)   # through the candidate's tanh
    da_u = dh_new * (h - h_bar) * u * (1 - u)    # through the update gate's sigmoid
    dh = dh_new * u                              # h′ = u⊙h + …
    dx = da_h @ W_xh.T
    d_rh = da_h @ W_hh.T
    da_r = d_rh * h * r * (1 - r)                # through the reset gate's sigmoid
    dh = dh + d_rh * r
    dZ = da_r @ W_r.T + da_u @ W_u.T
    F = x.shape[1]
    dx = dx + dZ[:, :F]
    dh = dh + dZ[:, F:]
    d_params = [Z.T @ da_r, np.sum(da_r, axis=0, keepdims=True),
                Z.T @ da_u, np.sum(da_u, axis=0, keepdims=True),
                x.T @ da_h, rh.T @ da_h, np.sum(da_h, axis=0, keepdims=True)]
    return dx, (dh,), d_params`,
  lstm_cell: `def lstm_cell_forward(x, state, params):
    """f, i, o = σ(Z·W + B);  c̄ = tanh(Z·W_c + B_c);  c′ = f⊙c + i⊙c̄;  h′ = o⊙tanh(c′)."""
    h, c = state
    W_f, B_f, W_i, B_i, W_o, B_o, W_c, B_c = params
    Z = np.concatenate([x, h], axis=1)
    f = sigmoid(Z @ W_f + B_f)
    i = sigmoid(Z @ W_i + B_i)
    o = sigmoid(Z @ W_o + B_o)
    c_bar = np.tanh(Z @ W_c + B_c)
    c_new = f * c + i * c_bar
    tanh_c = np.tanh(c_new)
    h_new = o * tanh_c
    return (h_new, c_new), (Z, c, f, i, o, c_bar, tanh_c)


def lstm_cell_backward(d_state, cache, params):
    """(∂L/∂h′, ∂L/∂c′) → ∂L/∂x, (∂L/∂h, ∂L/∂c), the gradients of W_f, B_f, W_i, B_i, W_o, B_o, W_c, B_c."""
    dh_new, dc_new = d_state
    Z, c, f, i, o, c_bar, tanh_c = cache
    W_f, B_f, W_i, B_i, W_o, B_o, W_c, B_c = params
    dc_total = dc_new + dh_new * o * (1 - tanh_c ** 2)  # c′ reaches the loss directly and through h′
    da_f = dc_total * c * f * (1 - f)
    da_i = dc_total * c_bar * i * (1 - i)
    da_o = dh_new * tanh_c * o * (1 - o)
    da_c = dc_total * i * (1 - c_bar ** 2)
    dZ = da_f @ W_f.T + da_i @ W_i.T + da_o @ W_o.T + da_c @ W_c.T
    F = Z.shape[1] - c.shape[1]
    d_params = []
    for da in (da_f, da_i, da_o, da_c):
        d_params += [Z.T @ da, np.sum(da, axis=0, keepdims=True)]
    return dZ[:, :F], (dZ[:, F:], dc_total * f), d_params`,
  maxpool2d: `def maxpool2d_windows(X, s):
    """(N, C, H, W) → (N, C, H // s, W // s, s·s): each s×s window as a row (a ragged edge is dropped)."""
    N, C, H, W = X.shape
    oh, ow = H // s, W // s
    return X[:, :, :oh * s, :ow * s].reshape(N, C, oh, s, ow, s).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, oh, ow, s * s)


def maxpool2d_forward(X, s):
    """The largest value of each s×s window, stride s."""
    return np.max(maxpool2d_windows(X, s), axis=-1)


def maxpool2d_backward(X, s, G):
    """Each window's gradient goes to the position that won (the first one on ties)."""
    N, C, H, W = X.shape
    oh, ow = H // s, W // s
    winner = np.argmax(maxpool2d_windows(X, s), axis=-1)
    routed = (np.arange(s * s) == winner[..., None]) * G[..., None]
    dX = np.zeros_like(X)
    dX[:, :, :oh * s, :ow * s] = routed.reshape(N, C, oh, ow, s, s).transpose(0, 1, 2, 4, 3, 5).reshape(N, C, oh * s, ow * s)
    return dX`,
};

/** Optimizer, schedule, evaluation, early stopping and the training loop; reads the settings block above it. */
export const NUMPY_TRAINING = `class Optimizer:
    """Gradflow's optimizers (core/train/optimizers.ts), one update per parameter per batch:
    SGD:          p −= lr·g
    SGDMomentum:  v = μ·v + lr·g;  p −= v          (the book's form)
    AdaGrad:      h += g²;  p −= lr·g / (√h + ε)
    Adam:         m = β₁m + (1−β₁)g;  s = β₂s + (1−β₂)g²;  p −= lr·m̂ / (√ŝ + ε), bias-corrected m̂, ŝ
    """

    def __init__(self, settings):
        self.kind = settings["kind"]
        self.lr = settings["learningRate"]
        self.momentum = settings["momentum"]
        self.beta1, self.beta2, self.epsilon = settings["beta1"], settings["beta2"], settings["epsilon"]
        self.state = {}
        self.steps = 1

    def step(self, P, grads):
        for key, g in grads.items():
            if self.kind == "SGD":
                P[key] -= self.lr * g
            elif self.kind == "SGDMomentum":
                v = self.state[key] = self.momentum * self.state.get(key, 0.0) + self.lr * g
                P[key] -= v
            elif self.kind == "AdaGrad":
                h = self.state[key] = self.state.get(key, 0.0) + g * g
                P[key] -= self.lr * g / (np.sqrt(h) + self.epsilon)
            elif self.kind == "Adam":
                m, s = self.state.get(key, (0.0, 0.0))
                m = self.beta1 * m + (1 - self.beta1) * g
                s = self.beta2 * s + (1 - self.beta2) * g * g
                self.state[key] = (m, s)
                m_hat = m / (1 - self.beta1 ** self.steps)
                s_hat = s / (1 - self.beta2 ** self.steps)
                P[key] -= self.lr * m_hat / (np.sqrt(s_hat) + self.epsilon)
        self.steps += 1


def decayed_learning_rate(current, start, epochs):
    """The rate for the next epoch (the book decays between epochs, from the start rate to the final one)."""
    kind, final = SCHEDULE["kind"], SCHEDULE["finalLearningRate"]
    if kind == "none" or epochs <= 1:
        return current
    if kind == "exponential":
        return current * (final / start) ** (1 / (epochs - 1))
    return max(current - (start - final) / (epochs - 1), min(current, final))


def train_batch(P, optimizer, rng, x, y):
    """One step of the book's train_batch: forward, loss, backward, (clip,) update. Returns the batch loss."""
    fi = forward(P, make_batch(x, y), training=True, rng=rng)
    grads = backward(P, fi)
    if GRADIENT_CLIP is not None:
        grads = {key: np.clip(g, -GRADIENT_CLIP, GRADIENT_CLIP) for key, g in grads.items()}
    optimizer.step(P, grads)
    return float(fi[LOSS])


def predict(P, x):
    """The model's outputs for rows of features (already scaled as the model was trained)."""
    fi = forward(P, make_batch(x), training=False)
    out = softmax(fi[PREDICTION]) if PROBABILITIES else fi[PREDICTION]
    return out.reshape(len(x), -1)


def evaluate(P, x, y):
    """Loss and metrics on a whole split, in inference mode (no dropout)."""
    fi = forward(P, make_batch(x, y), training=False)
    p = fi[PREDICTION].reshape(len(x), -1)
    t = np.asarray(y, dtype=np.float64).reshape(p.shape)
    metrics = {}
    for name in METRICS:
        if name == "mse":
            metrics[name] = float(np.mean((p - t) ** 2))
        elif name == "mae":
            metrics[name] = float(np.mean(np.abs(p - t)))
        elif name == "rmse":
            metrics[name] = float(np.sqrt(np.mean((p - t) ** 2)))
        elif name == "accuracy":
            if np.ndim(fi[PREDICTION]) == 3:  # sequences (N, T, classes): every time step is scored
                shape = np.shape(fi[PREDICTION])
                same = np.argmax(p.reshape(shape), axis=-1) == np.argmax(t.reshape(shape), axis=-1)
            else:
                same = (p > 0.5) == (t > 0.5) if p.shape[1] == 1 else np.argmax(p, axis=1) == np.argmax(t, axis=1)
            metrics[name] = float(np.mean(same))
    return float(fi[LOSS]), metrics


def fit(P, data, epochs):
    """The book's Trainer.fit: shuffle every epoch, sequential batches, evaluate every EVAL_EVERY epochs,
    stop early when the validation loss stops improving and keep the best parameters (compat "book": the
    parameters from the epoch before the failed evaluation)."""
    rng = np.random.RandomState(SEED)
    optimizer = Optimizer(OPTIMIZER)
    x, y = data["x_train"], data["y_train"]
    validation = (data["x_val"], data["y_val"]) if "x_val" in data and len(data["x_val"]) > 0 else None
    rows = len(x)
    order = np.arange(rows)
    start_lr = optimizer.lr
    book = COMPAT == "book"
    best_loss, best, book_copy, strikes, stopped = float("inf"), None, None, 0, False
    snapshot = lambda: {key: value.copy() for key, value in P.items()}

    def restore(saved):
        for key, value in saved.items():
            P[key][...] = value

    def report(epoch, loss, metrics):
        shown = ", ".join(f"{name} {value:.4g}" for name, value in metrics.items())
        print(f"Validation loss after {epoch} epochs is {loss:.3f}" + (f" ({shown})" if shown else ""))

    epochs_run = 0
    for epoch in range(epochs):
        evaluates = validation is not None and (epoch + 1) % EVAL_EVERY == 0
        if evaluates and EARLY_STOPPING and book:
            book_copy = (epoch, snapshot())
        if SHUFFLE:
            order = order[rng.permutation(rows)]
        loss_sum = 0.0
        for start in range(0, rows, BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            loss_sum += train_batch(P, optimizer, rng, x[batch], y[batch]) * len(batch)
        epochs_run = epoch + 1
        print(f"epoch {epochs_run}: train loss {loss_sum / rows:.4g}")
        if evaluates:
            loss, metrics = evaluate(P, *validation)
            report(epochs_run, loss, metrics)
            if loss < best_loss:
                best_loss, strikes = loss, 0
                if EARLY_STOPPING and not book:
                    best = (epochs_run, snapshot())
            elif EARLY_STOPPING:
                strikes += 1
                if book or strikes >= PATIENCE:
                    kept = book_copy if book else best
                    if kept is not None:
                        restore(kept[1])
                        print(f"stopped early after epoch {epochs_run}; kept the parameters of epoch {kept[0]}")
                    stopped = True
                    break
        optimizer.lr = decayed_learning_rate(optimizer.lr, start_lr, epochs)
    if validation is not None and not book and not stopped and epochs_run % EVAL_EVERY != 0:
        loss, metrics = evaluate(P, *validation)
        report(epochs_run, loss, metrics)
        if loss < best_loss and EARLY_STOPPING:
            best_loss, best = loss, (epochs_run, snapshot())
    if EARLY_STOPPING and not book and not stopped and best is not None and best[0] != epochs_run:
        restore(best[1])
        print(f"kept the parameters of epoch {best[0]} (validation loss {best_loss:.3f})")`;
