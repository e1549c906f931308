// Layer templates (the book's chapter 3–5 Layers): which Operations a layer kind expands into, in order.
//
//   Dense(neurons, activation, init, dropout)  = WeightMultiply → BiasAdd → activation [→ Dropout]
//   Conv2D(filters, kernelSize, activation, flatten, dropout, init) = Conv2D → activation [→ Flatten] [→ Dropout]
//
// `dropout` is the keep probability, as in the book; 1 means no Dropout op.

import type { Attributes, GroupKind } from '../document/types.ts';
import type { AttributeSpec, ResolvedAttributes } from '../ops/types.ts';

/** One member of an expanded layer: its op type, attributes, and the id suffix it gets. */
export interface MemberSpec {
  role: string;
  op: string;
  attributes: Attributes;
}

export interface LayerTemplate {
  kind: Exclude<GroupKind, 'Group'>;
  description: string;
  attributes: Readonly<Record<string, AttributeSpec>>;
  members(attrs: ResolvedAttributes): MemberSpec[];
  /** Read a layer's settings back from a chain of ops, or null when the chain cannot be this kind. */
  settingsFrom(members: readonly { op: string; attributes: Attributes }[]): Attributes | null;
}

/** Activation names a layer accepts, and the op each one expands to. */
export const ACTIVATION_OPS: Readonly<Record<string, string>> = {
  linear: 'Linear',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  relu: 'ReLU',
  leakyrelu: 'LeakyReLU',
};

const activation: AttributeSpec = {
  kind: 'enum', options: Object.keys(ACTIVATION_OPS), default: 'linear', description: 'The activation after the linear part.',
};
const init: AttributeSpec = {
  kind: 'enum', options: ['standard', 'glorot', 'he', 'zeros'], default: 'standard',
  description: 'standard: N(0, 1) as in the book; glorot: variance 2/(in+out); he: variance 2/in.',
};
const dropout: AttributeSpec = {
  kind: 'number', min: 0, exclusiveMin: true, max: 1, default: 1,
  description: 'Keep probability of a Dropout after the activation; 1 = no dropout.',
};

const activationMember = (attrs: ResolvedAttributes): MemberSpec =>
  ({ role: 'act', op: ACTIVATION_OPS[attrs.activation as string]!, attributes: {} });

const activationName = (op: string | undefined): string | undefined =>
  Object.entries(ACTIVATION_OPS).find(([, type]) => type === op)?.[0];

/** keepProbability of a trailing Dropout, or 1 when there is none. */
function trailingDropout(members: readonly { op: string; attributes: Attributes }[]): number {
  const last = members[members.length - 1];
  return last?.op === 'Dropout' ? ((last.attributes.keepProbability as number | undefined) ?? 0.8) : 1;
}

function dropoutMember(attrs: ResolvedAttributes): MemberSpec[] {
  const keep = attrs.dropout as number;
  return keep < 1 ? [{ role: 'drop', op: 'Dropout', attributes: { keepProbability: keep } }] : [];
}

export const Dense: LayerTemplate = {
  kind: 'Dense',
  description: 'A fully connected layer: every output is a weighted sum of every input, plus a bias.',
  attributes: {
    neurons: { kind: 'number', integer: true, min: 1, max: 1_000_000, default: 1, description: 'Number of outputs.' },
    activation,
    init,
    dropout,
  },
  members: (attrs) => [
    { role: 'w', op: 'WeightMultiply', attributes: { neurons: attrs.neurons as number, init: attrs.init as string } },
    { role: 'b', op: 'BiasAdd', attributes: { init: attrs.init as string } },
    activationMember(attrs),
    ...dropoutMember(attrs),
  ],
  settingsFrom: (members) => {
    const [w, b, act] = members;
    const activation = activationName(act?.op);
    if (w?.op !== 'WeightMultiply' || b?.op !== 'BiasAdd' || !activation) return null;
    return {
      neurons: (w.attributes.neurons as number | undefined) ?? 1,
      activation,
      init: (w.attributes.init as string | undefined) ?? 'standard',
      dropout: trailingDropout(members),
    };
  },
};

export const Conv2DLayer: LayerTemplate = {
  kind: 'Conv2D',
  description: 'A convolution layer: k×k filters slid over the image, then an activation.',
  attributes: {
    filters: { kind: 'number', integer: true, min: 1, max: 4096, default: 16, description: 'Number of filters (output channels).' },
    kernelSize: { kind: 'number', integer: true, odd: true, min: 1, max: 31, default: 5, description: 'Filter size k (odd).' },
    activation,
    flatten: { kind: 'boolean', default: false, description: 'Flatten the output so a Dense layer can follow.' },
    dropout,
    init,
  },
  members: (attrs) => [
    {
      role: 'conv', op: 'Conv2D',
      attributes: { filters: attrs.filters as number, kernelSize: attrs.kernelSize as number, init: attrs.init as string },
    },
    activationMember(attrs),
    ...(attrs.flatten ? [{ role: 'flat', op: 'Flatten', attributes: {} }] : []),
    ...dropoutMember(attrs),
  ],
  settingsFrom: (members) => {
    const [conv, act, next] = members;
    const activation = activationName(act?.op);
    if (conv?.op !== 'Conv2D' || !activation) return null;
    return {
      filters: (conv.attributes.filters as number | undefined) ?? 16,
      kernelSize: (conv.attributes.kernelSize as number | undefined) ?? 5,
      activation,
      flatten: next?.op === 'Flatten',
      dropout: trailingDropout(members),
      init: (conv.attributes.init as string | undefined) ?? 'standard',
    };
  },
};

export const LAYER_TEMPLATES: readonly LayerTemplate[] = [Dense, Conv2DLayer];

export function findLayerTemplate(kind: string): LayerTemplate | undefined {
  return LAYER_TEMPLATES.find((t) => t.kind === kind);
}
