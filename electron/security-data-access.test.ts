// Data files outside the document's folder: the worker's wrapper asks, main's side answers once per document and
// path, a refusal is a clear error — over a real MessageChannel, with the dialog as a function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { DataHost } from '../core/data/prepare.ts';
import {
  answerDataReadQuestions, askMainToRead, confirmingDataHost, DATA_READ_ALLOW, DATA_READ_BUTTONS, DataReadConfirmations,
  dataReadDialog, dataReadQuestionProblem, outsideFolder, refusedReadMessage,
} from './security-data-access.ts';

const folder = '/home/ada/models';

test('outsideFolder: only a path that climbs out of the folder, or another root, is outside', () => {
  assert.equal(outsideFolder(folder, '/home/ada/models/data.csv'), false);
  assert.equal(outsideFolder(folder, '/home/ada/models/data/train.csv'), false);
  assert.equal(outsideFolder(folder, '/home/ada/models/..data.csv'), false, 'a file name starting with two dots');
  assert.equal(outsideFolder(folder, '/home/ada/data.csv'), true);
  assert.equal(outsideFolder(folder, '/home/ada'), true);
  assert.equal(outsideFolder(folder, '/home/ada/models-old/data.csv'), true);
  assert.equal(outsideFolder(folder, '/etc/passwd'), true);
});

/** A DataHost that records what it was asked to read. */
const recordingHost = () => {
  const read: string[] = [];
  const inner: DataHost = {
    readFile: async (path) => { read.push(path); return new TextEncoder().encode('x\n1\n'); },
    readAsset: async () => new Uint8Array([1]),
  };
  return { inner, read };
};

test('a file inside the folder is read without a question; one outside only after a yes', async () => {
  const { inner, read } = recordingHost();
  const asked: string[] = [];
  let answer: boolean | 'cannot-ask' = true;
  const host = confirmingDataHost(inner, folder, async (path) => { asked.push(path); return answer; });
  await host.readFile('data/train.csv');
  assert.deepEqual(asked, []);
  await host.readFile('../shared/big.csv');
  assert.deepEqual(asked, ['/home/ada/shared/big.csv'], 'asked with the absolute path');
  assert.deepEqual(read, ['data/train.csv', '../shared/big.csv'], 'the inner host gets the path as the document wrote it');

  answer = false;
  await assert.rejects(host.readFile('/etc/passwd'), (error: Error) => {
    assert.equal(error.message, refusedReadMessage('/etc/passwd', folder, 'declined'));
    assert.match(error.message, /^\/etc\/passwd was not read: it is outside the document's folder \(\/home\/ada\/models\) and reading it was declined\. Move the file/);
    return true;
  });
  answer = 'cannot-ask';
  await assert.rejects(host.readFile('/etc/hosts'), /\/etc\/hosts was not read: .* the app could not ask you whether to read it/);
  assert.equal(read.length, 2, 'a refused file is never read');
  assert.deepEqual(await host.readAsset('mnist-images.idx'), new Uint8Array([1]), 'built-in datasets are not data paths');
});

test('a symbolic link inside the folder that points outside it is asked about', { skip: process.platform === 'win32' ? 'symlinks' : false }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gradflow-data-access-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const docs = join(root, 'docs');
  mkdirSync(docs);
  writeFileSync(join(root, 'secret.csv'), 'x\n1\n');
  writeFileSync(join(docs, 'local.csv'), 'x\n1\n');
  symlinkSync(join(root, 'secret.csv'), join(docs, 'innocent.csv'));
  const asked: string[] = [];
  const realPath = (p: string) => { try { return realpathSync(p); } catch { return p; } };
  const host = confirmingDataHost(recordingHost().inner, docs, async (p) => { asked.push(p); return false; }, realPath);
  await host.readFile('local.csv');
  await assert.rejects(host.readFile('innocent.csv'), /innocent\.csv was not read: it is outside the document's folder/);
  await host.readFile('missing.csv'); // a file that does not exist is the inner host's error to report
  assert.deepEqual(asked, [join(docs, 'innocent.csv')]);
});

test('the worker asks main over a port and main answers; malformed questions are refused', async (t) => {
  const { port1: main, port2: worker } = new MessageChannel();
  t.after(() => { main.close(); worker.close(); });
  const log: string[] = [];
  const asked: string[] = [];
  answerDataReadQuestions(main, async (path) => { asked.push(path); return path === '/data/ok.csv'; }, (m) => log.push(m));
  const ask = askMainToRead(worker);
  const [ok, no] = await Promise.all([ask('/data/ok.csv'), ask('/data/no.csv')]);
  assert.equal(ok, true);
  assert.equal(no, false);
  assert.deepEqual(asked.sort(), ['/data/no.csv', '/data/ok.csv']);

  // What a confused or hostile sender could post; each is refused (with an answer when it has an id).
  const answers: unknown[] = [];
  worker.on('message', (m) => answers.push(m));
  for (const bad of [null, 'hi', { type: 'confirm-data-read', id: 7, path: 'relative.csv' }, { type: 'confirm-data-read', id: 'x', path: '/a' }, { type: 'other', id: 8, path: '/a' }, { type: 'confirm-data-read', id: 9, path: '/a\0b' }]) {
    worker.postMessage(bad);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(log.length, 6, log.join('\n'));
  assert.match(log[2]!, /a data-read question from the engine was refused: the question names no absolute path/);
  assert.deepEqual(answers, [{ id: 7, allowed: false }, { id: 8, allowed: false }, { id: 9, allowed: false }]);
  assert.equal(asked.length, 2, 'no malformed question reaches the user');
});

test('a question pending when main goes away is a no; without a port nothing can be asked', async () => {
  const { port1: main, port2: worker } = new MessageChannel();
  main.on('message', () => main.close()); // main closes instead of answering
  assert.equal(await askMainToRead(worker)('/data/x.csv'), false);
  assert.equal(await askMainToRead(undefined)('/data/x.csv'), 'cannot-ask');
});

test('each document and path is asked once per window; two loads at once share one dialog', async () => {
  const dialogs: [string | null, string][] = [];
  let answer = true;
  const confirmations = new DataReadConfirmations(async (documentPath, dataPath) => {
    dialogs.push([documentPath, dataPath]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return answer;
  });
  const [a, b] = await Promise.all([confirmations.confirm('/d/m.gradflow', '/x.csv'), confirmations.confirm('/d/m.gradflow', '/x.csv')]);
  assert.deepEqual([a, b], [true, true]);
  answer = false;
  assert.equal(await confirmations.confirm('/d/m.gradflow', '/x.csv'), true, 'remembered');
  assert.equal(await confirmations.confirm('/d/m.gradflow', '/y.csv'), false);
  assert.equal(await confirmations.confirm('/d/m.gradflow', '/y.csv'), false, 'a no is remembered too');
  assert.equal(await confirmations.confirm('/e/other.gradflow', '/x.csv'), false, 'another document asks again');
  assert.equal(dialogs.length, 3);

  // A dialog that could not be shown is a no this time, and asks again next time.
  let fail = true;
  const flaky = new DataReadConfirmations(async () => { if (fail) throw new Error('no window'); return true; });
  assert.equal(await flaky.confirm(null, '/x.csv'), false);
  fail = false;
  assert.equal(await flaky.confirm(null, '/x.csv'), true);
});

test('the dialog names the file and the folder, and its safe answer is the default', () => {
  const options = dataReadDialog('/home/ada/models/m.gradflow', '/etc/passwd', 'm.gradflow');
  assert.equal(options.buttons[options.defaultId], "Don't Read");
  assert.equal(options.buttons[options.cancelId], "Don't Read", 'Escape means no');
  assert.equal(DATA_READ_BUTTONS[DATA_READ_ALLOW], 'Read File');
  assert.match(options.message, /m\.gradflow wants to read a file outside its folder/);
  assert.match(options.detail, /^\/etc\/passwd\n\nThis data file is not in \/home\/ada\/models\./);
  assert.match(dataReadDialog(null, '/x.csv', 'Untitled').detail, /not in the folder of the document/);
});

test('dataReadQuestionProblem accepts only a well-formed question', () => {
  assert.equal(dataReadQuestionProblem({ type: 'confirm-data-read', id: 1, path: '/a.csv' }), null);
  assert.match(dataReadQuestionProblem({ type: 'confirm-data-read', id: 1.5, path: '/a.csv' }) ?? '', /no numeric id/);
  assert.match(dataReadQuestionProblem([]) ?? '', /not a data-read question/);
});
