// Fuzzing every IPC channel main listens on: a valid payload per channel, mutated (fields dropped, retyped,
// edge numbers, hostile text, huge values, extra keys, the whole payload replaced), from a valid or a mutated
// sender, through checkIncoming. A payload is accepted, or refused with "<channel>: refused: <reason>" — never
// a throw, never a hang — and what is accepted can be used by main's next step (a saved document serializes
// or fails with a message, and its text goes through the loader without a throw).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INVOKE_CHANNELS, SEND_CHANNELS, type IncomingChannel } from './ipc-channels.ts';
import { checkIncoming, type SenderFrame } from './ipc-validate.ts';
import { serializeDocument } from '../core/document/serialize.ts';
import { loadDocument } from '../core/document/load.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { example } from '../test/support/in-process-session.ts';
import {
  CASE_TIME_LIMIT_MS, EDGE_NUMBERS, FuzzRandom, HOSTILE_STRINGS, STRUCTURAL_MUTATIONS, jsonValue, mutateJson, swapType, timed,
} from '../test/support/fuzz.ts';

const app: SenderFrame = { url: 'app://gradflow/index.html', isTopFrame: true };
const linear = example('ch2-linear-regression');

const VALID: Record<IncomingChannel, unknown> = {
  'document:get': null,
  'file:open': null,
  'examples:list': null,
  'examples:open': { file: 'ch1-chain.gradflow' },
  'file:save': { document: linear, saveAs: false },
  'autosave:write': { name: 'draft', text: '{"format": "gradflow"}', ref: '/home/ada/net.gradflow', savedAt: 1_700_000_000_000 },
  'autosave:read': null,
  'engine:command': { type: 'set-learning-rate', learningRate: 0.1 },
  'window:set-dirty': { dirty: true },
};

const ITERATIONS_PER_CHANNEL = 300;
const ODD_VALUES: readonly unknown[] = [
  undefined, null, 0, NaN, -Infinity, '', 'x'.repeat(1_000_000), [], [{}], {}, true, 10n, new Date(0), new Map([[1, 2]]),
  new Uint8Array(4), { length: 1e9 }, Object.create(null),
];

function mutatePayload(payload: unknown, rng: FuzzRandom): unknown {
  if (typeof payload !== 'object' || payload === null || rng.chance(0.15)) return rng.pick([...ODD_VALUES, ...EDGE_NUMBERS, ...HOSTILE_STRINGS]);
  const copy = structuredClone(payload) as Record<string, unknown>;
  const key = rng.pick(Object.keys(copy));
  switch (rng.below(7)) {
    case 0: delete copy[key]; break;
    case 1: copy[key] = swapType(copy[key], rng); break;
    case 2: copy[key] = rng.pick(EDGE_NUMBERS); break;
    case 3: copy[key] = rng.pick([...HOSTILE_STRINGS, '../../etc/passwd.gradflow', 'a/b.gradflow', 'C:\\x.gradflow', `${'a'.repeat(200)}.gradflow`]); break;
    case 4: copy[key] = rng.pick(ODD_VALUES); break;
    case 5: copy[rng.pick(['__proto__', 'constructor', 'path', 'slot'])] = rng.pick([{}, 1, 'x']); break;
    default:
      // Documents inside a payload get the loader's structural mutations.
      if (typeof copy.document === 'object' && copy.document !== null) {
        copy.document = jsonValue(mutateJson(copy.document, rng.pick(STRUCTURAL_MUTATIONS), rng, 'x'.repeat(100_000)));
      } else copy[key] = rng.pick(ODD_VALUES);
  }
  return copy;
}

function mutateSender(rng: FuzzRandom): SenderFrame | null | undefined {
  if (rng.chance(0.8)) return app;
  return rng.pick<SenderFrame | null | undefined>([
    null, undefined, { ...app, isTopFrame: false }, { url: 'https://evil.example/', isTopFrame: true }, { url: '', isTopFrame: true },
    { url: 'app://gradflow.evil/', isTopFrame: true }, { url: `app://gradflow/${'\ud800'.repeat(3)}`, isTopFrame: true }, { url: 'x'.repeat(100_000), isTopFrame: true },
  ]);
}

/** What main does next with an accepted save: serialize (which may refuse a value, with a message) and re-load. */
function saveStepsOf(document: GradflowDocument, where: string): void {
  let text: string;
  try {
    text = serializeDocument(document);
  } catch (error) {
    assert.ok(error instanceof Error && error.message.length > 0, `${where}: serialize threw a non-error`);
    return;
  }
  assert.doesNotThrow(() => loadDocument(text, {}, { shapeProblems: 'warning' }), where);
}

test('every incoming channel is fuzzed', () => {
  assert.deepEqual(Object.keys(VALID).sort(), [...INVOKE_CHANNELS, ...SEND_CHANNELS].sort());
  for (const [channel, payload] of Object.entries(VALID)) {
    assert.equal(checkIncoming(channel as IncomingChannel, app, payload).ok, true, `the valid ${channel} payload is accepted`);
  }
});

for (const [index, channel] of (Object.keys(VALID) as IncomingChannel[]).entries()) {
  test(`fuzz ${channel}: mutated payloads and senders are accepted or refused with a reason, never thrown`, () => {
    const seed = 7_000 + index;
    const rng = new FuzzRandom(seed);
    let refused = 0;
    for (let i = 0; i < ITERATIONS_PER_CHANNEL; i++) {
      const where = `${channel} seed ${seed} #${i}`;
      const payload = mutatePayload(VALID[channel], rng);
      const sender = mutateSender(rng);
      let outcome: { value: ReturnType<typeof checkIncoming>; ms: number };
      try {
        outcome = timed(() => checkIncoming(channel, sender, payload));
      } catch (error) {
        assert.fail(`${where}: checkIncoming threw ${(error as Error)?.stack ?? String(error)}`);
      }
      assert.ok(outcome.ms < CASE_TIME_LIMIT_MS, `${where}: took ${outcome.ms.toFixed(0)} ms`);
      const result = outcome.value;
      if (!result.ok) {
        refused++;
        assert.match(result.error, new RegExp(`^${channel}: refused: .+`, 's'), where);
        assert.ok(result.error.length <= 400, `${where}: a ${result.error.length}-character reason`);
        continue;
      }
      assert.ok(sender && sender.isTopFrame && new URL(sender.url).host === 'gradflow' && sender.url.startsWith('app:'), `${where}: a message from ${JSON.stringify(sender)?.slice(0, 100)} was accepted`);
      if (channel === 'file:save') saveStepsOf((result.value as { document: GradflowDocument }).document, where);
    }
    assert.ok(refused > ITERATIONS_PER_CHANNEL / 4, `${channel}: only ${refused} of ${ITERATIONS_PER_CHANNEL} refused`);
  });
}

test('engine:command: a load is refused for its outline first, then for anything the loader would refuse', () => {
  assert.deepEqual(checkIncoming('engine:command', app, { type: 'load', document: { ...linear, nodes: 'all' } }), {
    ok: false, error: "engine:command: refused: the document's nodes must be a list",
  });
  const inner = structuredClone(linear) as unknown as { nodes: Array<{ position: unknown }> };
  inner.nodes[2]!.position = { x: 0, y: new Date(0) };
  assert.deepEqual(checkIncoming('engine:command', app, { type: 'load', document: inner }), {
    ok: false, error: 'engine:command: refused: command "load": the document cannot be opened: nodes[2].position.y: is a Date, which a document cannot hold',
  });
});
