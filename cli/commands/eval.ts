// gradflow eval FILE — the loss and metrics of the file's trained parameters on its validation and test
// splits (all rows when the data is not split), on the file's data or the data the flags name.

import type { Dataset } from '../../core/train/trainer.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { DATA_FLAGS, LIMIT_FLAG, dataOverrides } from '../data-flags.ts';
import { guardEngine, makeTrainer, openDocument, prepare, printPreamble, requireParameters } from '../document.ts';
import { MEMORY_BUDGET_FLAG, memoryBudgetFromFlag } from '../memory-budget.ts';
import { formatEvaluation, plural } from '../format.ts';

export const evaluate = defineCommand({
  spec: {
    name: 'eval',
    summary: 'loss and metrics of a trained file on its validation and test data',
    positionals: [{ name: 'FILE', help: 'a .gradflow document with trained parameters', required: true }],
    flags: {
      json: flag.bool('print one JSON object per split: {"type":"eval","split":…,"rows":…,"loss":…,"metrics":{…}}'),
      ...LIMIT_FLAG,
      ...MEMORY_BUDGET_FLAG,
      ...DATA_FLAGS,
    },
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    const opened = openDocument(ctx, positionals[0]!);
    requireParameters(opened);
    const data = dataOverrides(flags, ctx.cwd, opened.doc.data);
    const prepared = await prepare(ctx, opened, data.overrides, data.paths);
    printPreamble(out, opened, prepared);
    const { run } = prepared;
    const trainer = makeTrainer(opened, run, { memoryBudget: memoryBudgetFromFlag(flags['memory-budget']), ...(run.parameters ? { parameters: run.parameters } : {}) });
    const splits: [string, Dataset][] = [];
    if (run.data.validation) splits.push(['validation', run.data.validation]);
    if (run.data.test) splits.push(['test', run.data.test]);
    // Unsplit data has nothing held out: report every row, and say that is what it is.
    if (splits.length === 0) splits.push(['all rows', run.data.train]);
    for (const [name, dataset] of splits) {
      const evaluation = guardEngine(opened, () => trainer.evaluate(dataset));
      const rows = dataset.x.shape[0]!;
      if (out.json) out.record({ type: 'eval', split: name, rows, loss: evaluation.loss, metrics: evaluation.metrics });
      out.info(`${name} (${plural(rows, 'row')}): ${formatEvaluation(evaluation)}`);
    }
    return 0;
  },
});
