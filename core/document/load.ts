// Loading a `.gradflow` document, complete: the structural parse (parse.ts) and then the semantic checks
// that need the op registry — op types, attribute values, ports, cycles, shapes, saved parameters.
//
// Like the structural half it never throws: every problem becomes a {path, message} pair a person can act
// on. Half-wired graphs (an unconnected port) load with a warning, since the editor saves work in progress.

import { buildGraph, unconnectedMessage } from '../graph/build.ts';
import type { GraphProblem } from '../graph/types.ts';
import { unconnectedPorts } from '../graph/queries.ts';
import { reconcileGroup } from '../layers/layers.ts';
import { checkDataSource } from '../data/source.ts';
import { formatShape, shapesEqual } from '../tensor/tensor.ts';
import { parseDocumentStructure, type DocumentLimits } from './parse.ts';
import type { DocumentError, GradflowDocument, LoadResult } from './types.ts';

export interface CheckOptions {
  /**
   * Shape mismatches refuse the document (default: a file must run as saved), or come back as warnings —
   * for an editor, where an attribute edit upstream can leave work in progress with a mismatch to fix.
   */
  shapeProblems?: 'error' | 'warning';
}

/** Parse, migrate and validate a document's text. */
export function loadDocument(text: string, limits: Partial<DocumentLimits> = {}, options: CheckOptions = {}): LoadResult {
  const structural = parseDocumentStructure(text, limits);
  if (!structural.ok) return structural;
  try {
    const semantic = checkDocument(structural.doc, options);
    if (semantic.errors.length > 0) return { ok: false, errors: semantic.errors };
    return { ok: true, doc: semantic.doc, warnings: [...structural.warnings, ...semantic.warnings] };
  } catch (error) {
    // A bug of ours must not take the open document down with it; report it as a load failure.
    return { ok: false, errors: [{ path: '', message: `internal error while checking the document: ${(error as Error).message}` }] };
  }
}

/** Where in the document a graph problem points: the attribute, the edge, or the node. */
function pathOf(doc: GradflowDocument, problem: GraphProblem): string {
  const edgeIndex = problem.edgeId === undefined ? -1 : doc.edges.findIndex((e) => e.id === problem.edgeId);
  const nodeIndex = problem.nodeId === undefined ? -1 : doc.nodes.findIndex((n) => n.id === problem.nodeId);
  if (problem.kind === 'attribute' && nodeIndex >= 0) return `nodes[${nodeIndex}].attributes.${problem.attribute}`;
  if (problem.kind === 'unknown-op' && nodeIndex >= 0) return `nodes[${nodeIndex}].op`;
  if (edgeIndex >= 0) return `edges[${edgeIndex}]`;
  if (nodeIndex >= 0) return `nodes[${nodeIndex}]`;
  return '';
}

const withSuggestion = (p: GraphProblem): string => (p.suggestion ? `${p.message} — ${p.suggestion}` : p.message);

/** The semantic checks on a structurally valid document; returns the document with groups reconciled. */
export function checkDocument(doc: GradflowDocument, options: CheckOptions = {}): { doc: GradflowDocument; errors: DocumentError[]; warnings: string[] } {
  const errors: DocumentError[] = [];
  const warnings: string[] = [];
  const built = buildGraph(doc, { requireConnected: false });
  if (!built.ok) {
    const tolerated = options.shapeProblems === 'warning' && built.problems.every((p) => p.kind === 'shape');
    if (!tolerated) {
      for (const problem of built.problems) errors.push({ path: pathOf(doc, problem), message: withSuggestion(problem) });
      return { doc, errors, warnings };
    }
    // Work in progress: report the mismatches, keep everything (saved parameters are checked once it builds).
    for (const problem of built.problems) warnings.push(withSuggestion(problem));
    if (doc.data !== undefined) errors.push(...checkDataSource(doc.data));
    return { doc: { ...doc, groups: reconcileGroups(doc, warnings) }, errors, warnings };
  }
  for (const { node, port } of unconnectedPorts(built.graph)) {
    warnings.push(unconnectedMessage(node, port));
  }

  if (doc.data !== undefined) errors.push(...checkDataSource(doc.data));

  const graph = built.graph;
  for (const [key, saved] of Object.entries(doc.parameters ?? {})) {
    const dot = key.lastIndexOf('.');
    const node = graph.byId.get(key.slice(0, dot));
    const index = node ? node.op.params.findIndex((p) => p.name === key.slice(dot + 1)) : -1;
    if (!node || index < 0) {
      errors.push({ path: `parameters["${key}"]`, message: `saved parameter "${key}" belongs to no node of this graph` });
      continue;
    }
    const expected = node.paramShapes[index];
    if (expected && !shapesEqual(expected, saved.shape)) {
      errors.push({
        path: `parameters["${key}"].shape`,
        message: `saved parameter "${key}" has shape ${formatShape(saved.shape)} but ${node.op.type} "${node.id}" needs ${formatShape(expected)}`,
      });
    }
  }

  return { doc: { ...doc, groups: reconcileGroups(doc, warnings) }, errors, warnings };
}

/** Layers that no longer match their template become plain groups; each says why in `warnings`. */
function reconcileGroups(doc: GradflowDocument, warnings: string[]) {
  return doc.groups.map((group) => {
    const { group: reconciled, note } = reconcileGroup(doc, group);
    if (note) warnings.push(note);
    return reconciled;
  });
}
