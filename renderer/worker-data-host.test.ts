// The worker's DataHost: built-in assets over fetch (cached, failures retried), user files from the load
// command, gzip undone by the platform's decompressor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createWorkerDataHost } from './worker-data-host.ts';

function fakeFetch(status = 200) {
  const urls: string[] = [];
  const fetch = async (url: string) => {
    urls.push(url);
    return { ok: status === 200, status, arrayBuffer: async () => new Uint8Array([1, 2, 3]).buffer };
  };
  return { fetch, urls };
}

test('built-in assets come from the asset folder, fetched once', async () => {
  const { fetch, urls } = fakeFetch();
  const host = createWorkerDataHost('http://127.0.0.1:4178/assets/data/', fetch);
  assert.deepEqual([...(await host.readAsset('auto-mpg.json'))], [1, 2, 3]);
  await host.readAsset('auto-mpg.json');
  assert.deepEqual(urls, ['http://127.0.0.1:4178/assets/data/auto-mpg.json']);
});

test('a failed asset fetch names the asset and is tried again next time', async () => {
  const { fetch, urls } = fakeFetch(404);
  const host = createWorkerDataHost('http://x/assets/data/', fetch);
  await assert.rejects(host.readAsset('mnist-images.idx'), /built-in dataset "mnist-images.idx" \(HTTP 404/);
  await assert.rejects(host.readAsset('mnist-images.idx'));
  assert.equal(urls.length, 2);
});

test('user files are the bytes the page passed, by their path in the document', async () => {
  const host = createWorkerDataHost('http://x/', fakeFetch().fetch);
  const csv = new TextEncoder().encode('a,b\n1,2\n');
  host.setFiles({ 'data/points.csv': csv, 'data/more.csv.gz': new Uint8Array(gzipSync(csv)), bogus: 'not bytes' });
  assert.equal(await host.readFile('./data/points.csv'), csv);
  assert.deepEqual([...(await host.readFile('data/more.csv.gz'))], [...csv]);
  await assert.rejects(host.readFile('bogus'), /was not provided/);
  host.setFiles(undefined);
  await assert.rejects(host.readFile('data/points.csv'), /"data\/points.csv" was not provided/);
});
