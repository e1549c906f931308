// Reusing float32 buffers between training batches.
//
// Why: in V8 a fresh typed array of a few hundred kilobytes costs far more than the arithmetic done in it —
// the memory is freshly mapped and zeroed page by page, and the garbage collector runs more often to give
// it back (measured: a 2.5 MB im2col buffer took 3–9 ms to allocate and 1.4 ms to fill). A training pass
// allocates the same sizes every batch, so the executor hands the last pass's buffers back here when the
// next pass starts, and `allocate` takes from here while a pass runs (zero-filled, as allocate promises).
//
// Only the training executor of the fast backend uses a pool; everything else allocates as before.

/** Arrays smaller than this are cheap to allocate (V8 keeps tiny ones on its heap); not worth pooling. */
const MIN_POOLED = 256;
/**
 * A bound on the buffers kept per size. The pool only ever holds what one pass gave back (an LSTM over 25
 * steps saves ~250 arrays of one size for its backward), so this is a safety net, not a working limit.
 */
const MAX_PER_SIZE = 4096;

export class BufferPool {
  private readonly free = new Map<number, Float32Array[]>();
  /** What is in `free` right now: a buffer given twice must not be handed out twice. */
  private readonly pooled = new WeakSet<Float32Array>();

  /** A buffer of exactly `size` values, zero-filled unless `zero` is false, or null when none is free. */
  take(size: number, zero = true): Float32Array | null {
    if (size < MIN_POOLED) return null;
    const buffer = this.free.get(size)?.pop();
    if (!buffer) return null;
    this.pooled.delete(buffer);
    if (zero) buffer.fill(0);
    return buffer;
  }

  /** Give back a buffer nothing will read again. Views into a larger buffer are ignored (they are not whole). */
  give(buffer: Float32Array): void {
    if (buffer.length < MIN_POOLED || buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength) return;
    let list = this.free.get(buffer.length);
    if (!list) this.free.set(buffer.length, (list = []));
    if (list.length < MAX_PER_SIZE && !this.pooled.has(buffer)) {
      list.push(buffer);
      this.pooled.add(buffer);
    }
  }
}

let active: BufferPool | null = null;

/** Run `body` with `allocate` drawing float32 buffers from `pool`. */
export function withBufferPool<T>(pool: BufferPool | null, body: () => T): T {
  if (!pool) return body();
  const outer = active;
  active = pool;
  try {
    return body();
  } finally {
    active = outer;
  }
}

/** The pool `allocate` draws from right now, if any. */
export const activeBufferPool = (): BufferPool | null => active;

/** A temporary an op is finished with (e.g. conv's column gradient): back to the running pass's pool, if any. */
export function recycle(buffer: unknown): void {
  if (active && buffer instanceof Float32Array) active.give(buffer);
}
