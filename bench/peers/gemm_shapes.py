# numpy's single-thread sgemm on the shapes of bench/gemm-shapes.script.ts (same labels, same transposed views), to
# put beside it in the same minutes:
#   env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 bench/peers/gemm_shapes.py
# GFLOP/s, best of 25 timed batches of >= 5 ms each, as the TypeScript script measures.
import time

import numpy as np

SHAPES = [  # label, m, k, n, A transposed, B transposed
    ('square 64', 64, 64, 64, False, False),
    ('square 256', 256, 256, 256, False, False),
    ('square 1024', 1024, 1024, 1024, False, False),
    ('mlp fwd (60,784)·(784,89)', 60, 784, 89, False, False),
    ('mlp dW (784,60)ᵀ·(60,89)', 784, 60, 89, True, False),
    ('mlp dX (60,89)·(89,784)ᵀ', 60, 89, 784, False, True),
    ('mlp out (60,89)·(89,10)', 60, 89, 10, False, False),
    ('conv fwd (25088,25)·(25,16)', 25088, 25, 16, False, False),
    ('conv dW (25,25088)ᵀ·(25088,16)', 25, 25088, 16, True, False),
    ('lstm fwd (32,316)·(316,1024)', 32, 316, 1024, False, False),
    ('lstm dX (32,1024)·(1024,316)ᵀ', 32, 1024, 316, False, True),
    ('lstm dW (316,32)ᵀ·(32,1024)', 316, 32, 1024, True, False),
]


def operand(rows, cols, transposed, rng):
    if transposed:
        return rng.random((cols, rows), dtype=np.float32).T
    return rng.random((rows, cols), dtype=np.float32)


def measure(m, k, n, a_transposed, b_transposed, repetitions=25):
    rng = np.random.default_rng(0)
    a = operand(m, k, a_transposed, rng)
    b = operand(k, n, b_transposed, rng)
    c = np.empty((m, n), dtype=np.float32)
    np.matmul(a, b, out=c)
    started = time.perf_counter()
    np.matmul(a, b, out=c)
    once = max(time.perf_counter() - started, 1e-6)
    calls = max(1, int(0.005 / once) + 1)
    best = 0.0
    for _ in range(repetitions):
        started = time.perf_counter()
        for _ in range(calls):
            np.matmul(a, b, out=c)
        best = max(best, 2 * m * n * k * calls / (time.perf_counter() - started) / 1e9)
    return best


print(f"{'shape':34}{'numpy':>13}")
for label, m, k, n, a_transposed, b_transposed in SHAPES:
    print(f'{label:34}{measure(m, k, n, a_transposed, b_transposed):13.1f}')
