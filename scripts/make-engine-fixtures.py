"""Reference numbers for the engine, computed with numpy exactly as the book's library computes them.

Writes core/graph/reference.fixtures.json: for seeded inputs (np.random.seed, so our numpy-compatible RNG
reproduces them), the forward values and gradients of
  1. chapter 1's L = sum(sigmoid(X @ W)) with dL/dX and dL/dW,
  2. a Dense(4, sigmoid) -> Dense(1, linear) network with mean squared error (the book's chapter 3),
  3. a Dense(5, tanh) -> Dense(3, linear) network with softmax cross-entropy (chapter 4),
  4. one SGDMomentum(0.1, 0.9) step followed by a second forward pass on network 2.
Run: python3 scripts/make-engine-fixtures.py   (numpy only)
"""
import json
import os
import numpy as np

def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))

def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)

out = {}

# 1. Chapter 1: matrix function with a sum.
np.random.seed(190204)
X = np.random.randn(3, 3)
W = np.random.randn(3, 2)
N = X @ W
S = sigmoid(N)
L = S.sum()
dSdN = S * (1 - S)
out["chapter1"] = {
    "seed": 190204, "X": X.ravel().tolist(), "W": W.ravel().tolist(), "L": float(L),
    "dLdX": (dSdN @ W.T).ravel().tolist(), "dLdW": (X.T @ dSdN).ravel().tolist(),
}

# 2. Two Dense layers with MSE: X (6, 3), W1 (3, 4), B1 (1, 4), W2 (4, 1), B2 (1, 1).
np.random.seed(20190119)
X = np.random.randn(6, 3)
Y = np.random.randn(6, 1)
W1 = np.random.randn(3, 4); B1 = np.random.randn(1, 4)
W2 = np.random.randn(4, 1); B2 = np.random.randn(1, 1)
def mse_net(W1, B1, W2, B2):
    H = sigmoid(X @ W1 + B1)
    P = H @ W2 + B2
    return H, P, np.sum((P - Y) ** 2) / P.shape[0]
H, P, loss = mse_net(W1, B1, W2, B2)
dP = 2 * (P - Y) / P.shape[0]
dW2 = H.T @ dP; dB2 = dP.sum(axis=0, keepdims=True)
dH = dP @ W2.T
dZ = dH * H * (1 - H)
dW1 = X.T @ dZ; dB1 = dZ.sum(axis=0, keepdims=True)
# One SGDMomentum step (the book's rule: v = mu*v + lr*g; p -= v), starting from zero velocity.
lr, mu = 0.1, 0.9
params = [W1, B1, W2, B2]
grads = [dW1, dB1, dW2, dB2]
stepped = [p - (mu * 0 + lr * g) for p, g in zip(params, grads)]
_, _, loss_after = mse_net(*stepped)
out["mse_network"] = {
    "X": X.ravel().tolist(), "Y": Y.ravel().tolist(),
    "W1": W1.ravel().tolist(), "B1": B1.ravel().tolist(), "W2": W2.ravel().tolist(), "B2": B2.ravel().tolist(),
    "prediction": P.ravel().tolist(), "loss": float(loss),
    "dW1": dW1.ravel().tolist(), "dB1": dB1.ravel().tolist(), "dW2": dW2.ravel().tolist(), "dB2": dB2.ravel().tolist(),
    "lossAfterMomentumStep": float(loss_after),
}

# 3. Softmax cross-entropy network: X (5, 4), labels one-hot over 3 classes.
np.random.seed(42)
X = np.random.randn(5, 4)
labels = np.random.permutation(5) % 3
Y = np.eye(3)[labels]
W1 = np.random.randn(4, 5); B1 = np.random.randn(1, 5)
W2 = np.random.randn(5, 3); B2 = np.random.randn(1, 3)
H = np.tanh(X @ W1 + B1)
Z = H @ W2 + B2
Pr = softmax(Z)
loss = -np.sum(Y * np.log(Pr)) / 5
dZ = (Pr - Y) / 5
dW2 = H.T @ dZ; dB2 = dZ.sum(axis=0, keepdims=True)
dA = (dZ @ W2.T) * (1 - H ** 2)
dW1 = X.T @ dA; dB1 = dA.sum(axis=0, keepdims=True)
out["softmax_network"] = {
    "X": X.ravel().tolist(), "Y": Y.ravel().tolist(),
    "W1": W1.ravel().tolist(), "B1": B1.ravel().tolist(), "W2": W2.ravel().tolist(), "B2": B2.ravel().tolist(),
    "loss": float(loss),
    "dW1": dW1.ravel().tolist(), "dB1": dB1.ravel().tolist(), "dW2": dW2.ravel().tolist(), "dB2": dB2.ravel().tolist(),
}

path = os.path.join(os.path.dirname(__file__), "..", "core", "graph", "reference.fixtures.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.normpath(path))
