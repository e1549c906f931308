import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDocumentStructure } from './parse.ts';
import { scanJson } from './json-scan.ts';
import type { DocumentLimits } from './parse.ts';
import { encodeFloat32Base64 } from './serialize.ts';
import type { LoadResult } from './types.ts';

const FIXTURE = readFileSync(new URL('../../test/fixtures/documents/linear-regression.gradflow', import.meta.url), 'utf8');

// Tests poke at arbitrary JSON.
type Json = any;

/** The fixture, changed by `edit`, as text. */
function variant(edit: (doc: Json) => void): string {
  const doc = JSON.parse(FIXTURE);
  edit(doc);
  return JSON.stringify(doc, null, 2);
}

function errorsOf(result: LoadResult) {
  if (result.ok) assert.fail('expected the document to be refused');
  return result.errors;
}

test('the linear-regression fixture loads without warnings', () => {
  const result = parseDocumentStructure(FIXTURE);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  assert.deepEqual(result.warnings, []);
  const { doc } = result;
  assert.deepEqual(doc.nodes.map((n) => `${n.id}:${n.op}`), ['x:Input', 'y:Target', 'w:WeightMultiply', 'b:BiasAdd', 'act:Linear', 'loss:MeanSquaredError']);
  assert.deepEqual(doc.nodes[0]!.attributes, { shape: [13] });
  assert.deepEqual(doc.edges[3], { id: 'act-loss', from: { node: 'act', port: 'out' }, to: { node: 'loss', port: 'prediction' } });
  assert.deepEqual(doc.groups[0]!.members, ['w', 'b', 'act']);
  assert.deepEqual(doc.training, { epochs: 50, batchSize: 32, optimizer: { kind: 'SGD', learningRate: 0.01 } });
});

interface BadCase {
  name: string;
  text: string;
  limits?: Partial<DocumentLimits>;
  /** Path of the first error. */
  path: string;
  /** The first error's message, or a distinctive part of it. */
  message: string | RegExp;
}

const deepArrays = '['.repeat(10_000) + ']'.repeat(10_000);
const SGD_AND_FRIENDS = '"SGD", "SGDMomentum", "AdaGrad", "Adam"';

const BAD: BadCase[] = [
  { name: 'malformed JSON (missing comma)', text: '{\n  "format": "gradflow",\n  "version": 1\n  "nodes": []\n}', path: '', message: 'line 4, column 3: expected "," or "}", found "\\""' },
  { name: 'malformed JSON (trailing comma)', text: '{"format": "gradflow", "nodes": [1, 2,]}', path: '', message: 'line 1, column 39: a comma before "]" (trailing commas are not allowed in JSON)' },
  { name: 'malformed JSON (unclosed string)', text: '{"format": "gradf', path: '', message: 'line 1, column 12: this string is never closed (missing ")' },
  { name: 'malformed JSON (bad escape)', text: '{"name": "a\\qb"}', path: '', message: 'line 1, column 12: invalid escape "\\\\q" in a string' },
  { name: 'malformed JSON (raw line break in a string)', text: '{"name": "a\nb"}', path: '', message: 'line 1, column 12: a line break or control character inside a string' },
  { name: 'malformed JSON (truncated)', text: FIXTURE.slice(0, FIXTURE.indexOf('"edges"')), path: '', message: /the file ends too early/ },
  { name: 'malformed JSON (text after the value)', text: '{} {}', path: '', message: 'line 1, column 4: unexpected "{" after the end of the JSON value' },
  { name: 'empty file', text: '', path: '', message: 'the file is empty' },
  { name: 'whitespace only', text: ' \n\t\n', path: '', message: 'the file is empty' },
  { name: 'a JSON array', text: '[{"format": "gradflow"}]', path: '', message: 'not a Gradflow file: expected a JSON object at the top level, got a list' },
  { name: 'a bare number', text: '42', path: '', message: 'not a Gradflow file: expected a JSON object at the top level, got 42' },
  { name: 'missing header', text: '{"nodes": [], "edges": []}', path: 'format', message: 'not a Gradflow file (it has no "format": "gradflow" header)' },
  { name: 'wrong format name', text: '{"format": "onnx", "version": 1}', path: 'format', message: 'not a Gradflow file ("format" is "onnx", expected "gradflow")' },
  { name: 'missing version', text: '{"format": "gradflow", "nodes": []}', path: 'version', message: /^the file has no "version"/ },
  { name: 'version as text', text: '{"format": "gradflow", "version": "1"}', path: 'version', message: '"version" must be a whole number, got "1"' },
  { name: 'version below the oldest', text: '{"format": "gradflow", "version": -1}', path: 'version', message: /version -1 is not a Gradflow file version/ },
  {
    name: 'newer version',
    text: variant((d) => { d.version = 99; }),
    path: 'version',
    message: 'this file was written by a newer Gradflow (version 99); this build reads up to version 1. Update Gradflow to open it.',
  },
  { name: 'position.x as text', text: variant((d) => { d.nodes[0].position.x = 'ten'; }), path: 'nodes[0].position.x', message: 'expected a number, got "ten"' },
  { name: 'missing section', text: variant((d) => { delete d.nodes; }), path: 'nodes', message: 'is missing (expected a list)' },
  { name: 'attribute of the wrong shape', text: variant((d) => { d.nodes[2].attributes.neurons = { n: 1 }; }), path: 'nodes[2].attributes.neurons', message: 'expected a number, text, true/false or a list of numbers, got an object' },
  { name: 'attribute list holding text', text: variant((d) => { d.nodes[0].attributes.shape = [13, 'x']; }), path: 'nodes[0].attributes.shape[1]', message: 'expected a number, got "x"' },
  { name: 'non-finite number 1e999', text: FIXTURE.replace('"y": 200', '"y": 1e999'), path: 'nodes[1].position.y', message: 'is a number too large to represent (not finite)' },
  { name: 'non-finite number in open data', text: variant((d) => { d.data = { kind: 'csv', scale: 0 }; }).replace('"scale": 0', '"scale": -1e999'), path: 'data.scale', message: /not finite/ },
  { name: 'duplicate node id', text: variant((d) => { d.nodes[3].id = 'w'; }), path: 'nodes[3].id', message: 'duplicate node id "w" (nodes[2] has it too)' },
  { name: 'duplicate edge id', text: variant((d) => { d.edges[1].id = 'x-w'; }), path: 'edges[1].id', message: 'duplicate edge id "x-w" (edges[0] has it too)' },
  { name: 'duplicate group id', text: variant((d) => { d.groups.push({ ...d.groups[0], members: [] }); }), path: 'groups[1].id', message: 'duplicate group id "dense" (groups[0] has it too)' },
  { name: 'group id shared with a node', text: variant((d) => { d.groups[0].id = 'w'; }), path: 'groups[0].id', message: 'group id "w" is also the id of a node (nodes[2])' },
  { name: 'dangling edge', text: variant((d) => { d.edges[1].to.node = 'nowhere'; }), path: 'edges[1].to.node', message: 'dangling edge "w-b": its "to" node "nowhere" does not exist' },
  { name: 'group member missing', text: variant((d) => { d.groups[0].members = ['w', 'ghost']; }), path: 'groups[0].members[1]', message: 'group "dense" lists member "ghost", but there is no node with that id' },
  { name: 'group member twice', text: variant((d) => { d.groups[0].members = ['w', 'b', 'w']; }), path: 'groups[0].members[2]', message: 'group "dense" lists member "w" more than once' },
  { name: 'too-deep nesting (10,000 arrays)', text: deepArrays, path: '', message: 'line 1, column 65: nested more than 64 levels deep' },
  { name: 'too-deep nesting inside a document', text: variant((d) => { d.data = { kind: 'csv', x: 0 }; }).replace('"x": 0', `"x": ${deepArrays}`), path: '', message: /nested more than 64 levels deep/ },
  { name: 'oversize input', text: FIXTURE, limits: { maxTextLength: 100 }, path: '', message: `the file is too large (${FIXTURE.length} characters; the limit is 100 characters)` },
  { name: 'too many nodes', text: FIXTURE, limits: { maxNodes: 4 }, path: 'nodes', message: 'has 6 nodes; at most 4 are allowed' },
  { name: 'too many edges', text: FIXTURE, limits: { maxEdges: 3 }, path: 'edges', message: 'has 5 edges; at most 3 are allowed' },
  {
    name: 'bad base64 parameter',
    text: variant((d) => { d.parameters = { 'w.W': { shape: [1], dtype: 'float32', data: 'AA*A' } }; }),
    path: 'parameters["w.W"].data',
    message: 'is not valid base64',
  },
  { name: 'base64 padding in the middle', text: variant((d) => { d.parameters = { 'b.B': { shape: [1], dtype: 'float32', data: 'AA=APw==' } }; }), path: 'parameters["b.B"].data', message: 'is not valid base64' },
  {
    name: 'parameter data not matching its shape',
    text: variant((d) => { d.parameters = { 'w.W': { shape: [13, 1], dtype: 'float32', data: 'AACAPw==' } }; }),
    path: 'parameters["w.W"].data',
    message: 'holds 4 bytes, but shape [13, 1] needs 52 (13 float32 values)',
  },
  { name: 'parameter dtype', text: variant((d) => { d.parameters = { 'b.B': { shape: [1], dtype: 'float64', data: 'AACAPw==' } }; }), path: 'parameters["b.B"].dtype', message: 'must be "float32", got "float64"' },
  { name: 'negative batchSize', text: variant((d) => { d.training.batchSize = -5; }), path: 'training.batchSize', message: 'must be at least 1, got -5' },
  { name: 'fractional seed', text: variant((d) => { d.training.seed = 1.5; }), path: 'training.seed', message: 'expected a whole number, got 1.5' },
  { name: 'seed above 2^32-1', text: variant((d) => { d.training.seed = 2 ** 32; }), path: 'training.seed', message: 'must be at most 4294967295, got 4294967296' },
  { name: 'too many epochs', text: variant((d) => { d.training.epochs = 2e6; }), path: 'training.epochs', message: 'must be at most 1000000, got 2000000' },
  { name: 'unknown optimizer', text: variant((d) => { d.training.optimizer.kind = 'RMSProp'; }), path: 'training.optimizer.kind', message: `must be one of ${SGD_AND_FRIENDS}, got "RMSProp"` },
  { name: 'momentum of 1', text: variant((d) => { d.training.optimizer.momentum = 1; }), path: 'training.optimizer.momentum', message: 'must be less than 1, got 1' },
  { name: 'zero learning rate', text: variant((d) => { d.training.optimizer.learningRate = 0; }), path: 'training.optimizer.learningRate', message: 'must be greater than 0, got 0' },
  { name: 'zero gradient clip', text: variant((d) => { d.training.gradientClip = 0; }), path: 'training.gradientClip', message: 'must be greater than 0, got 0' },
  { name: 'unknown metric', text: variant((d) => { d.training.metrics = ['mse', 'f1']; }), path: 'training.metrics[1]', message: /must be one of "mse", .*got "f1"/ },
  { name: 'early stopping patience 0', text: variant((d) => { d.training.earlyStopping = { enabled: true, patience: 0 }; }), path: 'training.earlyStopping.patience', message: 'must be at least 1, got 0' },
  { name: 'shuffle as text', text: variant((d) => { d.training.shuffle = 'yes'; }), path: 'training.shuffle', message: 'expected true or false, got "yes"' },
  { name: 'empty node id', text: variant((d) => { d.nodes[4].id = ''; }), path: 'nodes[4].id', message: 'must not be empty' },
  { name: 'overlong node id', text: variant((d) => { d.nodes[4].id = 'n'.repeat(201); }), path: 'nodes[4].id', message: 'is too long (201 characters; at most 200 allowed)' },
  { name: 'overlong label', text: variant((d) => { d.nodes[0].label = 'l'.repeat(1001); }), path: 'nodes[0].label', message: /is too long \(1001 characters/ },
  { name: 'group kind', text: variant((d) => { d.groups[0].kind = 'LSTM'; }), path: 'groups[0].kind', message: 'must be one of "Dense", "Conv2D", "Group", got "LSTM"' },
  { name: 'data without kind', text: variant((d) => { d.data = { path: 'a.csv' }; }), path: 'data.kind', message: 'is missing (expected text)' },
  { name: 'zero zoom', text: variant((d) => { d.view = { viewport: { x: 0, y: 0, zoom: 0 } }; }), path: 'view.viewport.zoom', message: 'must be greater than 0, got 0' },
  { name: '__proto__ key', text: FIXTURE.replace('"neurons": 1', '"__proto__": 1'), path: 'nodes[2].attributes.__proto__', message: '"__proto__" is not allowed as a name' },
  { name: 'bad v0 edge (no source)', text: '{"format":"gradflow","version":0,"nodes":[{"id":"a","op":"Input","attributes":{},"position":{"x":0,"y":0}}],"edges":[{"id":"e","target":"a","targetPort":"X"}]}', path: 'edges[0].from', message: 'is missing (expected an object)' },
];

for (const bad of BAD) {
  test(`refuses: ${bad.name}`, () => {
    const errors = errorsOf(parseDocumentStructure(bad.text, bad.limits));
    const first = errors[0]!;
    assert.equal(first.path, bad.path, JSON.stringify(errors));
    if (typeof bad.message === 'string') assert.ok(first.message.includes(bad.message), `got: ${first.message}`);
    else assert.match(first.message, bad.message);
  });
}

test('unknown fields are tolerated with a warning naming them, and dropped', () => {
  const text = variant((d) => {
    d.createdWith = 'gradflow 2.0';
    d.nodes[1].color = 'red';
    d.training.optimizer.nesterov = true;
  });
  const result = parseDocumentStructure(text);
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.warnings.sort(), [
    'ignoring unknown field "color" at nodes[1] (it is not saved)',
    'ignoring unknown field "createdWith" at the top level (it is not saved)',
    'ignoring unknown field "nesterov" at training.optimizer (it is not saved)',
  ]);
  assert.equal('createdWith' in result.doc, false);
  assert.equal('color' in result.doc.nodes[1]!, false);
});

test('unknown fields do not hide real errors', () => {
  const errors = errorsOf(parseDocumentStructure(variant((d) => { d.extra = 1; d.training.batchSize = 0; })));
  assert.deepEqual(errors, [{ path: 'training.batchSize', message: 'must be at least 1, got 0' }]);
});

test('data keeps its open fields', () => {
  const result = parseDocumentStructure(variant((d) => { d.data = { kind: 'csv', path: 'boston.csv', split: { train: 0.8 } }; }));
  assert.ok(result.ok);
  assert.deepEqual(result.doc.data, { kind: 'csv', path: 'boston.csv', split: { train: 0.8 } });
  assert.deepEqual(result.warnings, []);
});

test('every problem is reported, with a cap so a huge broken file stays readable', () => {
  const two = errorsOf(parseDocumentStructure(variant((d) => { d.nodes[0].position.x = 'a'; d.training.epochs = 0; })));
  assert.deepEqual(two.map((e) => e.path), ['nodes[0].position.x', 'training.epochs']);
  const many = errorsOf(parseDocumentStructure(variant((d) => {
    d.nodes = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, op: 'Input', attributes: {}, position: { x: 'left', y: 0 } }));
  })));
  assert.equal(many.length, 101);
  assert.equal(many[100]!.message, '…and 400 more problems');
});

test('a multi-megabyte parameter loads (its base64 check must not overflow the stack)', () => {
  const count = 1_000_000;
  const data = encodeFloat32Base64(new Float32Array(count).fill(0.5));
  const result = parseDocumentStructure(variant((d) => { d.parameters = { 'w.W': { shape: [count], dtype: 'float32', data } }; }));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
});

test('a byte-order mark is accepted', () => {
  assert.ok(parseDocumentStructure('\uFEFF' + FIXTURE).ok);
});

test('non-string input is refused, not thrown on', () => {
  for (const input of [undefined, null, 42, {}, []]) {
    const result = parseDocumentStructure(input as unknown as string);
    assert.equal(result.ok, false);
  }
});

test('a document at the default limits loads', () => {
  const text = variant((d) => {
    d.nodes = Array.from({ length: 10_000 }, (_, i) => ({ id: `n${i}`, op: 'Input', attributes: { shape: [1] }, position: { x: i, y: 0 } }));
    d.edges = Array.from({ length: 9_999 }, (_, i) => ({ id: `e${i}`, from: { node: `n${i}`, port: 'out' }, to: { node: `n${i + 1}`, port: 'X' } }));
    d.groups = [];
  });
  const result = parseDocumentStructure(text);
  assert.ok(result.ok);
  assert.equal(result.doc.nodes.length, 10_000);
});

// ---- fuzz: mutated documents never make the parser throw ------------------------------------------------

function lcg(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * bound);
  };
}

const SPICE = ['{', '}', '[', ']', '"', ':', ',', '\\', '-', '0', '1e999', 'e', '.', ' ', '\n', 'null', 'true', '\u0000', '\uD800', 'x'];

function mutate(text: string, random: (bound: number) => number): string {
  const at = random(text.length + 1);
  switch (random(6)) {
    case 0: // truncate
      return text.slice(0, at);
    case 1: { // swap two characters
      const other = random(text.length);
      const chars = [...text];
      [chars[at], chars[other]] = [chars[other]!, chars[at]!];
      return chars.join('');
    }
    case 2: // replace a character with something JSON-significant
      return text.slice(0, at) + SPICE[random(SPICE.length)] + text.slice(at + 1);
    case 3: // insert
      return text.slice(0, at) + SPICE[random(SPICE.length)] + text.slice(at);
    case 4: // delete a run
      return text.slice(0, at) + text.slice(at + 1 + random(20));
    default: // duplicate a slice
      return text.slice(0, at) + text.slice(random(text.length), random(text.length)) + text.slice(at);
  }
}

test('fuzz: 600 mutated documents all yield a result, and the scanner agrees with JSON.parse', () => {
  const random = lcg(20190119);
  let refused = 0;
  for (let round = 0; round < 600; round++) {
    let text = FIXTURE;
    const mutations = 1 + random(3);
    for (let k = 0; k < mutations; k++) text = mutate(text, random);
    let result: LoadResult | undefined;
    assert.doesNotThrow(() => { result = parseDocumentStructure(text); }, `round ${round}`);
    assert.ok(result);
    if (result.ok) assert.ok(Array.isArray(result.warnings));
    else {
      refused++;
      assert.ok(result.errors.length > 0);
      for (const error of result.errors) {
        assert.equal(typeof error.path, 'string');
        assert.ok(error.message.length > 0);
      }
    }
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    assert.equal(scanJson(text, 1000).ok, parses, `scanner disagrees with JSON.parse in round ${round}: ${JSON.stringify(text)}`);
  }
  assert.ok(refused > 100, 'the mutations should break most documents');
});
