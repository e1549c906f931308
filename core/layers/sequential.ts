// A sequential model as a document: Input → layers… → loss ← Target. The book's NeuralNetwork(layers, loss)
// in one call; the examples and tests build their graphs with it, and the result is an ordinary,
// editable document.

import type { Attributes, DocEdge, DocGroup, DocNode, GradflowDocument } from '../document/types.ts';
import type { PartialRunConfig } from '../train/config.ts';
import { expandLayer } from './layers.ts';

export interface SequentialSpec {
  name?: string;
  inputShape: number[];
  targetShape: number[];
  layers: { kind: string; attributes: Attributes }[];
  loss: 'MeanSquaredError' | 'SoftmaxCrossEntropy' | 'BinaryCrossEntropy';
  training?: PartialRunConfig;
}

const ROW_Y = 0;
const TARGET_Y = 160;

export function sequentialDocument(spec: SequentialSpec): GradflowDocument {
  const nodes: DocNode[] = [{ id: 'input', op: 'Input', attributes: { shape: spec.inputShape }, position: { x: 0, y: ROW_Y } }];
  const edges: DocEdge[] = [];
  const groups: DocGroup[] = [];
  let previous = 'input';
  let x = 200;
  spec.layers.forEach((layer, i) => {
    const expanded = expandLayer(layer.kind, `${layer.kind.toLowerCase()}${i + 1}`, layer.attributes, { x, y: ROW_Y });
    nodes.push(...expanded.nodes);
    edges.push({ id: `${previous}->${expanded.nodes[0]!.id}`, from: { node: previous, port: 'out' }, to: { node: expanded.nodes[0]!.id, port: 'X' } }, ...expanded.edges);
    groups.push(expanded.group);
    previous = expanded.nodes[expanded.nodes.length - 1]!.id;
    // Laid out as the layer is drawn, collapsed into one box; expanding it pushes what follows aside.
    x += expanded.group.collapsed ? 220 : expanded.nodes.length * 180 + 40;
  });
  nodes.push(
    { id: 'target', op: 'Target', attributes: { shape: spec.targetShape }, position: { x: x - 180, y: TARGET_Y } },
    { id: 'loss', op: spec.loss, attributes: {}, position: { x, y: ROW_Y } },
  );
  edges.push(
    { id: `${previous}->loss`, from: { node: previous, port: 'out' }, to: { node: 'loss', port: 'prediction' } },
    { id: 'target->loss', from: { node: 'target', port: 'out' }, to: { node: 'loss', port: 'target' } },
  );
  return {
    format: 'gradflow', version: 1, ...(spec.name ? { name: spec.name } : {}),
    nodes, edges, groups, training: spec.training ?? {},
  };
}
