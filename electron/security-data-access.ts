// A data file outside the document's folder is read only after the user says so (DESIGN.md §5): a document may
// come from anyone, and its data source could name ~/.ssh/id_rsa or another project's data just as easily as the
// CSV beside it. The engine worker asks the main process before such a read, main asks the user once per document
// and path, and a refusal fails the load with a message saying why — the window's document is not touched.
//
// The round trip runs on a MessagePort of its own in the worker's workerData (like the heartbeat), so the engine
// protocol stays the same in every host and the question never waits behind engine commands:
//   worker → main  { type: 'confirm-data-read', id, path }     path: absolute, outside the document's folder
//   main → worker  { id, allowed }
// No Electron here: the worker side wraps a DataHost, the main side takes the dialog as a function.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import type { DataHost } from '../core/data/prepare.ts';

/** What the worker finds in workerData besides EngineHostWorkerData (worker-data.ts). */
export interface DataAccessWorkerData {
  /** main answers data-read questions on this port; without it, nothing outside the folder is read. */
  dataAccess?: MessagePort;
}

export interface DataReadQuestion {
  type: 'confirm-data-read';
  id: number;
  path: string;
}

export interface DataReadAnswer {
  id: number;
  allowed: boolean;
}

/** True when `path` (absolute) is not inside `folder` (a file directly in it, or in a subfolder, is inside). */
export function outsideFolder(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  // "..data.csv" is a file name inside the folder; only a ".." path segment climbs out.
  return inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside);
}

/** The message a refused read fails the load with. */
export function refusedReadMessage(path: string, folder: string, reason: 'declined' | 'cannot-ask'): string {
  const why = reason === 'declined'
    ? 'reading it was declined'
    : 'the app could not ask you whether to read it';
  return `${path} was not read: it is outside the document's folder (${folder}) and ${why}. ` +
    'Move the file into the document\'s folder, or close and reopen the document and choose "Read File" when asked.';
}

/**
 * `inner` (which resolves paths against `folder`), except that a file outside `folder` is read only once
 * `confirm(path)` resolves true. `realPath` follows symbolic links, so a link inside the folder that points
 * outside it is asked about too (it returns its argument when the file does not exist).
 */
export function confirmingDataHost(
  inner: DataHost,
  folder: string,
  confirm: (path: string) => Promise<boolean | 'cannot-ask'>,
  realPath: (path: string) => string = (path) => path,
): DataHost {
  const realFolder = realPath(folder);
  return {
    readAsset: (name) => inner.readAsset(name),
    readFile: async (path) => {
      const full = resolve(folder, path);
      if (outsideFolder(folder, full) || outsideFolder(realFolder, realPath(full))) {
        const answer = await confirm(full);
        if (answer !== true) throw new Error(refusedReadMessage(full, folder, answer === 'cannot-ask' ? 'cannot-ask' : 'declined'));
      }
      return inner.readFile(path);
    },
  };
}

/** The worker's side: asks main on `port` and waits for the answer ('cannot-ask' without a port). */
export function askMainToRead(port: MessagePort | undefined): (path: string) => Promise<boolean | 'cannot-ask'> {
  if (port === undefined) return async () => 'cannot-ask';
  let nextId = 1;
  const waiting = new Map<number, (allowed: boolean) => void>();
  port.on('message', (message: unknown) => {
    const answer = message as Partial<DataReadAnswer> | null;
    const settle = typeof answer?.id === 'number' ? waiting.get(answer.id) : undefined;
    if (settle === undefined) return;
    waiting.delete(answer!.id!);
    settle(answer!.allowed === true);
  });
  port.on('close', () => {
    for (const settle of waiting.values()) settle(false);
    waiting.clear();
  });
  return (path) => new Promise((settle) => {
    const id = nextId++;
    waiting.set(id, settle);
    const question: DataReadQuestion = { type: 'confirm-data-read', id, path };
    port.postMessage(question);
  });
}

/** The first problem with a question from the worker, or null for a well-formed one. */
export function dataReadQuestionProblem(message: unknown): string | null {
  const question = message as Partial<DataReadQuestion> | null;
  if (typeof question !== 'object' || question === null || question.type !== 'confirm-data-read') return 'not a data-read question';
  if (!Number.isSafeInteger(question.id)) return 'the question has no numeric id';
  if (typeof question.path !== 'string' || !isAbsolute(question.path) || question.path.includes('\0')) return 'the question names no absolute path';
  return null;
}

/**
 * Main's side: answers every question arriving on `port` with `confirm(path)`; a malformed question is logged
 * and refused. The port is unref'd, so it never keeps the app alive.
 */
export function answerDataReadQuestions(port: MessagePort, confirm: (path: string) => Promise<boolean>, log: (message: string) => void): void {
  port.on('message', (message: unknown) => {
    const problem = dataReadQuestionProblem(message);
    const id = (message as Partial<DataReadQuestion> | null)?.id;
    if (problem !== null) {
      log(`a data-read question from the engine was refused: ${problem}`);
      if (typeof id === 'number' && Number.isSafeInteger(id)) port.postMessage({ id, allowed: false } satisfies DataReadAnswer);
      return;
    }
    const question = message as DataReadQuestion;
    void confirm(question.path).catch(() => false).then((allowed) => {
      const answer: DataReadAnswer = { id: question.id, allowed };
      try {
        port.postMessage(answer);
      } catch {
        // The worker went (restarted or closed) while the user was deciding; its successor asks again.
      }
    });
  });
  port.unref();
}

/** The dialog's buttons: the safe choice first, and it is also what Escape and closing the dialog mean. */
export const DATA_READ_BUTTONS = ["Don't Read", 'Read File'] as const;
export const DATA_READ_ALLOW = DATA_READ_BUTTONS.indexOf('Read File');

/** The question for dialog.showMessageBox (its MessageBoxOptions). */
export function dataReadDialog(documentPath: string | null, dataPath: string, documentName: string) {
  const folder = documentPath === null ? null : resolve(documentPath, '..');
  return {
    type: 'warning' as const,
    buttons: [...DATA_READ_BUTTONS],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    message: `${documentName} wants to read a file outside its folder`,
    detail: `${dataPath}\n\nThis data file is not in ${folder === null ? 'the folder of the document' : folder}. ` +
      'A document can come from anyone: read the file only if you expect this document to use it. ' +
      'Your answer is remembered until you close the document.',
  };
}

/**
 * One window's answers, per document and data path, for as long as the window is open: each file is asked about
 * once (a reload, an edit or a worker restart reuses the answer), and two loads asking at once share one dialog.
 */
export class DataReadConfirmations {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(private readonly ask: (documentPath: string | null, dataPath: string) => Promise<boolean>) {}

  confirm(documentPath: string | null, dataPath: string): Promise<boolean> {
    const key = JSON.stringify([documentPath, dataPath]);
    let answer = this.answers.get(key);
    if (answer === undefined) {
      // A dialog that failed to show is not an answer: the next read asks again.
      answer = this.ask(documentPath, dataPath).catch(() => {
        this.answers.delete(key);
        return false;
      });
      this.answers.set(key, answer);
    }
    return answer;
  }
}
