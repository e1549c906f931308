import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import {
  serializeDocument,
  encodeFloat32Base64,
  decodeFloat32Base64,
  bytesToBase64,
  base64ToBytes,
} from './serialize.ts';
import { parseDocumentStructure } from './parse.ts';
import type { GradflowDocument } from './types.ts';

const FIXTURE = readFileSync(new URL('../../test/fixtures/documents/linear-regression.gradflow', import.meta.url), 'utf8');

function load(text: string): GradflowDocument {
  const result = parseDocumentStructure(text);
  if (!result.ok) assert.fail(`expected the document to load: ${JSON.stringify(result.errors)}`);
  return result.doc;
}

function minimal(): GradflowDocument {
  return { format: 'gradflow', version: 1, nodes: [], edges: [], groups: [], training: {} };
}

test('the fixture is canonical: serialize(parse(fixture)) reproduces it byte for byte', () => {
  assert.equal(serializeDocument(load(FIXTURE)), FIXTURE);
});

test('serialize(parse(serialize(doc))) is byte-identical', () => {
  const doc = load(FIXTURE);
  doc.parameters = { 'w.W': { shape: [13, 1], dtype: 'float32', data: encodeFloat32Base64(new Float32Array(13).fill(0.25)) } };
  doc.data = { kind: 'csv', path: 'boston.csv', columns: { target: 'MEDV', drop: ['B'] } };
  doc.view = { viewport: { x: -10.5, y: 3, zoom: 1.25 } };
  doc.runSummary = { epochs: 50, trainLoss: 21.5, metrics: { rmse: 4.6, mae: 3.1 }, finishedAt: '2024-01-01T00:00:00Z' };
  doc.training = { ...doc.training, gradientClip: null, metrics: ['mse', 'rmse'], earlyStopping: { patience: 3, enabled: true } };
  const once = serializeDocument(doc);
  assert.equal(serializeDocument(load(once)), once);
});

test('layout is 2-space JSON with a trailing newline; lists of numbers stay on one line', () => {
  const text = serializeDocument(load(FIXTURE));
  assert.ok(text.endsWith('}\n'));
  assert.ok(!text.endsWith('\n\n'));
  const numberListsInline = JSON.stringify(JSON.parse(text), null, 2)
    .replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, items: string) => `[${items.split(/,\s*/).join(', ')}]`);
  assert.equal(text, numberListsInline + '\n');
  assert.match(text, /"shape": \[13\]/);
});

test('the header comes first and sections follow in a fixed order, whatever the object order', () => {
  const doc = minimal();
  const scrambled = {
    runSummary: { finishedAt: 'now', epochs: 1 },
    training: { optimizer: { learningRate: 0.1, kind: 'Adam' }, epochs: 2, seed: 1 },
    groups: [],
    edges: [{ to: { port: 'X', node: 'b' }, from: { port: 'out', node: 'a' }, id: 'e' }],
    nodes: [
      { position: { y: 2, x: 1 }, attributes: {}, op: 'Input', id: 'a' },
      { position: { y: 2, x: 1 }, attributes: {}, label: 'B', op: 'BiasAdd', id: 'b' },
    ],
    description: 'd',
    name: 'n',
    version: doc.version,
    format: doc.format,
  } as GradflowDocument;
  const text = serializeDocument(scrambled);
  const keys = (value: unknown) => Object.keys(value as object);
  const parsed = JSON.parse(text);
  assert.deepEqual(keys(parsed), ['format', 'version', 'name', 'description', 'nodes', 'edges', 'groups', 'training', 'runSummary']);
  assert.deepEqual(keys(parsed.nodes[1]), ['id', 'op', 'label', 'attributes', 'position']);
  assert.deepEqual(keys(parsed.nodes[1].position), ['x', 'y']);
  assert.deepEqual(keys(parsed.edges[0]), ['id', 'from', 'to']);
  assert.deepEqual(keys(parsed.edges[0].from), ['node', 'port']);
  assert.deepEqual(keys(parsed.training), ['seed', 'epochs', 'optimizer']);
  assert.deepEqual(keys(parsed.training.optimizer), ['kind', 'learningRate']);
  assert.deepEqual(keys(parsed.runSummary), ['epochs', 'finishedAt']);
});

test('open records (attributes, parameters, data) are written in alphabetical order, integer-like keys too', () => {
  const doc = minimal();
  doc.nodes = [{ id: 'n', op: 'Op', attributes: { zeta: 1, alpha: 'a', '10': 1, '2': 2, Beta: true }, position: { x: 0, y: 0 } }];
  doc.data = { kind: 'csv', zebra: 1, apple: { pear: 1, fig: 2 } };
  const text = serializeDocument(doc);
  const order = (...needles: string[]) => needles.map((needle) => text.indexOf(needle));
  const attributeOrder = order('"10"', '"2"', '"Beta"', '"alpha"', '"zeta"');
  assert.deepEqual([...attributeOrder].sort((a, b) => a - b), attributeOrder);
  assert.ok(attributeOrder.every((index) => index > 0));
  // `kind` first, then the rest alphabetically, nested objects too.
  const dataOrder = order('"kind"', '"apple"', '"fig"', '"pear"', '"zebra"');
  assert.deepEqual([...dataOrder].sort((a, b) => a - b), dataOrder);
});

test('leaves out undefined optional fields and fields the format does not have', () => {
  const doc = { ...minimal(), name: undefined, selectedNodeId: 'a' } as unknown as GradflowDocument;
  doc.nodes = [{ id: 'a', op: 'Input', attributes: {}, position: { x: 0, y: 0 }, label: undefined, selected: true } as never];
  const text = serializeDocument(doc);
  assert.ok(!text.includes('selected'));
  assert.ok(!text.includes('"name"'));
  assert.ok(!text.includes('"label"'));
  assert.ok(parseDocumentStructure(text).ok);
});

test('refuses to write a value JSON cannot hold, naming where it is', () => {
  const doc = minimal();
  doc.runSummary = { epochs: 3, trainLoss: Number.NaN };
  assert.throws(() => serializeDocument(doc), /runSummary\.trainLoss is NaN/);
  const doc2 = minimal();
  doc2.nodes = [{ id: 'a', op: 'Input', attributes: {}, position: { x: Infinity, y: 0 } }];
  assert.throws(() => serializeDocument(doc2), /nodes\[0\]\.position\.x is Infinity/);
});

test('encodeFloat32Base64 writes little-endian float32 (checked against Python struct.pack("<f"))', () => {
  assert.equal(encodeFloat32Base64(new Float32Array([1])), 'AACAPw==');
  assert.equal(encodeFloat32Base64(new Float32Array([1, -2])), 'AACAPwAAAMA=');
  assert.equal(encodeFloat32Base64(new Float32Array([0.5, 3.25, -0])), 'AAAAPwAAUEAAAACA');
  assert.equal(encodeFloat32Base64(new Float32Array([])), '');
});

test('bytesToBase64 / base64ToBytes agree with Node\'s Buffer for every length and many byte patterns', () => {
  let state = 12345;
  const nextByte = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 24;
  };
  for (let length = 0; length < 70; length++) {
    const bytes = Uint8Array.from({ length }, nextByte);
    const expected = Buffer.from(bytes).toString('base64');
    assert.equal(bytesToBase64(bytes), expected);
    const back = base64ToBytes(expected);
    assert.ok(back.ok);
    assert.deepEqual([...back.value], [...bytes]);
  }
  // Larger than one internal slice, so slicing boundaries are covered.
  const big = Uint8Array.from({ length: 3 * 4096 * 2 + 7 }, nextByte);
  assert.equal(bytesToBase64(big), Buffer.from(big).toString('base64'));
});

test('decodeFloat32Base64 round-trips exact bits, including NaN, -0, infinities and subnormals', () => {
  const values = new Float32Array([0, -0, 1.5, -3.4e38, 1e-45, Number.NaN, Infinity, -Infinity, Math.PI]);
  const decoded = decodeFloat32Base64(encodeFloat32Base64(values), values.length);
  assert.ok(decoded.ok);
  assert.deepEqual([...new Uint32Array(decoded.value.buffer)], [...new Uint32Array(values.buffer)]);
});

test('decodeFloat32Base64 reports bad text and a wrong length instead of throwing', () => {
  const bad = decodeFloat32Base64('AACA!w==', 1);
  assert.ok(!bad.ok);
  assert.match(bad.error, /not valid base64: unexpected "!" at character 5/);
  const short = decodeFloat32Base64('AACAPw=', 1);
  assert.ok(!short.ok);
  assert.match(short.error, /not a multiple of 4/);
  const misplacedPad = decodeFloat32Base64('AA=APw==', 1);
  assert.ok(!misplacedPad.ok);
  const wrongCount = decodeFloat32Base64('AACAPw==', 2);
  assert.ok(!wrongCount.ok);
  assert.match(wrongCount.error, /holds 4 bytes, but 2 float32 values need 8/);
  const empty = decodeFloat32Base64('', 0);
  assert.ok(empty.ok);
  assert.equal(empty.value.length, 0);
});

test('saved parameters survive serialize → parse → decode', () => {
  const doc = load(FIXTURE);
  const weights = Float32Array.from({ length: 13 }, (_, i) => (i - 6) / 7);
  doc.parameters = {
    'w.W': { shape: [13, 1], dtype: 'float32', data: encodeFloat32Base64(weights) },
    'b.B': { shape: [1, 1], dtype: 'float32', data: encodeFloat32Base64(new Float32Array([0.5])) },
  };
  const loaded = load(serializeDocument(doc));
  const saved = loaded.parameters?.['w.W'];
  assert.ok(saved);
  const decoded = decodeFloat32Base64(saved.data, 13);
  assert.ok(decoded.ok);
  assert.deepEqual([...decoded.value], [...weights]);
});
