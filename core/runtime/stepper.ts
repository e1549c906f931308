// Step-through mode (the book's chapter 1 made live): a batch flows forward one Operation at a time, then the
// gradients flow back one Operation at a time — in float64, on a copy of the current parameters, so the
// numbers a learner sees are exact and training is untouched. The batch is the first one of the seeded
// shuffle, or one training row the learner picked (`sample`). Each step carries the node's formula with
// the step's numbers plugged in.

import { Executor, type Feeds } from '../graph/executor.ts';
import { parameterKey, type Graph, type GraphNode, type ParameterStore } from '../graph/types.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import { NumpyRandom } from '../tensor/random.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { Dataset } from '../train/trainer.ts';
import type { RunConfig } from '../train/config.ts';
import { EngineError } from '../graph/errors.ts';
import { backwardFormula, forwardFormula, type NodeValues } from '../ops/formulas.ts';
import { seededFirstBatch, trainingRow } from './first-batch.ts';
import { prepareParameters } from '../train/parameters.ts';
import { edgeTelemetry } from './describe.ts';

type StepTelemetry = Extract<Telemetry, { type: 'step' }>;

export class Stepper {
  readonly executor: Executor;
  /** How many rows flow: the batch size (or fewer rows), or 1 for a picked sample. */
  readonly rows: number;
  /** Nodes done in the current direction; forward counts up, backward counts down. */
  private forwardDone = 0;
  private readonly feeds: Feeds;
  private backwardNext = -1;

  /** `sample`: a training row's index (before shuffling) to follow, or null for the first batch. */
  constructor(readonly graph: Graph, params: ParameterStore | undefined, private readonly config: RunConfig, train: Dataset, sample: number | null = null) {
    const count = train.x.shape[0]!;
    if (sample !== null && sample >= count) {
      throw new EngineError(`there is no training row ${sample}: the training split has ${count} rows (0 to ${count - 1})`);
    }
    const random = new NumpyRandom(config.seed);
    const store = prepareParameters(graph, params, { dtype: 'float64', compat: config.compat, seed: config.seed, random });
    const { feeds, rows } = sample === null ? seededFirstBatch(graph, train, config, random) : trainingRow(graph, train, sample);
    this.feeds = feeds;
    this.rows = rows.length;
    this.executor = new Executor(graph, store, { dtype: 'float64', compat: config.compat, random });
    this.executor.startForward(feeds, false);
  }

  /** Run the next Operation forward; after the last one, start again from the first. */
  forward(): StepTelemetry {
    if (this.forwardDone === this.graph.nodes.length) {
      this.executor.startForward(this.feeds, false);
      this.forwardDone = 0;
      this.backwardNext = -1;
    }
    const index = this.forwardDone++;
    const node = this.graph.nodes[index]!;
    this.executor.forwardNode(index);
    const loss = node.op.role === 'loss' ? this.executor.values.get(node.id)!.item() : undefined;
    return {
      type: 'step', direction: 'forward', nodeId: node.id, index, total: this.graph.nodes.length,
      edges: edgeTelemetry(this.executor, node.outputEdges), ...(loss !== undefined ? { loss } : {}),
      formula: forwardFormula(this.valuesOf(node)),
    };
  }

  /** Run the next Operation backward (finishing the forward pass first if it is not complete). */
  backward(): StepTelemetry {
    while (this.forwardDone < this.graph.nodes.length) this.forward();
    if (this.backwardNext < 0) {
      this.executor.startBackward();
      this.backwardNext = this.graph.nodes.length - 1;
    }
    const index = this.backwardNext;
    const node = this.graph.nodes[index]!;
    this.executor.backwardNode(index);
    // Past the first node the backward pass is complete; the next step backward starts over.
    this.backwardNext = index === 0 ? -1 : index - 1;
    return {
      type: 'step', direction: 'backward', nodeId: node.id, index, total: this.graph.nodes.length,
      edges: edgeTelemetry(this.executor, node.inputEdges), formula: this.backwardFormulaOf(node),
    };
  }

  private valuesOf(node: GraphNode): NodeValues {
    const { executor } = this;
    return {
      nodeId: node.id, op: node.op.type, attrs: node.attrs, compat: this.config.compat, training: false,
      inputs: node.inputEdges.map((e) => ({ port: e.port, value: executor.values.get(e.from)! })),
      params: node.op.params.map((p) => ({ name: p.name, value: executor.params.get(parameterKey(node.id, p.name))! })),
      output: executor.values.get(node.id)!,
    };
  }

  private backwardFormulaOf(node: GraphNode): string {
    const { executor } = this;
    const outputGrad = executor.outputGrads.get(node.id);
    // Data, labels and constants say so; any other node without a gradient is off the path to the loss.
    const isSource = node.op.role === 'input' || node.op.role === 'target' || node.op.role === 'constant';
    if (!outputGrad && !isSource) return `no gradient reaches "${node.id}": nothing it feeds leads to the loss`;
    return backwardFormula({
      ...this.valuesOf(node),
      outputGrad: outputGrad ?? executor.values.get(node.id)!,
      inputGrads: node.inputEdges.map((e) => executor.edgeGrads.get(e.id)),
      paramGrads: node.op.params.map((p) => executor.paramGrads.get(parameterKey(node.id, p.name))),
      contributions: this.contributionsTo(node),
    });
  }

  /** The gradient each consumer sent back along the node's output edges (a consumer using it twice is named by port). */
  private contributionsTo(node: GraphNode): { consumer: string; grad: Tensor }[] {
    const sent = node.outputEdges.flatMap((e) => {
      const grad = this.executor.edgeGrads.get(e.id);
      return grad ? [{ edge: e, grad }] : [];
    });
    return sent.map(({ edge, grad }) => ({
      consumer: sent.filter((s) => s.edge.to === edge.to).length > 1 ? `${edge.to}.${edge.port}` : edge.to,
      grad,
    }));
  }
}
