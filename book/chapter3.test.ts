// Chapter 3, Boston housing (BOOK.md): three models, standardized over all 506 rows, the book's 70/30 split
// (sklearn train_test_split(test_size=0.3, random_state=80718)), SGD 0.01, batch 32, 50 epochs, evaluated
// every 10.
//   compat "book", seed 20190501: the validation losses the book prints, to 3 decimals.
//   correct semantics: the median MAE and RMSE over 5 seeds within 5% of the book's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequentialDocument } from '../core/layers/sequential.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import type { Compat } from '../core/train/config.ts';
import { bookFile, median, needsBookData, openRun, train } from './support.ts';

const MODELS = [
  { name: 'Dense(1) linear', hidden: [] as number[], losses: [30.293, 28.469, 26.293, 25.541, 25.087], mae: 3.52, rmse: 5.01 },
  { name: 'Dense(13, sigmoid) → Dense(1)', hidden: [13], losses: [27.435, 21.839, 18.918, 17.195, 16.215], mae: 2.60, rmse: 4.03 },
  { name: 'Dense(13, sigmoid) → Dense(13, sigmoid) → Dense(1)', hidden: [13, 13], losses: [44.143, 25.278, 22.339, 16.500, 14.655], mae: 2.45, rmse: 3.83 },
];

/**
 * The book stops at the first evaluation that does not improve; its printed runs never hit one. With the
 * correct semantics we allow one bad evaluation (patience 2) so a single bump in 5 does not end a 50-epoch run.
 */
function bostonDocument(hidden: number[], seed: number, compat: Compat): GradflowDocument {
  const doc = sequentialDocument({
    inputShape: [13], targetShape: [1], loss: 'MeanSquaredError',
    layers: [...hidden.map((n) => ({ kind: 'Dense', attributes: { neurons: n, activation: 'sigmoid' } })), { kind: 'Dense', attributes: { neurons: 1 } }],
    training: {
      seed, compat, epochs: 50, evalEvery: 10, batchSize: 32, optimizer: { kind: 'SGD', learningRate: 0.01 }, metrics: ['mae', 'rmse'],
      earlyStopping: { enabled: true, patience: compat === 'book' ? 1 : 2 },
    },
  });
  return {
    ...doc,
    data: {
      kind: 'file', path: bookFile('boston_house_prices.csv'), targets: ['Price'],
      scale: { method: 'standardize', fitOn: 'all' }, split: { method: 'sklearn', testSize: 0.3, randomState: 80718 },
    },
  };
}

const bostonData = needsBookData('boston_house_prices.csv');

for (const model of MODELS) {
  test(`chapter 3, ${model.name}, compat "book": validation losses ${model.losses.join(', ')}, MAE/RMSE within 5%`, bostonData, async (t) => {
    const run = await openRun(bostonDocument(model.hidden, 20190501, 'book'));
    assert.equal(run.data.train.x.shape[0], 354);
    assert.equal(run.data.validation!.x.shape[0], 152);
    const { result, trainer } = train(run);
    const printed = result.evaluations.map((e) => e.validation.loss.toFixed(3));
    const { metrics } = trainer.evaluate(run.data.validation!);
    t.diagnostic(`${model.name} (book): ${printed.join(', ')}  — the book: ${model.losses.join(', ')}; MAE ${metrics.mae!.toFixed(2)} / RMSE ${metrics.rmse!.toFixed(2)} — the book: ${model.mae} / ${model.rmse}`);
    assert.deepEqual(printed, model.losses.map((l) => l.toFixed(3)));
    assert.ok(Math.abs(metrics.mae! / model.mae - 1) <= 0.05, `MAE ${metrics.mae} vs the book's ${model.mae}`);
    assert.ok(Math.abs(metrics.rmse! / model.rmse - 1) <= 0.05, `RMSE ${metrics.rmse} vs the book's ${model.rmse}`);
  });

  test(`chapter 3, ${model.name}, correct semantics: median MAE and RMSE of 5 seeds within 5% of ${model.mae} / ${model.rmse}`, bostonData, async (t) => {
    const maes: number[] = [];
    const rmses: number[] = [];
    for (const seed of [20190501, 1, 2, 3, 4]) {
      const run = await openRun(bostonDocument(model.hidden, seed, 'correct'));
      const { trainer } = train(run);
      const { metrics } = trainer.evaluate(run.data.validation!);
      maes.push(metrics.mae!);
      rmses.push(metrics.rmse!);
    }
    const [mae, rmse] = [median(maes), median(rmses)];
    t.diagnostic(`${model.name} (correct): median MAE ${mae.toFixed(2)} (book ${model.mae}), RMSE ${rmse.toFixed(2)} (book ${model.rmse})`);
    assert.ok(Math.abs(mae / model.mae - 1) <= 0.05, `MAE ${mae.toFixed(3)} vs the book's ${model.mae}`);
    assert.ok(Math.abs(rmse / model.rmse - 1) <= 0.05, `RMSE ${rmse.toFixed(3)} vs the book's ${model.rmse}`);
  });
}
