// Fuzzing every message the engine accepts: a valid command of each type, mutated field by field (removed,
// swapped to another type, set to an edge number or hostile text, padded with extra fields), through
// parseCommand and then through a live EngineSession. parseCommand must answer ok with a command of the same
// type whose numbers are finite, or a one-line reason naming the command; the session must never throw and
// never report an internal error — a bad document in a 'load' is named by path, like the loader does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand, type CommandType } from './commands.ts';
import { isWorkerInit, WORKER_INIT } from '../../renderer/worker-messages.ts';
import { InProcessSession, example } from '../../test/support/in-process-session.ts';
import {
  CASE_TIME_LIMIT_MS, EDGE_NUMBERS, FuzzRandom, HOSTILE_STRINGS, STRUCTURAL_MUTATIONS, jsonValue, mutateJson, swapType, timed,
} from '../../test/support/fuzz.ts';

/** One valid message of every command type (the 'load' document is filled in per test). */
const VALID: Record<Exclude<CommandType, 'load'>, Record<string, unknown>> = {
  train: { type: 'train', epochs: 2 },
  pause: { type: 'pause' },
  resume: { type: 'resume' },
  stop: { type: 'stop' },
  reset: { type: 'reset' },
  'step-forward': { type: 'step-forward' },
  'step-backward': { type: 'step-backward' },
  'step-select': { type: 'step-select', sample: 3 },
  'run-batch': { type: 'run-batch' },
  evaluate: { type: 'evaluate' },
  'gradient-check': { type: 'gradient-check', nodeId: 'w' },
  'request-tensor': { type: 'request-tensor', requestId: 1, tensor: { kind: 'edge-value', edgeId: 'x-w' } },
  'export-parameters': { type: 'export-parameters', requestId: 2 },
  'set-backend': { type: 'set-backend', backend: 'fast' },
  'set-learning-rate': { type: 'set-learning-rate', learningRate: 0.1 },
  'set-momentum': { type: 'set-momentum', momentum: 0.9 },
  predict: { type: 'predict', requestId: 3, inputs: [[0.5]], raw: true },
  predictions: { type: 'predictions', requestId: 4, split: 'train' },
  activations: { type: 'activations', requestId: 5, nodeId: 'w', split: 'test', limit: 10, inputs: true },
  sweep: { type: 'sweep', requestId: 6, from: -1, to: 1, points: 11 },
  'set-telemetry-rate': { type: 'set-telemetry-rate', hz: 30 },
  'set-memory-budget': { type: 'set-memory-budget', bytes: 2 ** 20 },
};

const ITERATIONS_PER_TYPE = 120;

/** One field of a message changed: dropped, retyped, an edge number, hostile text, huge, or an extra field. */
function mutateMessage(message: Record<string, unknown>, rng: FuzzRandom): unknown {
  const copy: Record<string, unknown> = structuredClone(message);
  const keys = Object.keys(copy);
  const key = rng.pick(keys);
  switch (rng.below(8)) {
    case 0: delete copy[key]; break;
    case 1: copy[key] = swapType(copy[key], rng); break;
    case 2: copy[key] = rng.pick(EDGE_NUMBERS); break;
    case 3: copy[key] = rng.pick(HOSTILE_STRINGS); break;
    case 4: copy[key] = rng.pick([NaN, Infinity, -Infinity, undefined, 10n, new Date(0), new Map(), new Uint8Array(3), Symbol.iterator.description]); break;
    case 5: copy[key] = rng.pick([Array(100_001).fill(1), Array(10_001).fill([1]), 'x'.repeat(1_000_000)]); break;
    case 6: copy[rng.pick(['__proto__', 'constructor', 'extra', 'type2'])] = rng.pick([{}, 1, 'x']); break;
    default: copy.type = rng.pick([`${String(copy.type)} `, String(copy.type).toUpperCase(), '', 'load', 'train', null]);
  }
  if (rng.chance(0.1)) return rng.pick([null, undefined, 42, 'train', [copy], copy.type]);
  return copy;
}

/** Every number in an accepted command is finite (the document aside: the loader checks that). */
function finiteNumbers(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} = ${value}`;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) {
      const problem = finiteNumbers(value[k], `${path}[${k}]`);
      if (problem) return problem;
    }
  } else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'document') continue;
      const problem = finiteNumbers(v, `${path}.${k}`);
      if (problem) return problem;
    }
  }
  return null;
}

test('fuzz parseCommand: mutated commands of every type are accepted well-formed or refused with a reason', () => {
  const linear = example('ch2-linear-regression');
  const all = { ...VALID, load: { type: 'load', document: linear } } as Record<CommandType, Record<string, unknown>>;
  let seed = 4_000;
  const tally = { accepted: 0, refused: 0 };
  for (const [type, valid] of Object.entries(all)) {
    assert.equal(parseCommand(valid).ok, true, `the valid ${type} command is accepted: ${JSON.stringify(parseCommand(valid))}`);
    const rng = new FuzzRandom(++seed);
    for (let i = 0; i < ITERATIONS_PER_TYPE; i++) {
      const message = mutateMessage(valid, rng);
      const where = `${type} seed ${seed} #${i}`;
      let outcome: { value: ReturnType<typeof parseCommand>; ms: number };
      try {
        outcome = timed(() => parseCommand(message));
      } catch (error) {
        assert.fail(`${where}: parseCommand threw ${(error as Error)?.stack ?? String(error)}`);
      }
      assert.ok(outcome.ms < CASE_TIME_LIMIT_MS, `${where}: took ${outcome.ms.toFixed(0)} ms`);
      const parsed = outcome.value;
      if (parsed.ok) {
        tally.accepted++;
        const sent = (message as { type: unknown }).type;
        assert.equal(parsed.command.type, sent, where);
        assert.equal(finiteNumbers(parsed.command, 'command'), null, `${where}: accepted a non-finite number`);
      } else {
        tally.refused++;
        assert.equal(typeof parsed.error, 'string', where);
        assert.match(parsed.error, /^(command "[^"]*": .+|a command must be an object with a "type"|unknown command ".*")$/s, where);
        assert.ok(parsed.error.length <= 400, `${where}: a ${parsed.error.length}-character reason`);
      }
    }
  }
  assert.ok(tally.accepted > 100 && tally.refused > 1000, JSON.stringify(tally));
});

test('fuzz the worker init check: only {kind, assetBase: string} passes, nothing throws', () => {
  const rng = new FuzzRandom(4_100);
  const valid = { kind: WORKER_INIT, assetBase: 'app://gradflow/data/' };
  assert.equal(isWorkerInit(valid), true);
  for (let i = 0; i < 500; i++) {
    const message = mutateMessage(valid, rng);
    const accepted = isWorkerInit(message);
    const m = message as { kind?: unknown; assetBase?: unknown } | null;
    assert.equal(accepted, typeof m === 'object' && m !== null && m.kind === WORKER_INIT && typeof m.assetBase === 'string', `#${i}`);
  }
});

// ---- through the session --------------------------------------------------------------------------------

/** Lets the session's load (async: it reads data) finish. */
async function settle(session: InProcessSession): Promise<void> {
  for (let k = 0; k < 20; k++) await new Promise((resolve) => setImmediate(resolve));
  session.run(5);
}

/** A message for a failure report: JSON where it can be, cut short (BigInts and Maps do not stringify). */
function show(message: unknown): string {
  try {
    return (JSON.stringify(message) ?? String(message)).slice(0, 200);
  } catch {
    return String(message).slice(0, 200);
  }
}

function internalErrors(session: InProcessSession, from: number): string[] {
  return session.received.slice(from).flatMap((t) => (t.type === 'error' && /internal error/.test(t.message) ? [t.message] : []));
}

test('fuzz the session: mutated load documents are reported by path, never as an internal error', async () => {
  const rng = new FuzzRandom(4_200);
  const big = 'x'.repeat(10 * 1024 * 1024);
  let loaded = 0;
  for (const name of ['ch2-linear-regression', 'ch1-chain', 'spiral']) {
    const doc = example(name);
    const session = new InProcessSession();
    for (let i = 0; i < 40; i++) {
      const kind = STRUCTURAL_MUTATIONS[i % STRUCTURAL_MUTATIONS.length]!;
      // A message arrives as a structured clone, so the mutated document is a value, not text.
      const document = jsonValue(mutateJson(doc, kind, rng, kind === 'huge-string' ? big : 'x'));
      const from = session.received.length;
      const where = `${name} ${kind} #${i}`;
      try {
        const { ms } = timed(() => session.send({ type: 'load', document }));
        assert.ok(ms < CASE_TIME_LIMIT_MS, `${where}: took ${ms.toFixed(0)} ms`);
      } catch (error) {
        assert.fail(`${where}: handle threw ${(error as Error)?.stack ?? String(error)}`);
      }
      await settle(session);
      assert.deepEqual(internalErrors(session, from), [], where);
      // Refused by parseCommand (an error, no status: nothing started) or by the session's checks (status
      // error), or loaded (status ready) — never left 'loading'.
      const said = session.received.slice(from);
      const status = said.filter((t) => t.type === 'status').at(-1);
      const finished = status?.type === 'status' && (status.status === 'ready' || status.status === 'error');
      assert.ok(finished || (status === undefined && said.some((t) => t.type === 'error')), `${where}: the load neither finished nor failed`);
      if (status?.type === 'status' && status.status === 'ready') loaded++;
    }
  }
  assert.ok(loaded > 0, 'some mutated documents still load');
});

test('fuzz the session: mutated commands after a load never throw or report an internal error', async () => {
  const rng = new FuzzRandom(4_300);
  const session = new InProcessSession();
  await session.load(example('ch2-linear-regression'));
  const valid = Object.values(VALID).map((m) => (m.type === 'gradient-check' || m.type === 'activations' ? { ...m, nodeId: 'w' } : m));
  for (let i = 0; i < 400; i++) {
    const message = mutateMessage(rng.pick(valid), rng);
    const from = session.received.length;
    try {
      session.send(message as Record<string, unknown>);
    } catch (error) {
      assert.fail(`#${i} ${show(message)}: handle threw ${(error as Error)?.stack ?? String(error)}`);
    }
    await settle(session);
    session.send({ type: 'stop' });
    assert.deepEqual(internalErrors(session, from), [], `#${i} ${show(message)}`);
  }
});

test('a load whose document is broken inside is refused by parseCommand, naming the path (it once exhausted the heap)', () => {
  const doc = structuredClone(example('ch2-linear-regression')) as unknown as { nodes: Array<{ attributes: unknown }> };
  // A 10 MB string where the attributes object goes: the graph builder would list its ten million indices.
  doc.nodes[0]!.attributes = 'x'.repeat(10 * 1024 * 1024);
  assert.deepEqual(parseCommand({ type: 'load', document: doc }), {
    ok: false, error: 'command "load": the document cannot be opened: nodes[0].attributes: expected an object, got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"',
  });
  const twice = structuredClone(example('ch2-linear-regression')) as unknown as { nodes: Array<{ id: string }>; training: Record<string, unknown> };
  twice.nodes[1]!.id = twice.nodes[0]!.id;
  twice.training.epochs = -1;
  const refused = parseCommand({ type: 'load', document: twice });
  assert.equal(refused.ok, false);
  assert.match((refused as { error: string }).error, /^command "load": the document cannot be opened: training\.epochs: must be at least 1, got -1$/);
  // What passes is the checked copy, not the sender's object.
  const valid = example('ch2-linear-regression');
  const accepted = parseCommand({ type: 'load', document: valid, files: { 'a.csv': new Uint8Array(1) } });
  assert.ok(accepted.ok && accepted.command.type === 'load');
  assert.notEqual(accepted.command.document, valid);
  assert.deepEqual(accepted.command.document, valid);
});
