// The trainer: learning thresholds (XOR, a small regression), determinism, early stopping (correct and the
// book's), optimizers, clipping, book-compatible initialisation, and setup errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequentialDocument, type SequentialSpec } from '../layers/sequential.ts';
import { buildGraph } from '../graph/build.ts';
import type { Graph } from '../graph/types.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { resolveRunConfig, type PartialRunConfig } from './config.ts';
import { Trainer, type Dataset } from './trainer.ts';
import { prepareParameters } from './parameters.ts';
import { edges, nodes } from '../../test/support/documents.ts';

function graphOf(spec: Omit<SequentialSpec, 'training'>): Graph {
  const result = buildGraph(sequentialDocument(spec));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.graph;
}

const xor: Dataset = { x: Tensor.from([0, 0, 0, 1, 1, 0, 1, 1], [4, 2]), y: Tensor.from([0, 1, 1, 0], [4, 1]) };

const xorGraph = () => graphOf({
  inputShape: [2], targetShape: [1], loss: 'MeanSquaredError',
  layers: [
    { kind: 'Dense', attributes: { neurons: 8, activation: 'tanh', init: 'glorot' } },
    { kind: 'Dense', attributes: { neurons: 1, activation: 'sigmoid', init: 'glorot' } },
  ],
});

/** y = X·w + b + noise, seeded: 3 features, known weights. */
function linearData(rows: number, seed: number, noise = 0.1): Dataset {
  const random = new NumpyRandom(seed);
  const x = random.randn(rows * 3);
  const e = random.normal(0, noise, rows);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) y[r] = 2 * x[r * 3]! - 1 * x[r * 3 + 1]! + 0.5 * x[r * 3 + 2]! + 3 + e[r]!;
  return { x: Tensor.from(x, [rows, 3]), y: Tensor.from(y, [rows, 1]) };
}

const linearGraph = () => graphOf({
  inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
  layers: [{ kind: 'Dense', attributes: { neurons: 1 } }],
});

function trainerFor(graph: Graph, train: Dataset, config: PartialRunConfig, validation?: Dataset) {
  return new Trainer({ graph, config: resolveRunConfig(config), train, ...(validation ? { validation } : {}) });
}

test('XOR: a 2-8-1 tanh/sigmoid net gets below 0.01 loss within 150 epochs (seed 1, momentum 0.9, lr 0.5)', () => {
  const trainer = trainerFor(xorGraph(), xor, {
    epochs: 150, batchSize: 4, seed: 1, optimizer: { kind: 'SGDMomentum', learningRate: 0.5 }, earlyStopping: { enabled: false },
  });
  const result = trainer.fit();
  const final = trainer.evaluate(xor);
  assert.ok(final.loss < 0.01, `XOR loss ${final.loss}`);
  assert.ok(result.trainLosses[0]! > 0.1, 'it started far from the answer');
  const predictions = [...trainer.predict(xor.x).data].map((p) => (p > 0.5 ? 1 : 0));
  assert.deepEqual(predictions, [0, 1, 1, 0]);
});

test('regression: a linear layer recovers y = 2x₁ − x₂ + 0.5x₃ + 3 from noisy data', () => {
  const train = linearData(256, 1);
  const validation = linearData(64, 2);
  const trainer = trainerFor(linearGraph(), train, {
    epochs: 60, batchSize: 16, seed: 3, optimizer: { kind: 'SGD', learningRate: 0.05 }, metrics: ['mse', 'mae', 'rmse'],
  }, validation);
  trainer.fit();
  const w = [...trainer.params.get('dense1_w.W')!.data];
  const b = trainer.params.get('dense1_b.B')!.item();
  [2, -1, 0.5].forEach((want, i) => assert.ok(Math.abs(w[i]! - want) < 0.05, `w${i + 1} = ${w[i]}, want ${want}`));
  assert.ok(Math.abs(b - 3) < 0.05, `b = ${b}`);
  const { metrics } = trainer.evaluate(validation);
  // The noise has standard deviation 0.1, so the best achievable MSE is about 0.01.
  assert.ok(metrics.mse! < 0.015, `validation MSE ${metrics.mse}`);
  assert.ok(Math.abs(metrics.rmse! - Math.sqrt(metrics.mse!)) < 1e-12);
  assert.ok(metrics.mae! < metrics.rmse!);
});

test('determinism: the same graph, data and seed give the same losses, bit for bit (with shuffling and dropout)', () => {
  const run = () => {
    const graph = graphOf({
      inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
      layers: [
        { kind: 'Dense', attributes: { neurons: 6, activation: 'sigmoid', dropout: 0.8 } },
        { kind: 'Dense', attributes: { neurons: 1 } },
      ],
    });
    const losses: number[] = [];
    trainerFor(graph, linearData(50, 4), { epochs: 5, batchSize: 8, seed: 42, optimizer: { kind: 'Adam', learningRate: 0.01 } })
      .fit((e) => { if (e.type === 'batch') losses.push(e.loss); });
    return losses;
  };
  const first = run();
  const second = run();
  assert.equal(first.length, 35);
  assert.ok(first.every((loss, i) => Object.is(loss, second[i])), 'loss sequences differ');
  const otherSeed = trainerFor(linearGraph(), linearData(50, 4), { epochs: 1, seed: 43 }).fit().trainLosses[0];
  const sameSeedLinear = trainerFor(linearGraph(), linearData(50, 4), { epochs: 1, seed: 42 }).fit().trainLosses[0];
  assert.notEqual(otherSeed, sameSeedLinear, 'a different seed should start elsewhere');
});

for (const [kind, learningRate] of [['SGD', 0.05], ['SGDMomentum', 0.01], ['AdaGrad', 0.5], ['Adam', 0.05]] as const) {
  test(`optimizer ${kind} cuts the regression loss at least tenfold`, () => {
    const result = trainerFor(linearGraph(), linearData(128, 5), {
      epochs: 30, batchSize: 16, seed: 6, optimizer: { kind, learningRate }, earlyStopping: { enabled: false },
    }).fit();
    assert.ok(result.trainLosses.at(-1)! < result.trainLosses[0]! / 10, `${kind}: ${result.trainLosses[0]} → ${result.trainLosses.at(-1)}`);
  });
}

/** Validation data whose targets are the negatives of the training rule: training makes it worse. */
const opposed = (): [Dataset, Dataset] => {
  const train = linearData(64, 7);
  const validation = linearData(16, 8);
  return [train, { x: validation.x, y: new Tensor(validation.y.data.map((v) => -v), validation.y.shape) }];
};

test('early stopping (correct): stops after `patience` bad evaluations and restores the best parameters', () => {
  const [train, validation] = opposed();
  const trainer = trainerFor(linearGraph(), train, {
    epochs: 40, batchSize: 8, seed: 9, evalEvery: 1, optimizer: { kind: 'SGD', learningRate: 0.01 }, earlyStopping: { enabled: true, patience: 2 },
  }, validation);
  const events: string[] = [];
  const result = trainer.fit((e) => { if (e.type !== 'batch') events.push(e.type); });
  assert.equal(result.stoppedEarly, true);
  assert.ok(events.includes('early-stop'));
  const losses = result.evaluations.map((e) => e.validation.loss);
  const bestIndex = losses.indexOf(Math.min(...losses));
  assert.equal(result.epochsRun, bestIndex + 1 + 2, 'two failed evaluations after the best one');
  assert.equal(result.keptEpoch, bestIndex + 1);
  assert.equal(trainer.evaluate(validation).loss, losses[bestIndex], 'the parameters are the best ones, exactly');
});

test('early stopping (book): restores the model from the epoch before the failed evaluation, not the best', () => {
  const [train, validation] = opposed();
  const config = { epochs: 40, batchSize: 8, seed: 9, evalEvery: 2, optimizer: { kind: 'SGD' as const, learningRate: 0.01 } };
  const book = trainerFor(linearGraph(), train, { ...config, compat: 'book' }, validation);
  const result = book.fit();
  assert.equal(result.stoppedEarly, true);
  const failedEpoch = result.epochsRun; // completed epochs when the evaluation failed
  assert.equal(result.keptEpoch, failedEpoch - 1);
  const best = Math.min(...result.evaluations.map((e) => e.validation.loss));
  assert.notEqual(book.evaluate(validation).loss, best, 'the book keeps a model that was never evaluated');
  // That model is exactly the one a run of keptEpoch epochs ends with (evaluation draws no random numbers).
  const shorter = trainerFor(linearGraph(), train, { ...config, compat: 'book', epochs: result.keptEpoch, earlyStopping: { enabled: false } }, validation);
  shorter.fit();
  assert.equal(book.evaluate(validation).loss, shorter.evaluate(validation).loss);
  const correct = trainerFor(linearGraph(), train, { ...config, earlyStopping: { enabled: true, patience: 1 } }, validation);
  const kept = correct.fit();
  assert.equal(kept.keptEpoch % 2, 0, 'correct early stopping keeps an evaluated epoch');
});

test('gradient clipping bounds every element of every update', () => {
  const data: Dataset = { x: Tensor.from([1000, -1000, 500], [1, 3]), y: Tensor.from([1e6], [1, 1]) };
  const trainer = trainerFor(linearGraph(), data, { epochs: 1, batchSize: 1, gradientClip: 0.5, optimizer: { kind: 'SGD', learningRate: 1 } });
  const before = [...trainer.params.get('dense1_w.W')!.data];
  trainer.fit();
  const after = [...trainer.params.get('dense1_w.W')!.data];
  after.forEach((v, i) => assert.ok(Math.abs(v - before[i]!) <= 0.5 + 1e-6, `moved by ${v - before[i]!}`));
  assert.ok(after.some((v, i) => Math.abs(v - before[i]!) > 0.49), 'the clipped step is taken');
  const shown = trainer.executor.paramGrads.get('dense1_w.W')!;
  assert.ok([...shown.data].some((g) => Math.abs(g) > 1000), 'the gradient the overlay sees is the true, unclipped one');
});

test('compat "book": every Dense layer re-seeds, so same-shaped layers start identical; correct mode does not', () => {
  const spec: Omit<SequentialSpec, 'training'> = {
    inputShape: [4], targetShape: [4], loss: 'MeanSquaredError',
    layers: [
      { kind: 'Dense', attributes: { neurons: 4, activation: 'sigmoid' } },
      { kind: 'Dense', attributes: { neurons: 4 } },
    ],
  };
  const data: Dataset = { x: Tensor.zeros([2, 4]), y: Tensor.zeros([2, 4]) };
  const first = (compat: 'book' | 'correct') => {
    const trainer = trainerFor(graphOf(spec), data, { epochs: 1, seed: 20190119, compat, optimizer: { kind: 'SGD', learningRate: 1e-12 } });
    trainer.fit();
    return [trainer.params.get('dense1_w.W')!, trainer.params.get('dense2_w.W')!];
  };
  const [bookW1, bookW2] = first('book');
  const expected = new NumpyRandom(20190119).normal(0, 1, 16);
  bookW1!.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, 'W1 is the seed\'s first 16 draws'));
  assert.deepEqual([...bookW1!.data].map((v) => Math.round(v * 1e4)), [...bookW2!.data].map((v) => Math.round(v * 1e4)));
  const [w1, w2] = first('correct');
  assert.notDeepEqual([...w1!.data], [...w2!.data]);
});

test('Glorot: variance 2/(in+out) by default, the book\'s 2/(in+out) as the standard deviation under compat', () => {
  const spec = {
    inputShape: [300], targetShape: [100], loss: 'MeanSquaredError' as const,
    layers: [{ kind: 'Dense', attributes: { neurons: 100, init: 'glorot' } }],
  };
  const std = (compat: 'book' | 'correct') => {
    const trainer = new Trainer({ graph: graphOf(spec), config: resolveRunConfig({ compat }), train: { x: Tensor.zeros([1, 300]), y: Tensor.zeros([1, 100]) } });
    trainer.executor.forward(new Map([['input', Tensor.zeros([1, 300])], ['target', Tensor.zeros([1, 100])]]), false);
    const w = trainer.params.get('dense1_w.W')!.data;
    let squares = 0;
    for (const v of w) squares += v * v;
    return Math.sqrt(squares / w.length);
  };
  assert.ok(Math.abs(std('correct') / Math.sqrt(2 / 400) - 1) < 0.03, `correct std ${std('correct')}`);
  assert.ok(Math.abs(std('book') / (2 / 400) - 1) < 0.03, `book std ${std('book')}`);
});

test('training a graph without a loss, or with mismatched rows, is refused with a message that says what to add', () => {
  const noLoss = buildGraph({ nodes: nodes(['x', 'Input', { shape: [2] }], ['t', 'Target'], ['s', 'Sigmoid']), edges: edges('x -> s.X') });
  assert.ok(noLoss.ok);
  assert.throws(() => trainerFor(noLoss.graph, xor, {}), {
    name: 'TrainingSetupError',
    message: 'the graph has no loss node; add a loss (e.g. MeanSquaredError) fed by the prediction and the Target',
  });
  assert.throws(() => trainerFor(xorGraph(), { x: xor.x, y: Tensor.zeros([3, 1]) }, {}), { message: 'the features have 4 rows but the labels have 3' });
});

test('training continues from given parameters instead of re-initialising', () => {
  const train = linearData(64, 10);
  const first = trainerFor(linearGraph(), train, { epochs: 3, seed: 1 });
  first.fit();
  const resumed = new Trainer({ graph: linearGraph(), config: resolveRunConfig({ epochs: 1, seed: 1 }), train, parameters: first.params });
  const lossBefore = resumed.evaluate(train).loss;
  assert.equal(lossBefore, first.evaluate(train).loss);
});

test('each epoch shuffles the previous epoch\'s order, as the book\'s permute_data does', () => {
  // A graph without parameters draws nothing but the shuffles, so the stream is easy to replay.
  const graph = buildGraph({
    nodes: nodes(['input', 'Input', { shape: [1] }], ['s', 'Sigmoid'], ['target', 'Target'], ['loss', 'MeanSquaredError']),
    edges: edges('input -> s.X', 's -> loss.prediction', 'target -> loss.target'),
  });
  assert.ok(graph.ok);
  const rows = 7;
  const data: Dataset = { x: Tensor.from(Array.from({ length: rows }, (_, i) => i), [rows, 1]), y: Tensor.zeros([rows, 1]) };
  const seen: number[] = [];
  new Trainer({
    graph: graph.graph, config: resolveRunConfig({ epochs: 3, batchSize: rows, seed: 5 }), train: data,
    taps: { onForward: (node, value) => { if (node.id === 'input') seen.push(...value.data); } },
  }).fit();
  const random = new NumpyRandom(5);
  let order = Array.from({ length: rows }, (_, i) => i);
  const expected: number[] = [];
  for (let e = 0; e < 3; e++) {
    const p = random.permutation(rows);
    order = [...p].map((i) => order[i]!);
    expected.push(...order);
  }
  assert.deepEqual(seen, expected);
});

test('a learning rate changed during a run stays changed (no schedule)', () => {
  const trainer = trainerFor(linearGraph(), linearData(32, 1), { epochs: 3, batchSize: 8, optimizer: { kind: 'SGD', learningRate: 0.01 } });
  const rates: number[] = [];
  for (const event of trainer.run()) {
    if (event.type === 'batch' && event.epoch === 0 && event.batch === 0) trainer.optimizer.learningRate = 0.5;
    if (event.type === 'epoch') rates.push(event.learningRate);
  }
  assert.deepEqual(rates, [0.5, 0.5, 0.5]);
});

test('epochs after the last scheduled evaluation are evaluated before choosing what to keep', () => {
  const train = linearData(64, 3);
  const trainer = trainerFor(linearGraph(), train, { epochs: 15, evalEvery: 10, batchSize: 8, optimizer: { kind: 'SGD', learningRate: 0.01 } }, linearData(16, 4));
  const result = trainer.fit();
  assert.deepEqual(result.evaluations.map((e) => e.epoch + 1), [10, 15]);
  assert.equal(result.keptEpoch, 15, 'training kept improving, so the last epoch is kept');
});

test('continuing from saved parameters draws the missing ones and refuses ones of the wrong shape', () => {
  const train = linearData(16, 1);
  const graph = graphOf({
    inputShape: [3], targetShape: [1], loss: 'MeanSquaredError',
    layers: [{ kind: 'Dense', attributes: { neurons: 2, activation: 'tanh' } }, { kind: 'Dense', attributes: { neurons: 1 } }],
  });
  const kept = Tensor.from([1, 2, 3, 4, 5, 6], [3, 2]);
  const resumed = new Trainer({ graph, config: resolveRunConfig({ epochs: 1 }), train, parameters: new Map([['dense1_w.W', kept]]) });
  assert.deepEqual([...resumed.params.get('dense1_w.W')!.data], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(resumed.params.get('dense2_w.W')!.shape, [2, 1]);
  assert.throws(
    () => new Trainer({ graph, config: resolveRunConfig({}), train, parameters: new Map([['dense1_w.W', Tensor.zeros([4, 2])]]) }),
    { name: 'TrainingSetupError', message: 'parameter W of WeightMultiply "dense1_w" has shape (4, 2) but the graph needs (3, 2); reset the parameters to re-initialise it' },
  );
});

test('features and labels of different lengths are refused at evaluation, naming both inputs', () => {
  const trainer = trainerFor(linearGraph(), linearData(8, 1), {});
  assert.throws(() => trainer.evaluate({ x: Tensor.zeros([20, 3]), y: Tensor.zeros([10, 1]) }), {
    name: 'EngineError', message: '"input" was given 20 rows but "target" was given 10; every batch must have the same rows',
  });
});

test('a graph whose parameters would not fit in memory is refused before anything is allocated', () => {
  const huge = graphOf({ inputShape: [100000], targetShape: [1], loss: 'MeanSquaredError', layers: [{ kind: 'Dense', attributes: { neurons: 100000 } }, { kind: 'Dense', attributes: { neurons: 1 } }] });
  // Training checks the whole estimate first (memory-budget.test.ts)…
  assert.throws(() => trainerFor(huge, { x: Tensor.zeros([1, 100000]), y: Tensor.zeros([1, 1]) }, {}), {
    name: 'MemoryBudgetError', message: /^training needs about 74\.6 GiB for a batch of 32 .*WeightMultiply "dense1_w" in layer "Dense dense1"/,
  });
  // …and the parameter count stays the cheap guard of everything else that draws parameters (step-through,
  // predictions, the weights plot, export).
  assert.throws(() => prepareParameters(huge, undefined, { dtype: 'float32', compat: 'correct', seed: 1, random: new NumpyRandom(1) }), {
    name: 'TrainingSetupError',
    message: /the parameters need 10,000,200,001 values \(37\.3 GiB as float32\), more than the limit of 268,435,456; the largest is WeightMultiply "dense1_w" \(100000, 100000\)/,
  });
});

test('Conv2D He and Glorot count C·k² as fans (the book counts channels)', () => {
  const spec: Omit<SequentialSpec, 'training'> = {
    inputShape: [1, 8, 8], targetShape: [16 * 64], loss: 'MeanSquaredError',
    layers: [{ kind: 'Conv2D', attributes: { filters: 16, kernelSize: 5, init: 'he', flatten: true } }],
  };
  const std = () => {
    const trainer = trainerFor(graphOf(spec), { x: Tensor.zeros([1, 1, 8, 8]), y: Tensor.zeros([1, 1024]) }, { seed: 2 });
    const k = trainer.params.get('conv2d1_conv.K')!.data;
    let squares = 0;
    for (const v of k) squares += v * v;
    return Math.sqrt(squares / k.length);
  };
  assert.ok(Math.abs(std() / Math.sqrt(2 / 25) - 1) < 0.1, `He std ${std()}, want ${Math.sqrt(2 / 25)}`);
});
