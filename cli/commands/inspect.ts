// gradflow inspect FILE — the numbers of one training step, for a learner to read: one forward and one
// backward pass on the first batch (after the seeded shuffle), in float64, then every edge's value and
// gradient in topological order, and every parameter's. Small tensors in full, large ones summarised.

import type { GraphEdge } from '../../core/graph/types.ts';
import type { Tensor } from '../../core/tensor/tensor.ts';
import { formatShape } from '../../core/tensor/tensor.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { guardEngine, openDocument, prepare, printPreamble } from '../document.ts';
import { describeRows, firstBatch } from '../first-batch.ts';
import { formatNumber, formatSummary, formatTensor, plural, summarize } from '../format.ts';

/** Tensors up to this many values are printed in full. */
const FULL_LIMIT = 1000;

function tensorRecord(t: Tensor): Record<string, unknown> {
  return { shape: [...t.shape], ...(t.size <= FULL_LIMIT ? { values: Array.from(t.data) } : {}), summary: summarize(t) };
}

/** "value     [[…]]" with continuation lines aligned under the first value. */
function tensorLines(label: string, t: Tensor): string[] {
  const prefix = `  ${label.padEnd(9)} `;
  if (t.size > FULL_LIMIT) return [`${prefix}${plural(t.size, 'value')}: ${formatSummary(summarize(t))}`];
  return `${prefix}${formatTensor(t.data, t.shape, ' '.repeat(prefix.length))}`.split('\n');
}

export const inspect = defineCommand({
  spec: {
    name: 'inspect',
    summary: 'one forward and backward pass on the first batch: every edge\'s value and gradient (float64)',
    positionals: [{ name: 'FILE', help: 'the .gradflow document to inspect', required: true }],
    flags: {
      seed: flag.int('N', 'the seed for initialisation, the shuffle and dropout', { min: 0, max: 2 ** 32 - 1 }),
      json: flag.bool('print one JSON object per edge ({"type":"edge",…}) and per parameter, then {"type":"done","loss":…}'),
    },
    notes: [`Tensors of up to ${FULL_LIMIT} values are shown in full; larger ones as mean, std, min, max and norm.`],
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    const opened = openDocument(ctx, positionals[0]!);
    const prepared = await prepare(ctx, opened, flags.seed !== undefined ? { training: { seed: flags.seed } } : {});
    printPreamble(out, opened, prepared);
    const { run } = prepared;
    const { trainer, feeds, loss, rows } = firstBatch(opened, run);
    // The trainer's own executor and generator: exactly the first step of `gradflow train`, before the update.
    const executor = trainer.executor;
    guardEngine(opened, () => {
      executor.forward(feeds, true);
      executor.backward(loss.id);
    });
    const { graph } = run;
    const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const edges = [...graph.edges].sort((a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)!);
    const lossValue = executor.values.get(loss.id)!.item();

    const noGradient = (edge: GraphEdge): string | undefined => {
      if (!edge.carriesGradient) return graph.byId.get(edge.to)!.op.inputs[edge.portIndex]!.isTarget ? 'labels' : 'data';
      return executor.edgeGrads.has(edge.id) ? undefined : 'it does not reach the loss';
    };

    if (!out.json) {
      out.info(`inspect ${opened.path}: one forward and one backward pass in float64 on the first batch (${describeRows(rows)}), seed ${run.config.seed}`);
      out.info(`loss "${loss.id}" = ${formatNumber(lossValue, 8)}`);
    }
    for (const edge of edges) {
      const value = executor.values.get(edge.from)!;
      const gradient = executor.edgeGrads.get(edge.id);
      const why = noGradient(edge);
      if (out.json) {
        out.record({
          type: 'edge', id: edge.id, from: edge.from, to: edge.to, port: edge.port,
          value: tensorRecord(value), gradient: gradient ? tensorRecord(gradient) : null, ...(why ? { noGradient: why } : {}),
        });
        continue;
      }
      out.info('');
      out.info(`edge ${edge.from} → ${edge.to}.${edge.port}  ${formatShape(value.shape)}`);
      for (const line of tensorLines('value', value)) out.info(line);
      if (gradient) for (const line of tensorLines('gradient', gradient)) out.info(line);
      else out.info(`  gradient  no gradient (${why})`);
    }
    for (const [key, value] of trainer.params) {
      const gradient = executor.paramGrads.get(key);
      if (out.json) {
        out.record({ type: 'parameter', key, value: tensorRecord(value), gradient: gradient ? tensorRecord(gradient) : null });
        continue;
      }
      out.info('');
      out.info(`parameter ${key}  ${formatShape(value.shape)}`);
      for (const line of tensorLines('value', value)) out.info(line);
      if (gradient) for (const line of tensorLines('gradient', gradient)) out.info(line);
      else out.info('  gradient  no gradient (it does not reach the loss)');
    }
    if (out.json) out.record({ type: 'done', loss: lossValue, rows: Array.from(rows, (r) => r + 1) });
    return 0;
  },
});
