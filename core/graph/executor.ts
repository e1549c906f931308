// The executor: runs a built graph forward in topological order and backward in reverse, one Operation at a
// time, so hosts can run a whole pass or step through it (step-through mode calls forwardNode/backwardNode).
//
// It keeps every node's output, every edge's gradient and every parameter's gradient for the taps (the live
// overlay reads them) and asserts after each backward that each gradient has its input's shape.

import { Tensor, formatShape, shapesEqual, type DType } from '../tensor/tensor.ts';
import { add } from '../tensor/kernels/index.ts';
import { BufferPool, withBufferPool } from '../tensor/buffer-pool.ts';
import type { RandomSource } from '../ops/types.ts';
import type { Backend } from '../backend/types.ts';
import { referenceBackend } from '../backend/reference.ts';
import type { Compat } from '../train/config.ts';
import { EngineError } from './errors.ts';
import { parameterKey, type Graph, type GraphEdge, type GraphNode, type ParameterStore } from './types.ts';

/**
 * Observers of a pass. Tensors handed to a tap may share memory with live parameters and with other edges,
 * and the optimizer updates parameters in place right after backward: a tap must read (summarise or copy)
 * what it needs before it returns.
 */
export interface ExecutionTaps {
  /** After a node's forward: its output (the value every one of its output edges carries). */
  onForward?(node: GraphNode, output: Tensor): void;
  /** After a node's backward: the gradient flowing back along one of its input edges. */
  onEdgeGradient?(edge: GraphEdge, gradient: Tensor): void;
  onParameterGradient?(key: string, gradient: Tensor): void;
}

export interface ExecutorOptions {
  dtype?: DType;
  /** The kernels ops use (default: the reference backend). */
  backend?: Backend;
  /**
   * Reuse the float32 buffers of one pass in the next (tensor/buffer-pool.ts): everything a pass produced is
   * then valid only until the next pass starts — which the taps contract already asks of every reader.
   */
  recycleBuffers?: boolean;
  compat?: Compat;
  random: RandomSource;
  taps?: ExecutionTaps;
  /** Called before each node's forward; the trainer uses it to create parameters lazily (book semantics). */
  beforeForward?(node: GraphNode): void;
}

/** Batches fed to Input and Target nodes, by node id. */
export type Feeds = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

function feedFor(feeds: Feeds, id: string): Tensor | undefined {
  return feeds instanceof Map ? feeds.get(id) : (feeds as Record<string, Tensor>)[id];
}

export class Executor {
  readonly dtype: DType;
  readonly backend: Backend;
  /** Each node's output from the last forward pass. */
  readonly values = new Map<string, Tensor>();
  /** The total gradient of each node's output (summed over its consumers) from the last backward pass. */
  readonly outputGrads = new Map<string, Tensor>();
  readonly edgeGrads = new Map<string, Tensor>();
  readonly paramGrads = new Map<string, Tensor>();
  private readonly saved = new Map<string, unknown>();
  private readonly pool: BufferPool | null;
  /** Whether this executor reuses buffers between passes (see ExecutorOptions.recycleBuffers). */
  get recyclesBuffers(): boolean {
    return this.pool !== null;
  }
  private feeds: Feeds = new Map();
  private training = false;

  constructor(readonly graph: Graph, readonly params: ParameterStore, private readonly options: ExecutorOptions) {
    this.dtype = options.dtype ?? 'float32';
    this.backend = options.backend ?? referenceBackend;
    this.pool = options.recycleBuffers ? new BufferPool() : null;
  }

  /** Run the graph forward (or only the nodes in `only`, e.g. what a prediction needs); returns each node's output. */
  forward(feeds: Feeds, training: boolean, only?: ReadonlySet<string>): Map<string, Tensor> {
    this.startForward(feeds, training);
    for (let i = 0; i < this.graph.nodes.length; i++) {
      if (!only || only.has(this.graph.nodes[i]!.id)) this.forwardNode(i);
    }
    return this.values;
  }

  /** Run the whole graph backward from `fromNode` (default: the loss), seeded with ∂L/∂L = 1 or `seed`. */
  backward(fromNode?: string, seed?: Tensor): void {
    this.startBackward(fromNode, seed);
    for (let i = this.graph.nodes.length - 1; i >= 0; i--) this.backwardNode(i);
  }

  /** Forget the last pass and take new feeds (step-through calls forwardNode next). */
  startForward(feeds: Feeds, training: boolean): void {
    this.requireOneBatchSize(feeds);
    if (this.pool) this.recyclePass(this.pool, feeds);
    this.values.clear();
    this.saved.clear();
    this.outputGrads.clear();
    this.edgeGrads.clear();
    this.paramGrads.clear();
    this.feeds = feeds;
    this.training = training;
  }

  /** Run one node forward (nodes are indexed in topological order). */
  forwardNode(index: number): Tensor {
    const node = this.graph.nodes[index]!;
    this.options.beforeForward?.(node);
    const inputs = node.inputEdges.map((e) => {
      const value = this.values.get(e.from);
      if (!value) throw new EngineError(`"${node.id}" ran before its input "${e.from}"`, node.id);
      return value;
    });
    const feed = node.op.role === 'input' || node.op.role === 'target' ? this.checkedFeed(node) : undefined;
    let result;
    try {
      result = withBufferPool(this.pool, () => node.op.forward({
        inputs, params: this.paramsOf(node), attrs: node.attrs, training: this.training,
        random: this.options.random, compat: this.options.compat ?? 'correct', dtype: this.dtype, backend: this.backend,
        ...(feed ? { feed } : {}),
      }));
    } catch (error) {
      throw error instanceof EngineError ? error : new EngineError(`${node.op.type} "${node.id}" failed: ${(error as Error).message}`, node.id);
    }
    this.values.set(node.id, result.output);
    this.saved.set(node.id, result.saved);
    this.options.taps?.onForward?.(node, result.output);
    return result.output;
  }

  /** Seed the backward pass: the gradient of the chosen output with respect to itself. */
  startBackward(fromNode?: string, seed?: Tensor): void {
    const id = fromNode ?? this.graph.losses[0]?.id ?? this.graph.nodes[this.graph.nodes.length - 1]?.id;
    const output = id === undefined ? undefined : this.values.get(id);
    if (id === undefined || !output) throw new EngineError('backward needs a forward pass first', id);
    if (seed && !shapesEqual(seed.shape, output.shape)) {
      throw new EngineError(`the seed gradient ${formatShape(seed.shape)} does not match "${id}" ${formatShape(output.shape)}`, id);
    }
    this.outputGrads.clear();
    this.edgeGrads.clear();
    this.paramGrads.clear();
    // The book's chapter 1 seeds with ones (dL/dS = 1 for L = Σ S); for a scalar loss that is ∂L/∂L = 1.
    this.outputGrads.set(id, seed ?? Tensor.full(output.shape, 1, this.dtype));
  }

  /** Run one node backward, if any gradient reached it. */
  backwardNode(index: number): void {
    const node = this.graph.nodes[index]!;
    const outputGrad = this.outputGrads.get(node.id);
    if (!outputGrad) return;
    const inputs = node.inputEdges.map((e) => this.values.get(e.from)!);
    const params = this.paramsOf(node);
    const result = withBufferPool(this.pool, () => node.op.backward({
      inputs, params, attrs: node.attrs, training: this.training, random: this.options.random,
      compat: this.options.compat ?? 'correct', dtype: this.dtype, backend: this.backend,
      output: this.values.get(node.id)!, outputGrad, saved: this.saved.get(node.id),
      needsInputGrad: node.inputEdges.map((e) => e.carriesGradient),
    }));
    node.inputEdges.forEach((edge, i) => {
      const grad = result.inputGrads[i];
      if (!edge.carriesGradient || !grad) return;
      this.requireShape(node, `gradient for input ${edge.port}`, grad, inputs[i]!);
      this.edgeGrads.set(edge.id, grad);
      const existing = this.outputGrads.get(edge.from);
      // Fan-out: a value used by several consumers receives the sum of their gradients.
      this.outputGrads.set(edge.from, existing ? withBufferPool(this.pool, () => add(existing, grad)) : grad);
      this.options.taps?.onEdgeGradient?.(edge, grad);
    });
    node.op.params.forEach((spec, i) => {
      const grad = result.paramGrads[i]!;
      this.requireShape(node, `gradient for parameter ${spec.name}`, grad, params[i]!);
      const key = parameterKey(node.id, spec.name);
      this.paramGrads.set(key, grad);
      this.options.taps?.onParameterGradient?.(key, grad);
    });
  }

  /**
   * The gradient one node's backward sends into one of its input ports, for a given gradient of its output,
   * after a forward pass — also into a data port, which training never differentiates. Chapter 1's f′(x)
   * needs exactly that (d output / d x), and each node's local derivative (seeded with ones). The pass's
   * own gradients are left as they are.
   */
  inputGradient(nodeId: string, portIndex: number, outputGrad: Tensor): Tensor {
    const node = this.graph.byId.get(nodeId);
    const output = this.values.get(nodeId);
    if (!node || !output) throw new EngineError(`"${nodeId}" has not run forward`, nodeId);
    if (!shapesEqual(outputGrad.shape, output.shape)) {
      throw new EngineError(`the gradient ${formatShape(outputGrad.shape)} does not match "${nodeId}" ${formatShape(output.shape)}`, nodeId);
    }
    const inputs = node.inputEdges.map((e) => this.values.get(e.from)!);
    const result = node.op.backward({
      inputs, params: this.paramsOf(node), attrs: node.attrs, training: this.training, random: this.options.random,
      compat: this.options.compat ?? 'correct', dtype: this.dtype, backend: this.backend,
      output, outputGrad, saved: this.saved.get(node.id),
      needsInputGrad: node.inputEdges.map((_, i) => i === portIndex),
    });
    const grad = result.inputGrads[portIndex];
    if (!grad) throw new EngineError(`${node.op.type} "${node.id}" gives no gradient for input ${node.inputEdges[portIndex]?.port ?? portIndex}`, node.id);
    this.requireShape(node, `gradient for input ${node.inputEdges[portIndex]!.port}`, grad, inputs[portIndex]!);
    return grad;
  }

  private paramsOf(node: GraphNode): Tensor[] {
    return node.op.params.map((spec) => {
      const value = this.params.get(parameterKey(node.id, spec.name));
      if (!value) throw new EngineError(`parameter ${spec.name} of "${node.id}" has not been initialised`, node.id);
      // Mixing precisions would silently compute in the lower one (kernels follow their first operand).
      if (value.dtype !== this.dtype) {
        throw new EngineError(`parameter ${spec.name} of "${node.id}" is ${value.dtype} but this pass runs in ${this.dtype}`, node.id);
      }
      return value;
    });
  }

  /**
   * Hand the last pass's float32 buffers to the pool: node outputs, gradients and what ops saved for
   * backward — never a parameter's or a fed batch's, last or next (those outlive the pass), and each once.
   */
  private recyclePass(pool: BufferPool, nextFeeds: Feeds): void {
    const kept = new Set<ArrayBufferLike>();
    for (const param of this.params.values()) kept.add(param.data.buffer);
    for (const feeds of [this.feeds, nextFeeds]) {
      for (const feed of feeds instanceof Map ? feeds.values() : Object.values(feeds)) kept.add(feed.data.buffer);
    }
    const give = (value: unknown, depth: number): void => {
      if (value instanceof Float32Array) {
        if (!kept.has(value.buffer)) {
          kept.add(value.buffer);
          pool.give(value);
        }
      } else if (value instanceof Tensor) {
        give(value.data, depth);
      } else if (depth < 3 && Array.isArray(value)) {
        for (const item of value) give(item, depth + 1);
      } else if (depth < 3 && value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        for (const item of Object.values(value)) give(item, depth + 1);
      }
    };
    for (const map of [this.values, this.outputGrads, this.edgeGrads, this.paramGrads, this.saved]) {
      for (const value of map.values()) give(value, 0);
    }
  }

  /** Every fed batch (features, labels) must have the same number of rows. */
  private requireOneBatchSize(feeds: Feeds): void {
    const entries = feeds instanceof Map ? [...feeds] : Object.entries(feeds);
    const [first, ...rest] = entries;
    const mismatch = rest.find(([, t]) => t.shape[0] !== first![1].shape[0]);
    if (first && mismatch) {
      throw new EngineError(
        `"${first[0]}" was given ${first[1].shape[0]} rows but "${mismatch[0]}" was given ${mismatch[1].shape[0]}; every batch must have the same rows`,
        mismatch[0],
      );
    }
  }

  private checkedFeed(node: GraphNode): Tensor {
    const feed = feedFor(this.feeds, node.id);
    if (!feed) throw new EngineError(`${node.op.type} "${node.id}" was given no data`, node.id);
    const expected = node.shape ?? [];
    const fits = feed.rank === expected.length && expected.every((d, i) => d === null || d === feed.shape[i]);
    if (!fits) {
      throw new EngineError(
        `${node.op.type} "${node.id}" expects batches shaped ${formatShape(expected)}, got ${formatShape(feed.shape)}`,
        node.id,
      );
    }
    return feed.cast(this.dtype);
  }

  private requireShape(node: GraphNode, what: string, grad: Tensor, like: Tensor): void {
    if (!shapesEqual(grad.shape, like.shape)) {
      throw new EngineError(
        `${node.op.type} "${node.id}": ${what} has shape ${formatShape(grad.shape)} but the value has ${formatShape(like.shape)}`,
        node.id,
      );
    }
  }
}
