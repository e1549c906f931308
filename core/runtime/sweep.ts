// Chapter 1's picture of the chain rule: for a graph whose one Input is a single number x, evaluate the chain
// of functions from x to the loss's prediction over a range of x, with
//   f′(x) by backpropagation (seeded with ones at the prediction, carried back into x), and
//   each node's local derivative (its backward seeded with ones, one node at a time),
// so a learner sees that f′(x) is the product of the local derivatives. Everything runs on the float64
// reference executor with a copy of the current parameters.

import { ancestorsOf, predictionNodeOf } from '../graph/queries.ts';
import type { Graph, GraphNode, ParameterStore } from '../graph/types.ts';
import type { SweepNode, Telemetry } from '../protocol/telemetry.ts';
import { Tensor, formatShape, sizeOf } from '../tensor/tensor.ts';
import type { RunConfig } from '../train/config.ts';
import { evaluationExecutor } from './predict.ts';

type Answer = Extract<Telemetry, { type: 'sweep' | 'error' }>;

/** `points` evenly spaced numbers from `from` to `to`, both included. */
export function linspace(from: number, to: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => (i === points - 1 ? to : from + ((to - from) * i) / (points - 1)));
}

/** The nodes on the way from the input to the prediction (the input left out), in topological order. */
function chainBetween(graph: Graph, input: GraphNode, prediction: GraphNode): GraphNode[] {
  const upstream = ancestorsOf(graph, prediction.id);
  const downstream = new Set([input.id]);
  for (const node of graph.nodes) {
    if (node.inputEdges.some((e) => downstream.has(e.from))) downstream.add(node.id);
  }
  return graph.nodes.filter((n) => n.id !== input.id && upstream.has(n.id) && downstream.has(n.id));
}

/**
 * The chain for a sweep, or why the graph has none: one Input holding one number, a loss, and from the
 * input to the prediction a chain in which every node takes exactly one input from the chain (so f′ is
 * the product of the local derivatives).
 */
function findChain(graph: Graph): { input: GraphNode; prediction: GraphNode; chain: { node: GraphNode; port: number }[] } | string {
  const why = 'the f(x) and f′(x) plot is for a chain of functions of one number x (chapter 1)';
  if (graph.inputs.length !== 1) return `${why}; this graph has ${graph.inputs.length} Inputs`;
  const input = graph.inputs[0]!;
  const shape = (input.attrs.shape as number[] | undefined) ?? [];
  if (sizeOf(shape) !== 1) return `${why}; Input "${input.id}" takes ${sizeOf(shape)} numbers per sample ${formatShape(shape)}`;
  const loss = graph.losses[0];
  if (!loss) return `${why}; this graph has no loss node to mark the prediction f(x)`;
  const prediction = predictionNodeOf(graph, loss);
  const nodes = chainBetween(graph, input, prediction);
  if (prediction.id !== input.id && !nodes.some((n) => n.id === prediction.id)) return `${why}; the prediction "${prediction.id}" does not depend on Input "${input.id}"`;
  const onChain = new Set([input.id, ...nodes.map((n) => n.id)]);
  const chain: { node: GraphNode; port: number }[] = [];
  for (const node of nodes) {
    const ports = node.inputEdges.flatMap((e, i) => (onChain.has(e.from) ? [i] : []));
    if (ports.length !== 1) return `${why}; ${node.op.type} "${node.id}" takes ${ports.length} inputs that depend on x, so f′ is not a simple product of local derivatives`;
    chain.push({ node, port: ports[0]! });
  }
  return { input, prediction, chain };
}

/** Answer `sweep`. */
export function sweep(graph: Graph, config: RunConfig, params: ParameterStore | undefined, requestId: number, from: number, to: number, points: number): Answer {
  const found = findChain(graph);
  if (typeof found === 'string') return { type: 'error', message: found, requestId };
  const { input, prediction, chain } = found;
  const xs = linspace(from, to, points);
  const shape = (input.attrs.shape as number[] | undefined) ?? [];
  const executor = evaluationExecutor(graph, config, params);
  executor.forward(new Map([[input.id, new Tensor(Float64Array.from(xs), [points, ...shape])]]), false, ancestorsOf(graph, prediction.id));

  // Each node on the chain must give one number per x (a node that mixes the rows, like Sum over the batch, does not).
  for (const { node } of chain) {
    const value = executor.values.get(node.id)!;
    if (value.size !== points || value.shape[0] !== points) {
      return { type: 'error', message: `${node.op.type} "${node.id}" gives ${formatShape(value.shape)} for ${points} values of x; the f(x) plot needs one number per x`, requestId };
    }
  }
  const output = executor.values.get(prediction.id)!;
  const ones = (like: Tensor) => Tensor.full(like.shape, 1, 'float64');

  // f′(x) by backpropagation: seed d output/d output = 1 at the prediction, then carry it into x itself
  // (training never differentiates a data edge, so the first node is asked for it explicitly).
  let derivative: number[];
  if (chain.length === 0) {
    derivative = xs.map(() => 1);
  } else {
    executor.backward(prediction.id, ones(output));
    const first = chain[0]!;
    derivative = Array.from(executor.inputGradient(first.node.id, first.port, executor.outputGrads.get(first.node.id)!).data);
  }

  // Each node's local derivative d(node)/d(its chain input), from its own backward seeded with ones.
  const chainProduct = xs.map(() => 1);
  const nodes: SweepNode[] = chain.map(({ node, port }) => {
    const value = executor.values.get(node.id)!;
    const local = Array.from(executor.inputGradient(node.id, port, ones(value)).data);
    local.forEach((d, i) => { chainProduct[i]! *= d; });
    return { nodeId: node.id, op: node.op.type, values: Array.from(value.data), localDerivative: local };
  });
  return { type: 'sweep', requestId, x: xs, nodes, output: Array.from(output.data), derivative, chainProduct };
}
