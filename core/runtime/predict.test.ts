// Predictions through the session: "Try it" rows (probabilities, the single row's activations, sizes checked
// with the requestId), predicted against actual over a split, and a run that is not disturbed by either.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, exampleDataHost, type Of } from '../../test/support/in-process-session.ts';
import { prepareRun } from './prepare-run.ts';
import { Trainer } from '../train/trainer.ts';
import { Tensor } from '../tensor/tensor.ts';
import type { Telemetry } from '../protocol/telemetry.ts';

const only = <T extends Telemetry['type']>(replies: Telemetry[], type: T): Of<T> => {
  assert.equal(replies.length, 1, JSON.stringify(replies.map((r) => r.type)));
  assert.equal(replies[0]!.type, type, JSON.stringify(replies[0]));
  return replies[0] as Of<T>;
};

test('predict: class probabilities per row; one row also gets every edge\'s activation', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(example('spiral'));
  const two = only(session.ask({ type: 'predict', requestId: 4, inputs: [[0.1, 0.2], [-0.5, 0.7]] }), 'prediction');
  assert.equal(two.requestId, 4);
  assert.equal(two.task, 'classification');
  assert.equal(two.outputs.length, 2);
  for (const row of two.outputs) {
    assert.equal(row.length, 2);
    assert.ok(Math.abs(row[0]! + row[1]! - 1) < 1e-12, 'softmax probabilities sum to 1');
  }
  assert.equal(two.edges, undefined);
  const one = only(session.ask({ type: 'predict', requestId: 5, inputs: [[0.1, 0.2]] }), 'prediction');
  assert.deepEqual(one.outputs, [two.outputs[0]]);
  // Every edge the prediction computes carries its value inline (one sample: small tensors); the Target's does not.
  const byId = new Map(one.edges!.map((e) => [e.edgeId, e]));
  assert.deepEqual([...byId.keys()].sort(), graph.edges.map((e) => e.id).sort());
  for (const edge of graph.edges) {
    const value = byId.get(edge.id)!.value;
    if (edge.from === 'target') assert.equal(value, undefined);
    else assert.ok(value?.values && value.values.length === value.shape.slice(1).reduce((a, b) => a * b, 1), edge.id);
  }
  assert.deepEqual(byId.get(graph.edges.find((e) => e.from === 'input')!.id)!.value!.values, [0.1, 0.2]);
});

test('predict: untrained, the outputs are those of the parameters a run would start from (float32 trainer agrees)', async () => {
  const session = new InProcessSession();
  await session.load(example('spiral'));
  const rows = [[0.3, -0.1], [1, 1]];
  const reply = only(session.ask({ type: 'predict', requestId: 1, inputs: rows }), 'prediction');
  const prepared = await prepareRun(example('spiral'), exampleDataHost());
  assert.ok(prepared.ok);
  const { run } = prepared;
  const trainer = new Trainer({ graph: run.graph, config: run.config, train: run.data.train });
  const scores = trainer.predict(Tensor.from(rows.flat(), [2, 2]));
  for (let r = 0; r < 2; r++) {
    const [a, b] = [scores.data[2 * r]!, scores.data[2 * r + 1]!];
    const p1 = 1 / (1 + Math.exp(a - b));
    assert.ok(Math.abs(reply.outputs[r]![1]! - p1) < 1e-5, `row ${r}: ${reply.outputs[r]![1]} vs ${p1}`);
  }
});

test('predict and predictions answer errors with their requestId: wrong row size, no document, an empty split', async () => {
  const session = new InProcessSession();
  let error = only(session.ask({ type: 'predict', requestId: 9, inputs: [[1, 2]] }), 'error');
  assert.deepEqual([error.requestId, error.message], [9, 'no document is loaded']);
  await session.load(example('spiral'));
  error = only(session.ask({ type: 'predict', requestId: 10, inputs: [[1, 2], [1, 2, 3]] }), 'error');
  assert.equal(error.requestId, 10);
  assert.equal(error.message, 'input row 2 has 3 numbers, but the Input "input" (2,) takes 2 per sample');
  error = only(session.ask({ type: 'predictions', requestId: 11, split: 'test' }), 'error');
  assert.deepEqual([error.requestId, error.message], [11, 'the test split is empty: this file\'s data has no test rows']);
  // The session is still ready for the next question.
  assert.equal(only(session.ask({ type: 'predict', requestId: 12, inputs: [[0, 0]] }), 'prediction').requestId, 12);
  assert.notEqual(session.last('status')?.status, 'error');
});

test('predictions: predicted against actual class for every validation row, with the mistakes and their features', async () => {
  const session = new InProcessSession();
  const loaded = await session.load(example('spiral'));
  session.send({ type: 'train', epochs: 30 });
  session.run();
  const reply = only(session.ask({ type: 'predictions', requestId: 2, split: 'validation' }), 'predictions');
  assert.equal(reply.task, 'classification');
  assert.equal(reply.classes, 2);
  assert.deepEqual(reply.inputShape, [2]);
  assert.equal(reply.predicted.length, loaded.rows.validation);
  assert.equal(reply.actual.length, loaded.rows.validation);
  const wrong = reply.predicted.flatMap((p, i) => (p !== reply.actual[i] ? [i] : []));
  assert.deepEqual(reply.misclassified!.map((m) => m.index), wrong.slice(0, 32));
  for (const m of reply.misclassified!) {
    assert.equal(m.input.length, 2);
    assert.deepEqual([m.predicted, m.actual], [reply.predicted[m.index], reply.actual[m.index]]);
  }
  // The accuracy they imply is the validation accuracy training reported (float64 here, float32 there).
  session.send({ type: 'evaluate' });
  const evaluated = session.last('evaluation')!;
  const accuracy = 1 - wrong.length / reply.predicted.length;
  assert.ok(Math.abs(accuracy - evaluated.metrics.accuracy!) <= 1 / reply.predicted.length, `${accuracy} vs ${evaluated.metrics.accuracy}`);
});

test('predictions: regression sends the first output against the target; predict sends raw outputs', async () => {
  const session = new InProcessSession();
  const loaded = await session.load(example('ch2-linear-regression'));
  const reply = only(session.ask({ type: 'predictions', requestId: 3, split: 'test' }), 'predictions');
  assert.equal(reply.task, 'regression');
  assert.equal(reply.classes, undefined);
  assert.equal(reply.misclassified, undefined);
  assert.equal(reply.predicted.length, loaded.rows.test);
  assert.deepEqual(reply.inputShape, [5]);
  const one = only(session.ask({ type: 'predict', requestId: 4, inputs: [[0, 0, 0, 0, 0]] }), 'prediction');
  assert.equal(one.task, 'regression');
  assert.equal(one.outputs[0]!.length, 1);
});

test('a prediction asked in the middle of a run leaves the run\'s values and parameters as they were', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(example('spiral'));
  session.send({ type: 'run-batch' });
  session.run();
  const edgeId = graph.edges[1]!.id;
  const tensor = (requestId: number) => only(session.ask({ type: 'request-tensor', requestId, tensor: { kind: 'edge-value', edgeId } }), 'tensor').data;
  const parameter = (requestId: number) => only(session.ask({ type: 'request-tensor', requestId, tensor: { kind: 'parameter', key: 'dense1_w.W' } }), 'tensor').data;
  const [valuesBefore, weightsBefore] = [tensor(1), parameter(2)];
  only(session.ask({ type: 'predict', requestId: 3, inputs: [[5, 5]] }), 'prediction');
  only(session.ask({ type: 'predictions', requestId: 4, split: 'train' }), 'predictions');
  assert.deepEqual(tensor(5), valuesBefore);
  assert.deepEqual(parameter(6), weightsBefore);
  // And the run goes on.
  session.send({ type: 'resume' });
  session.run(3);
  assert.equal(session.last('status')?.status, 'running');
});

test('predict with raw rows scales them like the training rows (Try it gives values in the data\'s own units)', async () => {
  const session = new InProcessSession();
  await session.load(example('ch2-linear-regression'));
  const prepared = await prepareRun(example('ch2-linear-regression'), exampleDataHost());
  assert.ok(prepared.ok);
  const width = prepared.run.data.train.x.shape[1]!;
  const raw = Array.from({ length: width }, (_, i) => i + 1);
  const scaled = Float64Array.from(raw);
  prepared.run.data.scaleFeatures(scaled);
  assert.notDeepEqual(Array.from(scaled), raw, 'this example scales its features');
  const fromRaw = only(session.ask({ type: 'predict', requestId: 7, inputs: [raw], raw: true }), 'prediction');
  const fromScaled = only(session.ask({ type: 'predict', requestId: 8, inputs: [Array.from(scaled)] }), 'prediction');
  assert.deepEqual(fromRaw.outputs, fromScaled.outputs);
  assert.notDeepEqual(only(session.ask({ type: 'predict', requestId: 9, inputs: [raw] }), 'prediction').outputs, fromRaw.outputs);
});

test('after a run ends its last batch can still be looked at (the tensor viewer), until Reset', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(example('spiral'));
  const edgeId = graph.edges[1]!.id;
  const ask = (requestId: number) => session.ask({ type: 'request-tensor', requestId, tensor: { kind: 'edge-gradient', edgeId } });
  session.send({ type: 'run-batch' });
  session.run();
  const during = only(ask(1), 'tensor').data;
  session.send({ type: 'stop' });
  assert.deepEqual(only(ask(2), 'tensor').data, during, 'the stopped run\'s last batch');
  session.send({ type: 'reset' });
  assert.equal(only(ask(3), 'error').requestId, 3, 'Reset forgets it');
});

test('before any training a parameter request answers the weights a run would start from', async () => {
  const session = new InProcessSession();
  await session.load(example('spiral'));
  const reply = only(session.ask({ type: 'request-tensor', requestId: 1, tensor: { kind: 'parameter', key: 'dense1_w.W' } }), 'tensor');
  const prepared = await prepareRun(example('spiral'), exampleDataHost());
  assert.ok(prepared.ok);
  const trainer = new Trainer({ graph: prepared.run.graph, config: prepared.run.config, train: prepared.run.data.train });
  assert.deepEqual(Array.from(reply.data), Array.from(trainer.params.get('dense1_w.W')!.data));
});

test('a sequence model\'s probabilities are a softmax per time step', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(example('ch6-char-gru'));
  const [steps, vocabulary] = graph.nodes.find((n) => n.op === 'Input')!.shape!.slice(1) as number[];
  const row = Array.from({ length: steps! * vocabulary! }, (_, i) => (i % vocabulary! === i % 7 ? 1 : 0));
  const reply = only(session.ask({ type: 'predict', requestId: 1, inputs: [row] }), 'prediction');
  const out = reply.outputs[0]!;
  assert.equal(out.length, steps! * vocabulary!);
  for (let t = 0; t < steps!; t++) {
    const sum = out.slice(t * vocabulary!, (t + 1) * vocabulary!).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9, `step ${t} sums to ${sum}`);
  }
});
