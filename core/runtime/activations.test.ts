// `activations` through the session: an autoencoder's codes over a split with the digits as labels, its
// reconstructions with the inputs they came from (equal to `predict` on those rows), errors with the
// requestId, parse validation, and a run that is not disturbed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessSession, example, exampleDataHost, type Of } from '../../test/support/in-process-session.ts';
import { prepareRun } from './prepare-run.ts';
import { parseCommand } from '../protocol/commands.ts';
import type { Telemetry } from '../protocol/telemetry.ts';
import type { GradflowDocument } from '../document/types.ts';

const only = <T extends Telemetry['type']>(replies: Telemetry[], type: T): Of<T> => {
  assert.equal(replies.length, 1, JSON.stringify(replies.map((r) => r.type)));
  assert.equal(replies[0]!.type, type, JSON.stringify(replies[0]).slice(0, 300));
  return replies[0] as Of<T>;
};

/** The chapter 7 autoencoder on its first 300 digits (240 train / 60 validation). */
function autoencoder(): GradflowDocument {
  const doc = example('ch7-mnist-autoencoder');
  return { ...doc, data: { ...doc.data!, limit: 300 } as unknown as GradflowDocument['data'] };
}

test('activations: the 28-unit codes of the validation digits, with each digit\'s label', async () => {
  const session = new InProcessSession();
  await session.load(autoencoder());
  const reply = only(session.ask({ type: 'activations', requestId: 7, nodeId: 'code_act', split: 'validation', limit: 50 }), 'activations');
  assert.equal(reply.requestId, 7);
  assert.equal(reply.nodeId, 'code_act');
  assert.deepEqual(reply.shape, [28]);
  assert.equal(reply.values.length, 50);
  for (const row of reply.values) {
    assert.equal(row.length, 28);
    assert.ok(row.every((v) => v > -1 && v < 1), 'tanh codes');
  }
  assert.equal(reply.inputs, undefined);
  const prepared = await prepareRun(autoencoder(), exampleDataHost());
  assert.ok(prepared.ok);
  assert.deepEqual(reply.labels, Array.from(prepared.run.data.labels!.validation!.subarray(0, 50)));
  assert.deepEqual(reply.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  // More rows than the split has: all of them.
  const all = only(session.ask({ type: 'activations', requestId: 8, nodeId: 'code_act', split: 'validation', limit: 5000 }), 'activations');
  assert.equal(all.values.length, 60);
  assert.deepEqual(all.values.slice(0, 50), reply.values);
});

test('activations with inputs: the reconstructions are predict\'s outputs for the same rows', async () => {
  const session = new InProcessSession();
  await session.load(autoencoder());
  const reply = only(session.ask({ type: 'activations', requestId: 1, nodeId: 'decoder_act', split: 'validation', limit: 4, inputs: true }), 'activations');
  assert.deepEqual(reply.shape, [784]);
  assert.deepEqual(reply.inputShape, [784]);
  assert.equal(reply.inputs!.length, 4);
  const predicted = only(session.ask({ type: 'predict', requestId: 2, inputs: reply.inputs! }), 'prediction');
  assert.equal(predicted.task, 'regression');
  for (let r = 0; r < 4; r++) for (let k = 0; k < 784; k++) assert.ok(Math.abs(predicted.outputs[r]![k]! - reply.values[r]![k]!) < 1e-12);
});

test('activations: errors carry the requestId (unknown node, a node fed by the targets, an empty split); bad commands are refused', async () => {
  const session = new InProcessSession();
  await session.load(autoencoder());
  const unknown = only(session.ask({ type: 'activations', requestId: 3, nodeId: 'nope', split: 'train', limit: 5 }), 'error');
  assert.equal(unknown.requestId, 3);
  assert.match(unknown.message, /no node "nope"/);
  const loss = only(session.ask({ type: 'activations', requestId: 4, nodeId: 'loss', split: 'train', limit: 5 }), 'error');
  assert.equal(loss.requestId, 4);
  assert.match(loss.message, /depends on the targets/);
  const empty = only(session.ask({ type: 'activations', requestId: 5, nodeId: 'code_act', split: 'test', limit: 5 }), 'error');
  assert.equal(empty.requestId, 5);
  assert.match(empty.message, /test split is empty/);
  for (const bad of [
    { type: 'activations', requestId: 1, nodeId: 'code_act', split: 'validation' },
    { type: 'activations', requestId: 1, nodeId: 'code_act', split: 'all', limit: 5 },
    { type: 'activations', requestId: 1, split: 'train', limit: 5 },
    { type: 'activations', requestId: 1.5, nodeId: 'code_act', split: 'train', limit: 5 },
    { type: 'activations', requestId: 1, nodeId: 'code_act', split: 'train', limit: 0 },
    { type: 'activations', requestId: 1, nodeId: 'code_act', split: 'train', limit: 5, inputs: 'yes' },
  ]) assert.equal(parseCommand(bad).ok, false, JSON.stringify(bad));
  assert.deepEqual(parseCommand({ type: 'activations', requestId: 1, nodeId: 'code_act', split: 'train', limit: 5, extra: 1 }),
    { ok: true, command: { type: 'activations', requestId: 1, nodeId: 'code_act', split: 'train', limit: 5 } });
});

test('activations asked in the middle of a run leave the run\'s values and parameters as they were', async () => {
  const session = new InProcessSession();
  const { graph } = await session.load(autoencoder());
  session.send({ type: 'run-batch' });
  session.run();
  const edgeId = graph.edges[1]!.id;
  const tensor = (requestId: number) => only(session.ask({ type: 'request-tensor', requestId, tensor: { kind: 'edge-value', edgeId } }), 'tensor').data;
  const parameter = (requestId: number) => only(session.ask({ type: 'request-tensor', requestId, tensor: { kind: 'parameter', key: 'code_w.W' } }), 'tensor').data;
  const [valuesBefore, weightsBefore] = [tensor(1), parameter(2)];
  only(session.ask({ type: 'activations', requestId: 3, nodeId: 'code_act', split: 'train', limit: 100 }), 'activations');
  assert.deepEqual(tensor(4), valuesBefore);
  assert.deepEqual(parameter(5), weightsBefore);
  session.send({ type: 'resume' });
  session.run(3);
  assert.equal(session.last('status')?.status, 'running');
});
