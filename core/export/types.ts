// What the exporters share: the files they return, the error they raise, and the view of one node an op's
// emitter writes code from. Exporters are platform-free: they return names and bytes; a host writes them
// (the CLI to a folder, the app through a save dialog or downloads).

import type { GraphNode } from '../graph/types.ts';
import type { ResolvedAttributes, SymbolicShape } from '../ops/types.ts';
import type { Compat } from '../train/config.ts';

export type ExportTarget = 'numpy' | 'pytorch';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['numpy', 'pytorch'];

/** One file of an export: a name (no folders) and its contents. */
export interface ExportFile {
  name: string;
  /** What the file is, for the CLI's report and the app's message. */
  description: string;
  contents: string | Uint8Array;
}

/** Why a graph cannot be exported (an op without an emitter, a setting the target cannot express, …). */
export class ExportError extends Error {
  constructor(message: string, readonly nodeId?: string) {
    super(message);
    this.name = 'ExportError';
  }
}

/** One node as an emitter sees it: Python expressions for its inputs, output, gradient and parameters. */
export interface EmitNode {
  node: GraphNode;
  attrs: ResolvedAttributes;
  compat: Compat;
  /** Expression for the value arriving at input port i. */
  input(i: number): string;
  /** Shape of input i (null = the batch dimension). */
  inputShape(i: number): SymbolicShape;
  /** Expression for this node's output (where forward assigns it). */
  output: string;
  /** Expression for something forward saves for backward, e.g. a dropout mask. */
  saved(name: string): string;
  /** Expression for ∂L/∂(this node's output). */
  grad: string;
  /** Expression for the value of the node's i-th own parameter. */
  param(i: number): string;
}

/** A Python literal for a string (JSON's string syntax is valid Python). */
export const pyString = (s: string): string => JSON.stringify(s);

/** A Python literal for a number: finite as JS prints it (round-trips), else float('inf') / float('nan'). */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "-float('inf')";
  return String(x);
}

/** A Python tuple literal for a shape. */
export function pyTuple(values: readonly (number | string)[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}
