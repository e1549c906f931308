// Checks on everything that arrives over IPC, as pure functions: who sent it (only our own page, in a
// window's top frame) and whether the payload is what the channel carries. The renderer shows untrusted
// documents, so main treats every message as untrusted too: a refused message gets a reason, never a crash.

import { parseCommand } from '../core/protocol/commands.ts';
import type { GradflowDocument } from '../core/document/types.ts';
import { validateAutosaveRecord } from './autosave-format.ts';
import type { IncomingChannel, InvokeChannels, SendChannels } from './ipc-channels.ts';

/** The origin the app's pages are served from (app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gradflow';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  /** True for a window's top frame (Electron: `frame.parent === null`). */
  isTopFrame: boolean;
}

/** Why a message's sender is not trusted, or null when it is our page in a window's top frame. */
export function senderProblem(frame: SenderFrame | null | undefined): string | null {
  if (!frame) return 'the sending frame is gone';
  if (!frame.isTopFrame) return 'messages from sub-frames are not accepted';
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return `the sender's URL "${frame.url.slice(0, 100)}" is not a URL`;
  }
  // Compare scheme and host rather than `origin`: Node's URL reports "null" as the origin of custom schemes.
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return `the sender ${url.protocol}//${url.host} is not the app (${APP_ORIGIN})`;
  return null;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/**
 * The outline of a document: enough to know it is one before it is serialized. The full check is the
 * loader's, run on the text that was written (file-store.ts), so a broken document is reported, not lost.
 */
export function validateDocumentShape(value: unknown): Validated<GradflowDocument> {
  if (!isObject(value)) return fail('the document must be an object');
  if (value.format !== 'gradflow') return fail('the document must have format "gradflow"');
  if (!Number.isInteger(value.version)) return fail('the document must have an integer version');
  for (const list of ['nodes', 'edges', 'groups'] as const) {
    if (!Array.isArray(value[list])) return fail(`the document's ${list} must be a list`);
  }
  if (!isObject(value.training)) return fail("the document's training must be an object");
  return { ok: true, value: value as unknown as GradflowDocument };
}

const noPayload = (payload: unknown): Validated<null> =>
  payload === undefined || payload === null ? { ok: true, value: null } : fail('this channel takes no payload');

/** An example is named by its file name only: nothing that could leave the examples folder. */
const EXAMPLE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.gradflow$/;

type RequestOf<C extends IncomingChannel> = C extends keyof InvokeChannels
  ? InvokeChannels[C]['request']
  : C extends keyof SendChannels ? SendChannels[C] : never;

export const validators: { [C in IncomingChannel]: (payload: unknown) => Validated<RequestOf<C>> } = {
  'document:get': noPayload,
  'file:open': noPayload,
  'examples:list': noPayload,
  'examples:open': (payload) => {
    if (!isObject(payload) || typeof payload.file !== 'string') return fail('needs {file: string}');
    if (!EXAMPLE_FILE.test(payload.file) || payload.file.includes('..')) return fail(`"${payload.file.slice(0, 100)}" is not an example file name`);
    return { ok: true, value: { file: payload.file } };
  },
  'file:save': (payload) => {
    if (!isObject(payload)) return fail('needs {document, saveAs}');
    if (typeof payload.saveAs !== 'boolean') return fail('saveAs must be true or false');
    const document = validateDocumentShape(payload.document);
    if (!document.ok) return document;
    return { ok: true, value: { document: document.value, saveAs: payload.saveAs } };
  },
  // The window's copy is named by main (its slot), never by the page: the payload is the record only.
  'autosave:write': (payload) => (payload === null ? { ok: true, value: null } : validateAutosaveRecord(payload)),
  'autosave:read': noPayload,
  'engine:command': (payload) => {
    // A load's outline first, for the same short reasons a save gets; parseCommand then checks the whole
    // document structure (as the loader checks a file) before main keeps it for re-loading after a restart.
    if (isObject(payload) && payload.type === 'load' && payload.document !== undefined) {
      const document = validateDocumentShape(payload.document);
      if (!document.ok) return document;
    }
    const parsed = parseCommand(payload);
    if (!parsed.ok) return fail(parsed.error);
    return { ok: true, value: parsed.command };
  },
  'window:set-dirty': (payload) =>
    isObject(payload) && typeof payload.dirty === 'boolean' ? { ok: true, value: { dirty: payload.dirty } } : fail('needs {dirty: boolean}'),
};

/** Sender and payload together, for the IPC glue: the value, or one line saying why it was refused. */
export function checkIncoming<C extends IncomingChannel>(channel: C, frame: SenderFrame | null | undefined, payload: unknown): Validated<RequestOf<C>> {
  const sender = senderProblem(frame);
  if (sender !== null) return fail(`${channel}: refused: ${sender}`);
  const result = (validators[channel] as (p: unknown) => Validated<RequestOf<C>>)(payload);
  return result.ok ? result : fail(`${channel}: refused: ${result.error}`);
}
