// The TensorFlow.js peers (bench-only devDependencies @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm), in
// this process: the MLP and the Conv2D benchmark models on TensorFlow.js's `cpu` backend (plain JavaScript)
// and its `wasm` backend (XNNPACK in WebAssembly, loaded from the package's dist folder — nothing is fetched).
// They start from the same parameters and rows as every other peer (engine.ts) and take the same steps: a
// shuffled epoch, batches, loss, gradients, plain SGD. A backend that cannot train a model (TensorFlow.js's
// wasm backend has no Conv2DBackpropFilter kernel) throws here, and the benchmark lists it as skipped with
// that message.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { NumpyRandom } from '../../core/tensor/random.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import type { ConvSize, TrainingCase } from './engine.ts';
import type { TimedRun } from './numpy.ts';

export type TfBackend = 'cpu' | 'wasm';
type Tf = typeof TF;

let loaded: Promise<Tf> | undefined;

/** TensorFlow.js with both backends registered (imported once). */
function loadTf(): Promise<Tf> {
  loaded ??= (async () => {
    // The cpu backend advertises tfjs-node (native TensorFlow) on its first tensor in Node: drop that one line.
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('tfjs-node')) warn(...args);
    };
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
    return tf;
  })();
  return loaded;
}

/** Switch TensorFlow.js to a backend; what it runs on, for the notes. */
export async function useTfBackend(backend: TfBackend): Promise<{ tf: Tf; description: string }> {
  const tf = await loadTf();
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not initialise`);
  await tf.ready();
  let description = `TensorFlow.js ${tf.version.tfjs} ${backend}`;
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    description += ` (SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'})`;
  }
  return { tf, description };
}

/** A TensorFlow.js model of a case: how one step computes the loss and which gradients it takes. */
interface TfModel {
  variables: Record<string, TF.Variable>;
  /** Features of a batch in the layout the model wants, from our (rows, features) tensor. */
  features(x: Tensor): TF.Tensor;
  labels(y: Tensor): TF.Tensor;
  /** Loss of a batch; `inputGrad`: also differentiate with respect to the features. */
  step(tf: Tf, x: TF.Tensor, y: TF.Tensor): TF.Scalar;
}

export class TfPeer {
  private readonly order: { rows: Int32Array; next: number };
  private readonly random = new NumpyRandom(1);

  private constructor(
    private readonly tf: Tf, private readonly backend: TfBackend, private readonly c: TrainingCase,
    private readonly model: TfModel, private readonly optimizer: TF.Optimizer, readonly description: string,
  ) {
    this.order = { rows: new Int32Array(0), next: 0 };
  }

  /** The MLP on a TensorFlow.js backend. */
  static async mlp(c: TrainingCase, backend: TfBackend): Promise<TfPeer> {
    const { tf, description } = await useTfBackend(backend);
    const v = variablesOf(tf, c);
    const model: TfModel = {
      variables: v,
      features: (x) => tf.tensor2d(x.data as Float32Array, [x.shape[0]!, x.shape[1]!]),
      labels: (y) => tf.tensor2d(y.data as Float32Array, [y.shape[0]!, y.shape[1]!]),
      step: (t, x, y) => t.tidy(() => {
        const { value, grads } = t.variableGrads(() => {
          const hidden = t.tanh(t.add(t.matMul(x as TF.Tensor2D, v['dense1_w.W']!), v['dense1_b.B']!));
          const logits = t.add(t.matMul(hidden as TF.Tensor2D, v['dense2_w.W']!), v['dense2_b.B']!);
          return t.losses.softmaxCrossEntropy(y, logits) as TF.Scalar;
        });
        peer.optimizer.applyGradients(grads);
        return value;
      }),
    };
    const peer = new TfPeer(tf, backend, c, model, tf.train.sgd(c.meta.lr as number), description);
    return peer;
  }

  /**
   * The Conv2D model on a TensorFlow.js backend, in its NHWC layout: images (N, H, W, C), kernel (k, k, C_in,
   * C_out); the target is reordered once to match, so the squared error sums the same numbers. The input
   * gradient is taken too, as our engine's and numpy's conv compute it.
   */
  static async conv(c: TrainingCase, backend: TfBackend): Promise<TfPeer> {
    const { tf, description } = await useTfBackend(backend);
    const [channels, image] = c.meta.image as [number, number, number];
    const kernel = c.initial.get('conv.K')!;
    const [cIn, cOut, k] = [kernel.shape[0]!, kernel.shape[1]!, kernel.shape[2]!];
    const K = tf.variable(tf.tidy(() => tf.transpose(tf.tensor4d(kernel.data as Float32Array, [cIn, cOut, k, k]), [2, 3, 0, 1])), true, uniqueName('conv.K'));
    const size: Pick<ConvSize, 'channels' | 'image' | 'filters'> = { channels, image, filters: cOut };
    const model: TfModel = {
      variables: { 'conv.K': K },
      features: (x) => tf.tidy(() => tf.transpose(tf.tensor4d(x.data as Float32Array, [x.shape[0]!, size.channels, size.image, size.image]), [0, 2, 3, 1])),
      labels: (y) => tf.tidy(() => tf.reshape(tf.transpose(tf.tensor4d(y.data as Float32Array, [y.shape[0]!, size.filters, size.image, size.image]), [0, 2, 3, 1]), [y.shape[0]!, -1])),
      step: (t, x, y) => t.tidy(() => {
        const n = x.shape[0]!;
        const { value, grads } = t.valueAndGrads((images: TF.Tensor, filters: TF.Tensor) => {
          const out = t.reshape(t.conv2d(images as TF.Tensor4D, filters as TF.Tensor4D, 1, 'same'), [n, -1]);
          return t.div(t.sum(t.square(t.sub(out, y))), n) as TF.Scalar;
        })([x, K]);
        peer.optimizer.applyGradients({ [K.name]: grads[1]! });
        return value;
      }),
    };
    const peer = new TfPeer(tf, backend, c, model, tf.train.sgd(c.meta.lr as number), description);
    return peer;
  }

  private async activate(): Promise<void> {
    if (this.tf.getBackend() !== this.backend) await useTfBackend(this.backend);
  }

  private trainOn(x: Tensor, y: Tensor): number {
    const xs = this.model.features(x);
    const ys = this.model.labels(y);
    try {
      const loss = this.model.step(this.tf, xs, ys);
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }

  /** Seconds a step took in losses(): a peer slower than a round's budget skips per-round warm-ups. */
  private stepSeconds = 0;

  /** The loss on the first batch, and on it again after one step (for the parity checks; also the warm-up). */
  async losses(): Promise<[number, number]> {
    await this.activate();
    const x = this.c.data.x.sliceRows(0, this.c.batch);
    const y = this.c.data.y.sliceRows(0, this.c.batch);
    const first = this.trainOn(x, y);
    const start = performance.now();
    const second = this.trainOn(x, y);
    this.stepSeconds = (performance.now() - start) / 1000;
    return [first, second];
  }

  /** Shuffled epochs of sequential batches, as the Trainer walks the data. */
  private nextBatch(): number {
    const rows = this.c.data.x.shape[0]!;
    if (this.order.next >= rows || this.order.rows.length === 0) {
      this.order.rows = this.random.permutation(rows);
      this.order.next = 0;
    }
    const pick = this.order.rows.subarray(this.order.next, Math.min(rows, this.order.next + this.c.batch));
    this.order.next += this.c.batch;
    return this.trainOn(this.c.data.x.gatherRows(pick), this.c.data.y.gatherRows(pick));
  }

  /** One measurement round: warm-up batches (none when a step takes over a quarter of the budget), then batches until `seconds` have passed. */
  async time(seconds: number, warmup = this.stepSeconds > seconds / 4 ? 0 : 1): Promise<TimedRun> {
    await this.activate();
    for (let i = 0; i < warmup; i++) this.nextBatch();
    let iterations = 0;
    const start = performance.now();
    for (;;) {
      this.nextBatch();
      iterations++;
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= seconds) return { iterations, seconds: elapsed };
    }
  }

  dispose(): void {
    for (const v of Object.values(this.model.variables)) v.dispose();
    this.optimizer.dispose();
  }
}

/** The case's starting parameters as TensorFlow.js variables, named by their keys. */
function variablesOf(tf: Tf, c: TrainingCase): Record<string, TF.Variable> {
  return Object.fromEntries([...c.initial].map(([key, value]) =>
    [key, tf.variable(tf.tensor(value.data as Float32Array, [...value.shape]), true, uniqueName(key))]));
}

let variableCount = 0;
/** TensorFlow.js names variables globally: each peer's get a number of their own. */
function uniqueName(key: string): string {
  return `${key}#${++variableCount}`;
}
