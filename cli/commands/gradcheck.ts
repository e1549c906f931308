// gradflow gradcheck FILE — chapter 1's definition of the derivative as a test of the whole file: on the
// first batch, in float64, compare backward's gradients with central differences, twice over:
//   1. each node's op on the values it really received (input X, parameter W of that node), and
//   2. the loss with respect to every parameter, through the whole graph.
// Large tensors are sampled (at most 64 elements each, chosen with a seeded NumpyRandom) to stay fast.

import { Executor } from '../../core/graph/executor.ts';
import { DEFAULT_MAX_RELATIVE_ERROR, FINITE_DIFFERENCE_STEP, checkNodeGradient, compareGradients, type GradientComparison } from '../../core/graph/gradient-check.ts';
import { NumpyRandom } from '../../core/tensor/random.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { guardEngine, openDocument, prepare, printPreamble } from '../document.ts';
import { describeRows, firstBatch } from '../first-batch.ts';
import { formatCount, formatNumber, table } from '../format.ts';

const MAX_ROWS = 8;
const MAX_ELEMENTS = 64;
/** Ops whose derivative jumps at a point, where a numeric derivative across the jump is meaningless. */
const KINKED = new Set(['ReLU', 'LeakyReLU', 'MaxPool2D']);

interface Check {
  level: 'node' | 'graph';
  node: string;
  op: string;
  what: string;
  elements: number;
  of: number;
  comparison: GradientComparison;
}

export const gradcheck = defineCommand({
  spec: {
    name: 'gradcheck',
    summary: 'check every gradient against central differences on the first batch (float64)',
    positionals: [{ name: 'FILE', help: 'the .gradflow document to check', required: true }],
    flags: {
      seed: flag.int('N', 'the seed for initialisation, the shuffle and the sampled elements', { min: 0, max: 2 ** 32 - 1 }),
      json: flag.bool('print one JSON object per check ({"type":"gradient",…}), then {"type":"done","passed":…}'),
    },
    notes: [`Passes when every max relative error is at most ${formatNumber(DEFAULT_MAX_RELATIVE_ERROR)}; exits 1 otherwise.`],
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    const opened = openDocument(ctx, positionals[0]!);
    const prepared = await prepare(ctx, opened, flags.seed !== undefined ? { training: { seed: flags.seed } } : {});
    printPreamble(out, opened, prepared);
    const { run } = prepared;
    const batch = firstBatch(opened, run, MAX_ROWS);
    const { trainer, feeds, loss } = batch;
    const { graph, config } = run;
    // Every forward of a check sees the same dropout masks: a fresh generator with one seed each time.
    const makeRandom = () => new NumpyRandom(config.seed);
    const sampler = new NumpyRandom(config.seed);
    const sample = (size: number): Int32Array => (size <= MAX_ELEMENTS
      ? Int32Array.from({ length: size }, (_, i) => i)
      : sampler.permutation(size).slice(0, MAX_ELEMENTS).sort());
    // Book semantics draw weights on the first forward; this pass also makes sure every parameter exists.
    guardEngine(opened, () => trainer.executor.forward(feeds, true));
    const params = trainer.params;
    const lossOf = (): number => new Executor(graph, params, { dtype: 'float64', random: makeRandom() }).forward(feeds, true).get(loss.id)!.item();
    const analytic = new Executor(graph, params, { dtype: 'float64', random: makeRandom() });
    guardEngine(opened, () => {
      analytic.forward(feeds, true);
      analytic.backward(loss.id);
    });

    const checks: Check[] = [];
    for (const node of graph.nodes) {
      if (node.op.inputs.length === 0) continue; // sources: data, labels, parameters, constants
      const inputs = node.inputEdges.map((e) => analytic.values.get(e.from)!);
      const owned = node.op.params.map((p) => params.get(`${node.id}.${p.name}`)!);
      const sizes = [...node.inputEdges.filter((e) => e.carriesGradient).map((e) => analytic.values.get(e.from)!.size), ...owned.map((t) => t.size)];
      const comparisons = guardEngine(opened, () => checkNodeGradient(node, inputs, owned, { sample, training: true, makeRandom, seed: config.seed }));
      comparisons.forEach((comparison, i) => checks.push({
        level: 'node', node: node.id, op: node.op.type, what: comparison.name,
        elements: Math.min(sizes[i]!, MAX_ELEMENTS), of: sizes[i]!, comparison,
      }));
    }
    for (const [key, tensor] of params) {
      const indices = sample(tensor.size);
      const grad = analytic.paramGrads.get(key);
      const numeric = new Float64Array(indices.length);
      const picked = new Float64Array(indices.length);
      indices.forEach((index, k) => {
        const original = tensor.data[index]!;
        tensor.data[index] = original + FINITE_DIFFERENCE_STEP;
        const plus = lossOf();
        tensor.data[index] = original - FINITE_DIFFERENCE_STEP;
        const minus = lossOf();
        tensor.data[index] = original;
        numeric[k] = (plus - minus) / (2 * FINITE_DIFFERENCE_STEP);
        picked[k] = grad ? grad.data[index]! : 0; // a parameter the loss does not reach has gradient 0
      });
      const node = graph.byId.get(key.slice(0, key.lastIndexOf('.')))!;
      checks.push({
        level: 'graph', node: node.id, op: node.op.type, what: `parameter ${key.slice(key.lastIndexOf('.') + 1)}`,
        elements: indices.length, of: tensor.size, comparison: compareGradients(`∂${loss.id}/∂${key}`, picked, numeric),
      });
    }

    const tolerance = DEFAULT_MAX_RELATIVE_ERROR;
    const failed = checks.filter((c) => !(c.comparison.maxRelativeError <= tolerance));
    const worst = Math.max(0, ...checks.map((c) => c.comparison.maxRelativeError));
    if (out.json) {
      for (const c of checks) {
        out.record({
          type: 'gradient', level: c.level, node: c.node, op: c.op, what: c.what, elements: c.elements, of: c.of,
          maxRelativeError: c.comparison.maxRelativeError, maxAbsoluteError: c.comparison.maxAbsoluteError,
          passed: c.comparison.maxRelativeError <= tolerance,
        });
      }
      out.record({ type: 'done', passed: failed.length === 0, checks: checks.length, failed: failed.length, maxRelativeError: worst, tolerance, rows: batch.rows.length });
    } else {
      out.info(`gradient check of ${opened.path}: float64, the first batch (${describeRows(batch.rows)}), ` +
        `central differences with step ${formatNumber(FINITE_DIFFERENCE_STEP)}; at most ${MAX_ELEMENTS} elements per tensor, sampled with seed ${config.seed}`);
      if (config.compat === 'book') out.info('the file uses compat "book"; gradients are checked with the correct semantics (the book\'s loss value is not what its gradient differentiates)');
      const rowsOf = (level: Check['level']) => checks.filter((c) => c.level === level).map((c) => [
        c.node, c.op, c.what, c.elements === c.of ? formatCount(c.of) : `${c.elements} of ${formatCount(c.of)}`,
        formatNumber(c.comparison.maxRelativeError, 2), c.comparison.maxRelativeError <= tolerance ? '✓' : '✗',
      ]);
      const headers = ['node', 'op', 'what', 'elements', 'max rel. error', 'ok'];
      out.info('');
      out.info('each node\'s op on the values it received:');
      for (const line of table(headers, rowsOf('node'), ['left', 'left', 'left', 'right', 'right'])) out.info(`  ${line}`);
      out.info('');
      out.info(`the loss "${loss.id}" with respect to each parameter, through the whole graph:`);
      for (const line of table(headers, rowsOf('graph'), ['left', 'left', 'left', 'right', 'right'])) out.info(`  ${line}`);
      out.info('');
      out.info(failed.length === 0
        ? `ok: all ${checks.length} checks pass (largest relative error ${formatNumber(worst, 2)}, tolerance ${formatNumber(tolerance)})`
        : `FAILED: ${failed.length} of ${checks.length} checks exceed the tolerance ${formatNumber(tolerance)}: ${failed.map((c) => `${c.node} ${c.what}`).join(', ')}`);
      if (failed.length > 0 && graph.nodes.some((n) => KINKED.has(n.op.type))) {
        out.info(`note: ${[...KINKED].join(', ')} have kinks; a value within ${formatNumber(FINITE_DIFFERENCE_STEP)} of one makes central differences differ from the derivative without a bug (try another --seed)`);
      }
    }
    return failed.length === 0 ? 0 : 1;
  },
});
