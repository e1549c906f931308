// The `.gradflow` document, version 1: our own type, never React Flow's objects (DESIGN.md §5).
//
// A document is untrusted input. Nothing in it is executed; the loader bounds its sizes before anything is
// allocated and returns path-named errors instead of throwing (see load.ts).

import type { PartialRunConfig } from '../train/config.ts';

export const FORMAT_NAME = 'gradflow';
export const CURRENT_VERSION = 1;

/** An attribute value as stored: numbers, strings, booleans, or lists of numbers (shapes, kernel sizes). */
export type AttributeValue = number | string | boolean | number[];
export type Attributes = Record<string, AttributeValue>;

export interface Position {
  x: number;
  y: number;
}

export interface DocNode {
  /** Unique within the document; edges, groups and saved parameters refer to it. */
  id: string;
  /** An operation type from the op registry, e.g. "WeightMultiply". */
  op: string;
  /** Only the attributes that differ from the op's defaults need to be present. */
  attributes: Attributes;
  position: Position;
  /** A name shown instead of the id. */
  label?: string;
}

export interface PortRef {
  node: string;
  port: string;
}

/** A value travelling from one node's output port to another node's input port. */
export interface DocEdge {
  id: string;
  from: PortRef;
  to: PortRef;
}

export type GroupKind = 'Dense' | 'Conv2D' | 'Group';

/** A layer (a group whose members match its kind's template) or a plain named group (DESIGN.md §4). */
export interface DocGroup {
  id: string;
  kind: GroupKind;
  name: string;
  /** The layer's own settings (neurons, activation, …); the parameters live on the member ops. */
  attributes: Attributes;
  /** Node ids, in the layer's order. */
  members: string[];
  collapsed: boolean;
}

/** Where the training data comes from. Its fields are defined by core/data (a later issue); kept open here. */
export interface DataSource {
  kind: string;
  [key: string]: unknown;
}

export interface ViewState {
  viewport?: { x: number; y: number; zoom: number };
}

/** A trained parameter: little-endian Float32 values, base64-encoded, with its shape. */
export interface SavedParameter {
  shape: number[];
  dtype: 'float32';
  data: string;
}

export interface RunSummary {
  epochs: number;
  trainLoss?: number;
  validationLoss?: number;
  metrics?: Record<string, number>;
  finishedAt?: string;
}

export interface GradflowDocument {
  format: typeof FORMAT_NAME;
  version: typeof CURRENT_VERSION;
  name?: string;
  description?: string;
  nodes: DocNode[];
  edges: DocEdge[];
  groups: DocGroup[];
  data?: DataSource;
  training: PartialRunConfig;
  view?: ViewState;
  /** Keyed by `<nodeId>.<parameterName>`, e.g. "dense1_w.W". */
  parameters?: Record<string, SavedParameter>;
  runSummary?: RunSummary;
}

/** One problem found while loading a document: where it is (a JSON path) and what is wrong, for a human. */
export interface DocumentError {
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; doc: GradflowDocument; warnings: string[] }
  | { ok: false; errors: DocumentError[] };
