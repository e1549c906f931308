// gradflow predict FILE --input VALUES|PATH — the trained model's outputs for new rows. The rows are
// scaled exactly like the training rows: the file's data is prepared as for training, with the new rows
// as a separate test set (which core scales with the fit of the training rows). For classification the
// predicted class is shown too, and the probabilities when the loss is SoftmaxCrossEntropy.

import { resolve } from 'node:path';
import { softmaxRows } from '../../core/ops/activations.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';
import { DATA_FLAGS, dataOverrides } from '../data-flags.ts';
import { guardEngine, makeTrainer, openDocument, prepare, requireParameters } from '../document.ts';
import { MEMORY_BUDGET_FLAG, memoryBudgetFromFlag } from '../memory-budget.ts';
import { UsageError } from '../errors.ts';
import { formatNumber, table } from '../format.ts';
import { looksLikeValues, parseInputCsv, parseValues, rowsAsCsv } from '../predict-input.ts';

const { data, target, labels } = DATA_FLAGS;

export const predict = defineCommand({
  spec: {
    name: 'predict',
    summary: 'outputs of a trained file for new rows (and the class, for classification)',
    positionals: [{ name: 'FILE', help: 'a .gradflow document with trained parameters', required: true }],
    usage: 'FILE --input VALUES|PATH',
    flags: {
      input: flag.string('VALUES|PATH', 'the rows: "1,2,3" (one row), "1,2,3;4,5,6" (several), or a CSV file whose header names the feature columns'),
      json: flag.bool('print one JSON object per row: {"type":"prediction","row":…,"outputs":[…],"class":…,"probabilities":[…]}'),
      // The data the model was trained on, when it was not the file's own: it decides the scaling.
      data, target, labels,
      ...MEMORY_BUDGET_FLAG,
    },
    notes: ['The input rows are scaled like the training rows: the file\'s data (or --data) is loaded to fit the scaling.'],
  },
  async run(ctx, { flags, positionals }) {
    const out = new Output(ctx, flags.json === true);
    if (flags.input === undefined) throw new UsageError('missing --input VALUES|PATH (the rows to predict, e.g. --input "1.5,2")');
    const opened = openDocument(ctx, positionals[0]!);
    requireParameters(opened);
    const overrides = dataOverrides(flags, ctx.cwd, opened.doc.data);
    // First the training data as it is: its feature names say what a row must hold.
    const first = await prepare(ctx, opened, overrides.overrides, overrides.paths);
    for (const warning of opened.warnings) out.warn(`${opened.path}: ${warning}`);
    const { featureNames, targetNames, classes } = first.run.data;
    let rows: number[][];
    if (looksLikeValues(flags.input)) {
      rows = parseValues(flags.input, featureNames);
    } else {
      const path = resolve(ctx.cwd, flags.input);
      rows = parseInputCsv(ctx.host.readText(path, 'input file'), flags.input, featureNames);
    }
    if (rows.length === 0) throw new UsageError('--input holds no rows');

    // Then again, with the new rows as a separate test set, so they are scaled with the training fit.
    const placeholders = targetNames.map((_, i) => `gradflow target placeholder ${i + 1}`);
    const inputPath = resolve(ctx.cwd, '<gradflow predict --input>.csv');
    const inMemory = new Map([[inputPath, new TextEncoder().encode(rowsAsCsv(rows, featureNames, placeholders))]]);
    const testData = { kind: 'file' as const, path: inputPath, format: 'csv' as const, features: [...featureNames], targets: placeholders, categorical: false, missing: 'strict' as const };
    const second = await prepare(ctx, opened, { ...overrides.overrides, testData }, overrides.paths, inMemory);
    const { run } = second;
    for (const line of first.report.filter((l) => l.includes('outside the document'))) ctx.stderr.write(`gradflow: ${line}\n`);
    const trainer = makeTrainer(opened, run, { memoryBudget: memoryBudgetFromFlag(flags['memory-budget']), ...(run.parameters ? { parameters: run.parameters } : {}) });
    const x = run.data.test!.x;
    const outputs = guardEngine(opened, () => trainer.predict(x));
    const width = outputs.size / rows.length;
    const flat = outputs.reshape([rows.length, width]);
    const softmax = run.graph.losses[0]?.op.type === 'SoftmaxCrossEntropy';
    const probabilities = classes && softmax ? softmaxRows(flat) : undefined;

    const results = rows.map((_, r) => {
      const values = Array.from(flat.data.subarray(r * width, (r + 1) * width));
      const p = probabilities ? Array.from(probabilities.data.subarray(r * width, (r + 1) * width)) : undefined;
      const best = classes ? argmax(p ?? values) : -1;
      return { values, p, best };
    });
    if (out.json) {
      results.forEach(({ values, p, best }, r) => out.record({
        type: 'prediction', row: r + 1, outputs: values,
        ...(classes ? { class: classes[best] ?? String(best) } : {}), ...(p ? { probabilities: p } : {}),
      }));
      return 0;
    }
    if (classes) {
      const showAll = width <= 10;
      const headers = ['row', 'class', softmax ? 'probability' : 'output', ...(showAll ? classes.map((c) => (softmax ? `p(${c})` : c)) : [])];
      const body = results.map(({ values, p, best }, r) => {
        // Probabilities read best with a fixed number of decimals; raw outputs keep their magnitude.
        const shown = (p ?? values).map((v) => (p ? v.toFixed(3) : formatNumber(v, 3)));
        return [String(r + 1), classes[best] ?? String(best), shown[best]!, ...(showAll ? shown : [])];
      });
      for (const line of table(headers, body, headers.map((_, i) => (i === 1 ? 'left' : 'right')))) out.info(line);
    } else {
      const body = results.map(({ values }, r) => [String(r + 1), ...values.map((v) => formatNumber(v, 6))]);
      for (const line of table(['row', ...targetNames], body, ['right', ...targetNames.map(() => 'right' as const)])) out.info(line);
    }
    return 0;
  },
});

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
