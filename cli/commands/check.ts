// gradflow check FILE — validate a document and infer every shape without loading data or running
// anything: "ok" with each node's output shape, or every problem with its path, and exit 1.

import { resolve } from 'node:path';
import { loadDocument } from '../../core/document/load.ts';
import { buildGraph } from '../../core/graph/build.ts';
import type { Graph } from '../../core/graph/types.ts';
import { countParameterValues } from '../../core/train/parameters.ts';
import { formatShape } from '../../core/tensor/tensor.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { plural, table } from '../format.ts';

/** What would stop `gradflow train` although the file is valid (an editor may save work in progress). */
function trainingWarnings(graph: Graph, hasData: boolean): string[] {
  const warnings: string[] = [];
  const count = (n: number, what: string, fix: string) => {
    if (n === 0) warnings.push(`the graph has no ${what}, so it cannot be trained yet: ${fix}`);
    else if (n > 1 && what !== 'Input node') warnings.push(`the graph has ${n} ${what}s; training needs exactly one`);
  };
  count(graph.inputs.length, 'Input node', 'add an Input for the features');
  count(graph.targets.length, 'Target node', 'add a Target for the labels and wire it into the loss');
  count(graph.losses.length, 'loss node', 'add a loss (e.g. MeanSquaredError) fed by the prediction and the Target');
  if (!hasData) warnings.push('the file names no data ("data" is missing), so train needs --data');
  return warnings;
}

export const check = defineCommand({
  spec: {
    name: 'check',
    summary: 'validate a .gradflow file and infer every shape; list every problem with its path',
    positionals: [{ name: 'FILE', help: 'the .gradflow document to check', required: true }],
    flags: { json: flag.bool('print one JSON object: {"type":"check","ok":…,"shapes"|"errors":…,"warnings":[…]}') },
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    const path = positionals[0]!;
    const loaded = loadDocument(ctx.host.readText(resolve(ctx.cwd, path), 'document'));
    if (!loaded.ok) {
      if (out.json) {
        out.record({ type: 'check', ok: false, errors: loaded.errors });
      } else {
        ctx.stderr.write(`gradflow: ${path}: ${plural(loaded.errors.length, 'problem')}:\n`);
        for (const e of loaded.errors) ctx.stderr.write(`  ${e.path ? `${e.path}: ` : ''}${e.message}\n`);
      }
      return 1;
    }
    const { doc } = loaded;
    // Loading accepted it, unconnected ports included; build the same way to read the inferred shapes.
    const built = buildGraph(doc, { requireConnected: false });
    if (!built.ok) throw new Error('the document loaded but its graph does not build');
    const graph = built.graph;
    const warnings = [...loaded.warnings, ...trainingWarnings(graph, doc.data !== undefined)];
    const values = countParameterValues(graph);
    if (out.json) {
      out.record({
        type: 'check', ok: true, nodes: graph.nodes.length, edges: graph.edges.length, parameterValues: values,
        shapes: Object.fromEntries(graph.nodes.map((n) => [n.id, n.shape])),
        parameters: Object.fromEntries(graph.nodes.flatMap((n) => n.op.params.map((p, i) => [`${n.id}.${p.name}`, n.paramShapes[i] ?? null]))),
        warnings,
      });
      return 0;
    }
    out.info(`ok: ${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'edge')}, ${plural(values, 'parameter value')}; shapes (N = batch):`);
    const rows = graph.nodes.map((n) => [
      n.id, n.op.type, n.shape ? formatShape(n.shape) : '? (an input is not connected)',
      n.op.params.map((p, i) => `${p.name} ${n.paramShapes[i] ? formatShape(n.paramShapes[i]!) : '?'}`).join(', '),
    ]);
    for (const line of table(['node', 'op', 'output', 'parameters'], rows)) out.info(`  ${line}`);
    for (const warning of warnings) out.warn(`${path}: ${warning}`);
    return 0;
  },
});
