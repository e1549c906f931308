// Commands: everything a window asks of the engine, as one typed union. Every host (Electron's worker thread,
// the browser's Web Worker, tests) sends exactly these; `parseCommand` checks an untrusted message.

import type { DocumentError, GradflowDocument } from '../document/types.ts';
import { parseDocumentValue } from '../document/parse.ts';
import type { BackendName } from '../train/config.ts';

export type TensorRequest =
  | { kind: 'edge-value'; edgeId: string }
  | { kind: 'edge-gradient'; edgeId: string }
  | { kind: 'parameter'; key: string }
  | { kind: 'parameter-gradient'; key: string };

export type EngineCommand =
  /** Open a document; `files` carries data files the host read for the engine (the web build's picked files). */
  | { type: 'load'; document: GradflowDocument; files?: Record<string, Uint8Array> }
  /** Train from the current parameters for the document's epochs (or `epochs`). */
  | { type: 'train'; epochs?: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  /** Re-initialise the parameters from the seed. */
  | { type: 'reset' }
  | { type: 'step-forward' }
  | { type: 'step-backward' }
  /** What flows in step-through mode: one training row (its index before shuffling), or `null` for the first batch. */
  | { type: 'step-select'; sample: number | null }
  | { type: 'run-batch' }
  | { type: 'evaluate' }
  | { type: 'gradient-check'; nodeId: string }
  | { type: 'request-tensor'; requestId: number; tensor: TensorRequest }
  /** Ask for the trained parameters and a run summary, to save them in the document. */
  | { type: 'export-parameters'; requestId: number }
  | { type: 'set-backend'; backend: BackendName }
  /** Live edits while training, as in TensorFlow Playground (DESIGN.md §6). */
  | { type: 'set-learning-rate'; learningRate: number }
  | { type: 'set-momentum'; momentum: number }
  /**
   * Try it: run rows of features (each one sample, flattened in the Input's shape) through the current
   * parameters. Answered by `prediction`; a single row also gets every edge's value (the activations).
   */
  | {
      type: 'predict'; requestId: number; inputs: number[][];
      /** The rows are in the data's own units (pixels, the CSV's numbers): the engine scales them like the training rows. */
      raw?: boolean;
    }
  /** Predicted against actual for every row of a split (confusion matrix, misclassified grid, scatter). */
  | { type: 'predictions'; requestId: number; split: 'train' | 'validation' | 'test' }
  /**
   * One node's output for the first `limit` rows of a split (evaluation mode, the current parameters), with
   * the rows' class labels when the data keeps them (an autoencoder's digits); `inputs: true` also sends the
   * rows' features (to draw them beside a reconstruction). Answered by `activations`.
   */
  | { type: 'activations'; requestId: number; nodeId: string; split: 'train' | 'validation' | 'test'; limit: number; inputs?: boolean }
  /**
   * Chapter 1's f(x) and f′(x): for a graph with one scalar Input, evaluate every node over a range of x and
   * the derivative of the loss's prediction with respect to x, both by backpropagation and as the product of
   * each node's local derivative along the chain.
   */
  | { type: 'sweep'; requestId: number; from: number; to: number; points: number }
  | { type: 'set-telemetry-rate'; hz: number }
  /** The most memory a run's parameters may take (float32 bytes); a bigger graph is refused before allocating. */
  | { type: 'set-memory-budget'; bytes: number };

export type CommandType = EngineCommand['type'];

/** The first problem, path first, and how many more: one line for a message. */
function describeDocumentErrors(errors: readonly DocumentError[]): string {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more ${errors.length === 2 ? 'problem' : 'problems'})` : '';
  return `${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'unknown problem'}${more}`;
}

/** Try it and the decision boundary send at most this many rows, each at most this wide (an MNIST image is 784). */
export const MAX_PREDICT_ROWS = 10_000;
export const MAX_PREDICT_WIDTH = 100_000;
/** `activations` sends at most this many rows. */
export const MAX_ACTIVATION_ROWS = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/**
 * An untrusted message as a command, or why it is not one. A 'load' document gets the loader's structural
 * checks (parseDocumentValue); its graph and data are checked when the session loads it.
 */
export function parseCommand(message: unknown): { ok: true; command: EngineCommand } | { ok: false; error: string } {
  if (!isObject(message) || typeof message.type !== 'string') return { ok: false, error: 'a command must be an object with a "type"' };
  const m = message;
  const bad = (what: string) => ({ ok: false as const, error: `command "${m.type}": ${what}` });
  switch (m.type) {
    case 'load': {
      if (!isObject(m.document)) return bad('needs a document');
      if (m.files !== undefined && (!isObject(m.files) || !Object.values(m.files).every((f) => f instanceof Uint8Array))) return bad('files must map paths to bytes');
      // A document in a message is as untrusted as a file (a page shows documents from anywhere): it gets the
      // file's structural checks, or a bad value (an attributes string of 10 MB, a count of 1e308) would reach
      // the graph builder and the data loader unchecked. The session's checkDocument does the semantic half.
      const parsed = parseDocumentValue(m.document);
      if (!parsed.ok) return bad(`the document cannot be opened: ${describeDocumentErrors(parsed.errors)}`);
      return { ok: true, command: { type: 'load', document: parsed.doc, ...(m.files !== undefined ? { files: m.files as Record<string, Uint8Array> } : {}) } };
    }
    case 'train':
      if (m.epochs !== undefined && !(Number.isInteger(m.epochs) && (m.epochs as number) >= 1 && (m.epochs as number) <= 1_000_000)) return bad('epochs must be a whole number from 1 to 1000000');
      return { ok: true, command: m as unknown as EngineCommand };
    case 'pause': case 'resume': case 'stop': case 'reset': case 'step-forward': case 'step-backward': case 'run-batch': case 'evaluate':
      return { ok: true, command: { type: m.type } };
    case 'step-select':
      return m.sample === null || (Number.isInteger(m.sample) && (m.sample as number) >= 0)
        ? { ok: true, command: { type: 'step-select', sample: m.sample as number | null } } : bad('sample must be a row index (0 or more) or null for the first batch');
    case 'set-momentum':
      return typeof m.momentum === 'number' && m.momentum >= 0 && m.momentum < 1
        ? { ok: true, command: { type: 'set-momentum', momentum: m.momentum } } : bad('momentum must be a number from 0 up to (not including) 1');
    case 'predict': {
      if (!Number.isInteger(m.requestId)) return bad('needs an integer requestId');
      const rows = m.inputs;
      if (!Array.isArray(rows) || rows.length === 0 || rows.length > MAX_PREDICT_ROWS) return bad(`inputs must be 1 to ${MAX_PREDICT_ROWS} rows`);
      for (const row of rows) {
        if (!Array.isArray(row) || row.length === 0 || row.length > MAX_PREDICT_WIDTH) return bad(`each input row must hold 1 to ${MAX_PREDICT_WIDTH} numbers`);
        if (!row.every((v) => typeof v === 'number' && Number.isFinite(v))) return bad('inputs must be finite numbers');
      }
      if (m.raw !== undefined && typeof m.raw !== 'boolean') return bad('raw must be true or false');
      return { ok: true, command: { type: 'predict', requestId: m.requestId as number, inputs: rows as number[][], ...(m.raw === true ? { raw: true } : {}) } };
    }
    case 'predictions':
      if (!Number.isInteger(m.requestId)) return bad('needs an integer requestId');
      return m.split === 'train' || m.split === 'validation' || m.split === 'test'
        ? { ok: true, command: { type: 'predictions', requestId: m.requestId as number, split: m.split } } : bad('split must be "train", "validation" or "test"');
    case 'activations': {
      if (!Number.isInteger(m.requestId)) return bad('needs an integer requestId');
      if (!isId(m.nodeId)) return bad('needs a nodeId');
      if (m.split !== 'train' && m.split !== 'validation' && m.split !== 'test') return bad('split must be "train", "validation" or "test"');
      if (!Number.isInteger(m.limit) || (m.limit as number) < 1 || (m.limit as number) > MAX_ACTIVATION_ROWS) return bad(`limit must be a whole number from 1 to ${MAX_ACTIVATION_ROWS}`);
      if (m.inputs !== undefined && typeof m.inputs !== 'boolean') return bad('inputs must be true or false');
      return {
        ok: true,
        command: { type: 'activations', requestId: m.requestId as number, nodeId: m.nodeId, split: m.split, limit: m.limit as number, ...(m.inputs === true ? { inputs: true } : {}) },
      };
    }
    case 'sweep': {
      if (!Number.isInteger(m.requestId)) return bad('needs an integer requestId');
      const { from, to, points } = m;
      if (typeof from !== 'number' || typeof to !== 'number' || !Number.isFinite(from) || !Number.isFinite(to) || !(from < to)) return bad('from and to must be finite numbers with from < to');
      if (!Number.isInteger(points) || (points as number) < 2 || (points as number) > 2000) return bad('points must be a whole number from 2 to 2000');
      return { ok: true, command: { type: 'sweep', requestId: m.requestId as number, from, to, points: points as number } };
    }
    case 'gradient-check':
      return isId(m.nodeId) ? { ok: true, command: { type: 'gradient-check', nodeId: m.nodeId } } : bad('needs a nodeId');
    case 'request-tensor': {
      const t = m.tensor;
      if (!Number.isInteger(m.requestId)) return bad('needs an integer requestId');
      if (!isObject(t)) return bad('needs a tensor to send');
      const edge = (t.kind === 'edge-value' || t.kind === 'edge-gradient') && isId(t.edgeId);
      const param = (t.kind === 'parameter' || t.kind === 'parameter-gradient') && isId(t.key);
      if (!edge && !param) return bad('tensor must be {kind: "edge-value"|"edge-gradient", edgeId} or {kind: "parameter"|"parameter-gradient", key}');
      return { ok: true, command: m as unknown as EngineCommand };
    }
    case 'export-parameters':
      return Number.isInteger(m.requestId) ? { ok: true, command: { type: 'export-parameters', requestId: m.requestId as number } } : bad('needs an integer requestId');
    case 'set-backend':
      return m.backend === 'reference' || m.backend === 'fast' ? { ok: true, command: { type: 'set-backend', backend: m.backend } } : bad('backend must be "reference" or "fast"');
    case 'set-learning-rate':
      return typeof m.learningRate === 'number' && Number.isFinite(m.learningRate) && m.learningRate > 0
        ? { ok: true, command: { type: 'set-learning-rate', learningRate: m.learningRate } } : bad('learningRate must be a positive number');
    case 'set-telemetry-rate':
      return typeof m.hz === 'number' && m.hz >= 0 && m.hz <= 240
        ? { ok: true, command: { type: 'set-telemetry-rate', hz: m.hz } } : bad('hz must be a number from 0 (off) to 240');
    case 'set-memory-budget':
      return typeof m.bytes === 'number' && Number.isInteger(m.bytes) && m.bytes >= 2 ** 10 && m.bytes <= 2 ** 40
        ? { ok: true, command: { type: 'set-memory-budget', bytes: m.bytes } } : bad('bytes must be a whole number from 1 KiB to 1 TiB');
    default:
      return { ok: false, error: `unknown command "${String(m.type).slice(0, 60)}"` };
  }
}
