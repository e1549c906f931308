import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataUrlToBlob, fileNamePart } from './download.ts';

test('a base64 data: URL (plotly\'s PNG) becomes its bytes with its type', async () => {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
  const blob = dataUrlToBlob(`data:image/png;base64,${Buffer.from(bytes).toString('base64')}`);
  assert.equal(blob.type, 'image/png');
  assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), bytes);
});

test('a percent-encoded data: URL (plotly\'s SVG) is decoded', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>f′(x) & 50%</text></svg>';
  const blob = dataUrlToBlob(`data:image/svg+xml,${encodeURIComponent(svg)}`);
  assert.equal(blob.type, 'image/svg+xml');
  assert.equal(await blob.text(), svg);
});

test('anything else is refused', () => {
  assert.throws(() => dataUrlToBlob('blob:http://x/1'), /not a data: URL/);
});

test('file names from document names', () => {
  assert.equal(fileNamePart('A spiral, two classes'), 'a-spiral-two-classes');
  assert.equal(fileNamePart('Chapter 1 · a chain of functions'), 'chapter-1-a-chain-of-functions');
  assert.equal(fileNamePart('///'), 'gradflow');
});
