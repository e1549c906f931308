"""Entry point of the numpy peers of `npm run bench` (see peer_common.py for the protocol).

Peers: matmul (float32 A·B), mlp (float32, vectorised), mlp-book (float64, the book's library structure),
conv (float32 im2col Conv2D), lstm (float32 chapter 6 character model). Run single-threaded: the bench starts
this with OPENBLAS_NUM_THREADS=1.
"""

import argparse
import json
import sys

import numpy as np

from peer_common import Batches, emit, timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('peer', choices=['matmul', 'mlp', 'mlp-book', 'conv', 'lstm'])
    parser.add_argument('--data', required=True)
    parser.add_argument('--meta', default='{}')
    parser.add_argument('--seconds', type=float, default=1.0)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    meta = json.loads(args.meta)
    # Until glibc's malloc has freed one large mmapped block (which raises its mmap and trim thresholds from
    # 128 KiB), it hands the memory of every large temporary back to the system and page-faults it in again on
    # the next step. A long-running numpy program gets past that on its own (the book-style peer's per-epoch
    # dataset shuffle does); without this the f32 MLP peer measured ~10× slower, every step paying for its
    # (784, 89) gradient temporaries.
    np.ones(16 << 20, dtype=np.uint8)  # allocated and freed at once (16 MiB, under glibc's 32 MiB cap)
    with np.load(args.data) as archive:
        arrays = {key: archive[key] for key in archive.files}

    if args.peer == 'matmul':
        a, b = arrays['a'].astype(np.float32), arrays['b'].astype(np.float32)
        if args.check:
            emit({'product': (a @ b).astype(np.float64).ravel()[: meta.get('values', 16)].tolist(), 'numpy': np.__version__})
            return
        iterations, seconds = timed(lambda: a @ b, args.seconds, args.warmup)
        emit({'iterations': iterations, 'seconds': seconds})
        return

    if args.peer == 'mlp':
        from np_mlp import MLP as Model
    elif args.peer == 'mlp-book':
        from book_mlp import BookMLP as Model
    elif args.peer == 'conv':
        from np_conv import ConvModel as Model
    else:
        from np_lstm import LSTMModel as Model
    model = Model(arrays, meta)
    x, y = model.x, model.y
    batch = int(meta['batch'])

    if args.check:
        xb, yb = x[:batch], y[:batch]
        emit({'losses': [model.train_batch(xb, yb), model.train_batch(xb, yb)], 'numpy': np.__version__})
        return

    # The book-style peer walks its data the book's way (permute_data, generate_batches); the others like ours.
    seed = int(meta.get('seed', 0))
    batches = model.batches(seed) if hasattr(model, 'batches') else Batches(x, y, batch, seed)
    iterations, seconds = timed(lambda: model.train_batch(*batches.next()), args.seconds, args.warmup)
    emit({'iterations': iterations, 'seconds': seconds})


if __name__ == '__main__':
    try:
        main()
    except Exception as error:  # one line the bench can show as the reason the peer is unavailable
        print(f'{type(error).__name__}: {error}', file=sys.stderr)
        sys.exit(1)
