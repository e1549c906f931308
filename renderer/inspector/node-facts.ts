// What the inspector says about one node, worked out from the document and the inferred shapes: its op, the
// attribute values in force, each input port with the node that feeds it, and the layer it belongs to. Pure.

import type { Attributes, DocGroup, GradflowDocument } from '../../core/document/types.ts';
import { findLayerTemplate, type LayerTemplate } from '../../core/layers/templates.ts';
import { resolveAttributes } from '../../core/ops/attributes.ts';
import { findOp } from '../../core/ops/registry.ts';
import type { OpDefinition, ResolvedAttributes, SymbolicShape } from '../../core/ops/types.ts';
import { formatShape } from '../ui/format.ts';

export interface PortFact {
  name: string;
  description: string;
  isTarget: boolean;
  /** The feeding node's label (or id), or null when the port is unconnected. */
  from: string | null;
  /** The feeding node's id and the edge's id, when connected. */
  fromId: string | null;
  edgeId: string | null;
  /** The shape arriving on the port, "?" when unknown. */
  shape: string;
}

export interface LayerFact {
  group: DocGroup;
  template: LayerTemplate;
  /** The layer's settings with defaults filled in. */
  attributes: ResolvedAttributes;
}

export interface NodeFacts {
  id: string;
  label: string | undefined;
  opType: string;
  op: OpDefinition | undefined;
  /** Attribute values in force (defaults filled in). */
  attributes: ResolvedAttributes;
  ports: PortFact[];
  outputShape: string;
  layer: LayerFact | null;
}

export function nodeFacts(doc: Pick<GradflowDocument, 'nodes' | 'edges' | 'groups'>, nodeId: string,
  shapes: ReadonlyMap<string, SymbolicShape | null>): NodeFacts | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const op = findOp(node.op);
  const nameOf = (id: string): string => doc.nodes.find((n) => n.id === id)?.label ?? id;
  const ports = (op?.inputs ?? []).map((port): PortFact => {
    const edge = doc.edges.find((e) => e.to.node === nodeId && e.to.port === port.name);
    return {
      name: port.name, description: port.description, isTarget: port.isTarget === true,
      from: edge ? nameOf(edge.from.node) : null,
      fromId: edge?.from.node ?? null,
      edgeId: edge?.id ?? null,
      shape: edge ? formatShape(shapes.get(edge.from.node)) : '?',
    };
  });
  return {
    id: node.id, label: node.label, opType: node.op, op,
    attributes: op ? resolveAttributes(op, node.attributes).attrs : node.attributes,
    ports, outputShape: formatShape(shapes.get(nodeId)), layer: layerOf(doc.groups, nodeId),
  };
}

/** The Dense / Conv2D layer a node is a member of (plain groups have no settings to edit). */
export function layerOf(groups: readonly DocGroup[], nodeId: string): LayerFact | null {
  const group = groups.find((g) => g.kind !== 'Group' && g.members.includes(nodeId));
  const template = group ? findLayerTemplate(group.kind) : undefined;
  if (!group || !template) return null;
  return { group, template, attributes: resolveAttributes({ type: template.kind, attributes: template.attributes }, group.attributes).attrs };
}

/** The layer's full settings with one changed: what set-layer-attributes is given. */
export function layerPatch(layer: LayerFact, name: string, value: Attributes[string]): Attributes {
  return { ...(layer.attributes as Attributes), [name]: value };
}
