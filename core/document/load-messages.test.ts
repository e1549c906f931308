// Hand-made bad files and the EXACT errors each must produce through the full loader (loadDocument): every
// {path, message} pair, compared whole. The tables in parse.test.ts and load.test.ts match a part of the
// first message; this one pins the complete wording, so a message that loses its detail (the node, the
// line, the limit) or gains a second, confusing error fails here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDocument } from './load.ts';
import type { DocumentError, GradflowDocument } from './types.ts';
import { hugeString } from '../../test/support/fuzz.ts';

const fixture = readFileSync(join(import.meta.dirname, '../../test/fixtures/documents/linear-regression.gradflow'), 'utf8');
// Tests poke at arbitrary JSON.
type Json = any;
const variant = (change: (doc: Json) => void): string => {
  const doc = JSON.parse(fixture) as Json;
  change(doc);
  return JSON.stringify(doc, null, 2);
};
const TEN_MB = hugeString(10);

const BAD_FILES: { name: string; text: string; errors: DocumentError[] }[] = [
  { name: 'not JSON', text: 'hello, world', errors: [{ path: '', message: 'line 1, column 1: expected a value, found "h"' }] },
  { name: 'empty', text: '', errors: [{ path: '', message: 'the file is empty' }] },
  {
    name: 'a JSON list, not an object', text: '[1, 2]',
    errors: [{ path: '', message: 'not a Gradflow file: expected a JSON object at the top level, got a list' }],
  },
  {
    name: 'wrong format tag', text: variant((d) => { d.format = 'onnx'; }),
    errors: [{ path: 'format', message: 'not a Gradflow file ("format" is "onnx", expected "gradflow")' }],
  },
  {
    name: 'future version', text: variant((d) => { d.version = 2; }),
    errors: [{ path: 'version', message: 'this file was written by a newer Gradflow (version 2); this build reads up to version 1. Update Gradflow to open it.' }],
  },
  { name: 'missing nodes', text: variant((d) => { delete d.nodes; }), errors: [{ path: 'nodes', message: 'is missing (expected a list)' }] },
  {
    name: 'edge to a missing node', text: variant((d) => { d.edges[4].from.node = 'z'; }),
    errors: [{ path: 'edges[4].from.node', message: 'dangling edge "y-loss": its "from" node "z" does not exist' }],
  },
  {
    name: 'duplicate node ids', text: variant((d) => { d.nodes.push({ ...d.nodes[3], position: { x: 1, y: 1 } }); }),
    errors: [{ path: 'nodes[6].id', message: 'duplicate node id "b" (nodes[3] has it too)' }],
  },
  {
    name: 'unknown op', text: variant((d) => { d.nodes[4].op = 'Swish'; }),
    errors: [{ path: 'nodes[4].op', message: 'node "act" has unknown operation "Swish"' }],
  },
  {
    name: 'bad attribute value', text: variant((d) => { d.nodes[2].attributes.neurons = -3; }),
    errors: [{ path: 'nodes[2].attributes.neurons', message: 'node "w" (WeightMultiply): neurons must be at least 1, got -3' }],
  },
  {
    name: 'a cycle',
    text: variant((d) => { d.edges[0].from.node = 'act'; }),
    errors: [{ path: 'nodes[2]', message: 'the graph has a cycle: w → b → act → w; values must flow one way — remove one of the edges on that loop' }],
  },
  {
    name: 'a 10 MB label', text: variant((d) => { d.nodes[0].label = TEN_MB; }),
    errors: [{ path: 'nodes[0].label', message: 'is too long (10485760 characters; at most 1000 allowed)' }],
  },
  {
    name: 'a 10 MB node id', text: variant((d) => { d.nodes[3].id = TEN_MB; }),
    errors: [{ path: 'nodes[3].id', message: 'is too long (10485760 characters; at most 200 allowed)' }],
  },
  {
    name: 'declared tensor shape not matching its data',
    text: variant((d) => { d.parameters = { 'w.W': { shape: [13, 1], dtype: 'float32', data: 'AACAPwAAgD8=' } }; }),
    errors: [{ path: 'parameters["w.W"].data', message: 'holds 8 bytes, but shape [13, 1] needs 52 (13 float32 values)' }],
  },
  {
    name: 'saved tensor of the wrong shape for its node',
    text: variant((d) => { d.parameters = { 'w.W': { shape: [2, 1], dtype: 'float32', data: 'AACAPwAAgD8=' } }; }),
    errors: [{ path: 'parameters["w.W"].shape', message: 'saved parameter "w.W" has shape (2, 1) but WeightMultiply "w" needs (13, 1)' }],
  },
  { name: '10,000 nested lists', text: '['.repeat(10_000) + ']'.repeat(10_000), errors: [{ path: '', message: 'line 1, column 65: nested more than 64 levels deep' }] },
  {
    name: 'a number too large for a double', text: fixture.replace('"neurons": 1', '"neurons": 1e999'),
    errors: [{ path: 'nodes[2].attributes.neurons', message: 'is a number too large to represent (not finite)' }],
  },
  {
    name: 'a learning rate written as "NaN"', text: variant((d) => { d.training.optimizer.learningRate = 'NaN'; }),
    errors: [{ path: 'training.optimizer.learningRate', message: 'expected a number, got "NaN"' }],
  },
  {
    name: 'neurons of 2^53 + 1', text: variant((d) => { d.nodes[2].attributes.neurons = 2 ** 53 + 1; }),
    // 2^53 + 1 is not a double: it reads as 2^53, and the message shows the number that was read.
    errors: [{ path: 'nodes[2].attributes.neurons', message: 'node "w" (WeightMultiply): neurons must be at most 1000000, got 9007199254740992' }],
  },
  {
    name: 'an input port that does not exist', text: variant((d) => { d.edges[0].to.port = 'Y'; }),
    errors: [{ path: 'edges[0]', message: 'edge "x-w": WeightMultiply "w" has no input port "Y" (ports: X)' }],
  },
  {
    name: 'a "__proto__" attribute', text: fixture.replace('"neurons": 1', '"__proto__": {"polluted": true}'),
    errors: [{ path: 'nodes[2].attributes.__proto__', message: '"__proto__" is not allowed as a name' }],
  },
  {
    name: 'a NUL byte in the middle of the text', text: fixture.replace('"Features"', '"Feat\u0000ures"'),
    errors: [{ path: '', message: 'line 10, column 21: a line break or control character inside a string (write it as \\n or \\u00XX)' }],
  },
];

const describe = (errors: readonly DocumentError[]) => errors.map((e) => `${JSON.stringify(e.path)}: ${JSON.stringify(e.message)}`).join('\n  ');

for (const bad of BAD_FILES) {
  test(`exact errors: ${bad.name}`, () => {
    const result = loadDocument(bad.text);
    if (result.ok) assert.fail(`expected the file to be refused; it loaded with warnings ${JSON.stringify(result.warnings)}`);
    assert.deepEqual(result.errors, bad.errors, `got:\n  ${describe(result.errors)}`);
    // The editor's tolerant mode only softens shape mismatches: none of these is one.
    const tolerant = loadDocument(bad.text, {}, { shapeProblems: 'warning' });
    assert.equal(tolerant.ok, false);
  });
}

test('the table covers at least fifteen bad files', () => {
  assert.ok(BAD_FILES.length >= 15);
  const fixtureDoc: GradflowDocument | undefined = (() => { const r = loadDocument(fixture); return r.ok ? r.doc : undefined; })();
  assert.ok(fixtureDoc, 'the unchanged fixture loads');
});
