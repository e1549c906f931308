// Step-through mode (the book's chapter 1 made live): the first batch of the seeded shuffle flows forward one
// Operation at a time, then the gradients flow back one Operation at a time — in float64, on a copy of the
// current parameters, so the numbers a learner sees are exact and training is untouched.

import { Executor, type Feeds } from '../graph/executor.ts';
import type { Graph, ParameterStore } from '../graph/types.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import { NumpyRandom } from '../tensor/random.ts';
import type { Dataset } from '../train/trainer.ts';
import type { RunConfig } from '../train/config.ts';
import { seededFirstBatch } from './first-batch.ts';
import { prepareParameters } from '../train/parameters.ts';
import { edgeTelemetry } from './describe.ts';

type StepTelemetry = Extract<Telemetry, { type: 'step' }>;

export class Stepper {
  readonly executor: Executor;
  /** Nodes done in the current direction; forward counts up, backward counts down. */
  private forwardDone = 0;
  private readonly feeds: Feeds;
  private backwardNext = -1;

  constructor(readonly graph: Graph, params: ParameterStore | undefined, config: RunConfig, train: Dataset) {
    const random = new NumpyRandom(config.seed);
    const store = prepareParameters(graph, params, { dtype: 'float64', compat: config.compat, seed: config.seed, random });
    const { feeds } = seededFirstBatch(graph, train, config, random);
    this.feeds = feeds;
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
    return { type: 'step', direction: 'forward', nodeId: node.id, index, total: this.graph.nodes.length, edges: edgeTelemetry(this.executor, node.outputEdges), ...(loss !== undefined ? { loss } : {}) };
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
    return { type: 'step', direction: 'backward', nodeId: node.id, index, total: this.graph.nodes.length, edges: edgeTelemetry(this.executor, node.inputEdges) };
  }
}
