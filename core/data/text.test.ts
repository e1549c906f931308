// Character vocabularies: sorted by code point (deterministic), whole code points, and encoding round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { buildVocabulary, compareCodePoints, decodeCharacters, encodeCharacters } from './text.ts';

test('the vocabulary is the distinct characters sorted by code point', () => {
  assert.deepEqual(buildVocabulary('hello, world'), [' ', ',', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  assert.deepEqual(buildVocabulary(''), []);
  // An astral character (U+1F600) sorts after U+FF01 by code point, although its UTF-16 units (0xD83D…) sort before.
  assert.deepEqual(buildVocabulary('😀！a😀'), ['a', '！', '😀']);
});

test('encoding gives vocabulary indices; unknown characters are -1; decoding inverts it', () => {
  const vocabulary = buildVocabulary('abcab😀');
  const codes = encodeCharacters('cab😀z', vocabulary);
  assert.ok(codes instanceof Int32Array);
  assert.deepEqual([...codes], [2, 0, 1, 3, -1]);
  assert.equal(decodeCharacters(codes, vocabulary), 'cab😀\ufffd');
  assert.deepEqual([...encodeCharacters(42 as unknown as string, vocabulary)], []);
});

test('compareCodePoints orders like Python strings', () => {
  const words = ['b', 'a', 'ab', '😀', '！', ''];
  assert.deepEqual([...words].sort(compareCodePoints), ['', 'a', 'ab', 'b', '！', '😀']);
});
