// Gradient health: each finding on a small network made to show it (and only after it held long enough),
// findings clearing when the cause goes, and — the calibration — a deep sigmoid net warning while the
// repository's examples train without a single warning.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../graph/build.ts';
import { Executor } from '../graph/executor.ts';
import type { Graph, ParameterStore } from '../graph/types.ts';
import type { ParameterTelemetry, TensorSummary } from '../protocol/telemetry.ts';
import { Tensor } from '../tensor/tensor.ts';
import { NumpyRandom } from '../tensor/random.ts';
import { prepareParameters } from '../train/parameters.ts';
import type { GradflowDocument } from '../document/types.ts';
import { documentOf, edges, nodes } from '../../test/support/documents.ts';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import { HEALTH_LIMITS, HealthMonitor } from './health.ts';

/** x (3) → w1 (4) → b1 → act → w2 (2) → b2 → softmax cross-entropy. */
function twoLayers(activation: string): Graph {
  const built = buildGraph(documentOf(
    nodes(['x', 'Input', { shape: [3] }], ['w1', 'WeightMultiply', { neurons: 4 }], ['b1', 'BiasAdd'], ['act', activation],
      ['w2', 'WeightMultiply', { neurons: 2 }], ['b2', 'BiasAdd'], ['y', 'Target', { shape: [2] }], ['loss', 'SoftmaxCrossEntropy']),
    edges('x -> w1.X', 'w1 -> b1.X', 'b1 -> act.X', 'act -> w2.X', 'w2 -> b2.X', 'b2 -> loss.prediction', 'y -> loss.target'),
  ));
  assert.ok(built.ok);
  return built.graph;
}

/** One forward and backward pass of `graph` on a fixed batch of 8 rows; `seed` scales the loss gradient. */
function pass(graph: Graph, params: ParameterStore, seed = 1): Executor {
  const random = new NumpyRandom(3);
  const x = Tensor.from(random.randn(8 * 3), [8, 3], 'float64');
  const y = Tensor.from(Array.from({ length: 16 }, (_, i) => (i % 2 === Math.floor(i / 2) % 2 ? 1 : 0)), [8, 2], 'float64');
  const executor = new Executor(graph, params, { dtype: 'float64', random });
  executor.forward(new Map([['x', x], ['y', y]]), true);
  executor.backward('loss', Tensor.scalar(seed, 'float64'));
  return executor;
}

function parametersOf(graph: Graph): ParameterStore {
  return prepareParameters(graph, undefined, { dtype: 'float64', compat: 'correct', seed: 1, random: new NumpyRandom(1) });
}

const summary = (shape: number[]): TensorSummary => ({ shape, mean: 0, std: 0, min: 0, max: 0, norm: 1, zeroFraction: 0, nanCount: 0, infCount: 0, histogram: [] });

test('dead ReLUs: units never active over a whole epoch, judged when the epoch ends', () => {
  const graph = twoLayers('ReLU');
  const params = parametersOf(graph);
  // Three of the four units get a bias no input can overcome.
  params.get('b1.B')!.data.set([-100, -100, -100, 0]);
  const health = new HealthMonitor(graph);
  health.afterBatch(pass(graph, params));
  assert.deepEqual(health.warnings(), [], 'nothing is said before the epoch is over');
  health.endEpoch(0);
  const [dead] = health.warnings();
  assert.equal(dead?.kind, 'dead-relu');
  assert.equal(dead?.nodeId, 'act');
  assert.equal(dead?.value, 0.75);
  assert.match(dead!.message, /^75% of the units of ReLU "act" were never active in epoch 1 .*LeakyReLU/);
  // Revived: the next epoch clears it.
  params.get('b1.B')!.data.set([0, 0, 0, 0]);
  params.get('w1.W')!.data.fill(0);
  params.get('b1.B')!.data.fill(1);
  health.afterBatch(pass(graph, params));
  health.endEpoch(1);
  assert.deepEqual(health.warnings(), []);
});

test('saturation: most sigmoid units stuck at 0 or 1 for the whole batch, for 3 frames in a row', () => {
  const graph = twoLayers('Sigmoid');
  const params = parametersOf(graph);
  params.get('b1.B')!.data.set([50, -50, 50, 0]);
  params.get('w1.W')!.data.fill(0.01);
  const health = new HealthMonitor(graph);
  const executor = pass(graph, params);
  for (let frame = 1; frame <= HEALTH_LIMITS.frames; frame++) {
    assert.equal(health.warnings().length, 0, `not yet after ${frame - 1} frames`);
    health.frame(executor, []);
  }
  const [saturated] = health.warnings().filter((w) => w.kind === 'saturated');
  assert.equal(saturated?.nodeId, 'act');
  assert.equal(saturated?.value, 0.75);
  assert.match(saturated!.message, /^75% of the units of Sigmoid "act" are saturated \(within 0\.01 of 0 or 1 for every row of the batch\)/);
  params.get('b1.B')!.data.fill(0);
  health.frame(pass(graph, params), []);
  assert.deepEqual(health.warnings().filter((w) => w.kind === 'saturated'), []);
});

test('vanishing: the first layer\'s gradient far below the output layer\'s, named with the ratio and a fix', () => {
  const graph = twoLayers('Sigmoid');
  const params = parametersOf(graph);
  // A tiny second weight matrix shrinks the gradient reaching the first layer by about 1e-4.
  for (let i = 0; i < params.get('w2.W')!.size; i++) params.get('w2.W')!.data[i]! *= 1e-4;
  const health = new HealthMonitor(graph);
  const executor = pass(graph, params);
  health.frame(executor, []);
  health.frame(executor, []);
  assert.deepEqual(health.warnings(), []);
  health.frame(executor, []);
  const [vanishing] = health.warnings();
  assert.equal(vanishing?.kind, 'vanishing');
  assert.equal(vanishing?.nodeId, 'w1');
  assert.ok(vanishing!.value < 1e-3, `ratio ${vanishing!.value}`);
  assert.match(vanishing!.message, /^Gradients vanish at WeightMultiply "w1": its gradient \(RMS .*\) is .*× the gradient at the output layer "w2".*Use ReLU or tanh instead of sigmoid/);
});

test('exploding: the largest layer gradient growing frame after frame, 100× over 5 frames', () => {
  const graph = twoLayers('Tanh');
  const params = parametersOf(graph);
  const health = new HealthMonitor(graph);
  for (const seed of [1, 3, 10, 30, 100]) health.frame(pass(graph, params, seed), []);
  assert.deepEqual(health.warnings(), [], 'four rises are not enough yet');
  health.frame(pass(graph, params, 300), []);
  const [exploding] = health.warnings();
  assert.equal(exploding?.kind, 'exploding');
  assert.ok(Math.abs(exploding!.value - 300) < 1e-6);
  assert.match(exploding!.message, /grew 300× over the last 5 frames\. Lower the learning rate or clip gradients/);
  health.frame(pass(graph, params, 1), []);
  assert.deepEqual(health.warnings(), [], 'a frame that does not rise clears it');
});

test('update ratio: a weight matrix updated by far too much (or too little) for 5 frames; biases are left out', () => {
  const graph = twoLayers('Tanh');
  const executor = pass(graph, parametersOf(graph));
  const health = new HealthMonitor(graph);
  const frame = (weights: number, bias: number): ParameterTelemetry[] => [
    { key: 'w1.W', value: summary([3, 4]), updateRatio: weights },
    { key: 'b1.B', value: summary([1, 4]), updateRatio: bias },
  ];
  for (let i = 0; i < HEALTH_LIMITS.updateFrames - 1; i++) health.frame(executor, frame(0.5, 10));
  assert.deepEqual(health.warnings().filter((w) => w.kind === 'update-ratio'), []);
  health.frame(executor, frame(0.5, 10));
  const found = health.warnings().filter((w) => w.kind === 'update-ratio');
  assert.deepEqual(found.map((w) => [w.nodeId, w.value]), [['w1', 0.5]]);
  assert.match(found[0]!.message, /^Each update changes w1\.W by a lot: ‖Δp‖\/‖p‖ = 0\.5 .*Lower the learning rate\.$/);
  for (let i = 0; i < HEALTH_LIMITS.updateFrames; i++) health.frame(executor, frame(1e-7, 1e-9));
  assert.match(health.warnings().find((w) => w.kind === 'update-ratio')!.message, /^w1\.W barely changes: ‖Δp‖\/‖p‖ = 1e-7 per update/);
  health.frame(executor, frame(1e-3, 1e-3));
  assert.deepEqual(health.warnings().filter((w) => w.kind === 'update-ratio'), []);
});

/** An MLP on the spiral: `layers` Dense layers of `width` with `activation`, `init` weights, plain SGD. */
function deepSpiral(layers: number, activation: string, init: string): GradflowDocument {
  const specs: Parameters<typeof nodes> = [['x', 'Input', { shape: [2] }]];
  const wires: string[] = [];
  let previous = 'x';
  for (let i = 1; i <= layers; i++) {
    const last = i === layers;
    specs.push([`w${i}`, 'WeightMultiply', { neurons: last ? 2 : 16, init }], [`b${i}`, 'BiasAdd', { init }]);
    wires.push(`${previous} -> w${i}.X`, `w${i} -> b${i}.X`);
    previous = `b${i}`;
    if (!last) {
      specs.push([`a${i}`, activation]);
      wires.push(`b${i} -> a${i}.X`);
      previous = `a${i}`;
    }
  }
  specs.push(['y', 'Target', { shape: [2] }], ['loss', 'SoftmaxCrossEntropy']);
  wires.push(`${previous} -> loss.prediction`, 'y -> loss.target');
  const doc = documentOf(nodes(...specs), edges(...wires), {
    epochs: 3, batchSize: 32, optimizer: { kind: 'SGD', learningRate: 0.1 }, earlyStopping: { enabled: false }, metrics: ['accuracy'],
  });
  return { ...doc, data: example('spiral').data };
}

async function healthOfTraining(doc: GradflowDocument, epochs?: number) {
  const session = new InProcessSession();
  await session.load(doc);
  session.send({ type: 'train', ...(epochs ? { epochs } : {}) });
  session.run();
  assert.equal(session.last('status')?.status, 'done');
  return session.all('health');
}

test('a 6-layer sigmoid MLP (Glorot init) on the spiral warns of vanishing gradients in its first layers', async () => {
  const frames = await healthOfTraining(deepSpiral(6, 'Sigmoid', 'glorot'));
  const last = frames.at(-1)!.warnings;
  const vanishing = last.filter((w) => w.kind === 'vanishing');
  assert.ok(vanishing.some((w) => w.nodeId === 'w1'), JSON.stringify(last.map((w) => w.nodeId)));
  assert.ok(vanishing.every((w) => w.value < HEALTH_LIMITS.vanishingRatio));
  // With ReLU and He init the same depth trains with healthy gradients.
  const relu = await healthOfTraining(deepSpiral(6, 'ReLU', 'he'));
  assert.deepEqual(relu.flatMap((f) => f.warnings).filter((w) => w.kind === 'vanishing'), []);
});

test('sigmoid units fed unscaled inputs (values near 1000) are reported as saturated', async () => {
  const doc = documentOf(
    nodes(['x', 'Input', { shape: [1] }], ['w1', 'WeightMultiply', { neurons: 4 }], ['b1', 'BiasAdd'], ['s', 'Sigmoid'],
      ['w2', 'WeightMultiply', { neurons: 1 }], ['b2', 'BiasAdd'], ['y', 'Target', { shape: [1] }], ['loss', 'MeanSquaredError']),
    edges('x -> w1.X', 'w1 -> b1.X', 'b1 -> s.X', 's -> w2.X', 'w2 -> b2.X', 'b2 -> loss.prediction', 'y -> loss.target'),
    { epochs: 5, batchSize: 4, optimizer: { kind: 'SGD', learningRate: 0.01 } },
  );
  doc.data = { kind: 'inline', columns: ['x', 'y'], rows: Array.from({ length: 16 }, (_, i) => [900 + 20 * i, i / 16]) } as GradflowDocument['data'];
  const frames = await healthOfTraining(doc);
  const saturated = frames.at(-1)!.warnings.find((w) => w.kind === 'saturated');
  assert.equal(saturated?.nodeId, 's');
  assert.match(saturated!.message, /Scale the inputs/);
});

test('the repository\'s examples train without a health warning (the calibration\'s other side)', async () => {
  for (const [name, epochs] of [['ch1-chain'], ['ch1-two-inputs'], ['ch2-one-hidden-layer'], ['ch3-deep-regression'], ['spiral', 40]] as const) {
    const frames = await healthOfTraining(example(name), epochs);
    assert.deepEqual(frames.flatMap((f) => f.warnings).map((w) => w.message), [], name);
  }
});
