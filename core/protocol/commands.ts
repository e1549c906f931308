// Commands: everything a window asks of the engine, as one typed union. Every host (Electron's worker thread,
// the browser's Web Worker, tests) sends exactly these; `parseCommand` checks an untrusted message.

import type { GradflowDocument } from '../document/types.ts';
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
  | { type: 'run-batch' }
  | { type: 'evaluate' }
  | { type: 'gradient-check'; nodeId: string }
  | { type: 'request-tensor'; requestId: number; tensor: TensorRequest }
  /** Ask for the trained parameters and a run summary, to save them in the document. */
  | { type: 'export-parameters'; requestId: number }
  | { type: 'set-backend'; backend: BackendName }
  /** Live edits while training, as in TensorFlow Playground (DESIGN.md §6). */
  | { type: 'set-learning-rate'; learningRate: number }
  | { type: 'set-telemetry-rate'; hz: number }
  /** The most memory a run's parameters may take (float32 bytes); a bigger graph is refused before allocating. */
  | { type: 'set-memory-budget'; bytes: number };

export type CommandType = EngineCommand['type'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** An untrusted message as a command, or why it is not one. The document itself is checked by the loader. */
export function parseCommand(message: unknown): { ok: true; command: EngineCommand } | { ok: false; error: string } {
  if (!isObject(message) || typeof message.type !== 'string') return { ok: false, error: 'a command must be an object with a "type"' };
  const m = message;
  const bad = (what: string) => ({ ok: false as const, error: `command "${m.type}": ${what}` });
  switch (m.type) {
    case 'load':
      if (!isObject(m.document)) return bad('needs a document');
      if (m.files !== undefined && (!isObject(m.files) || !Object.values(m.files).every((f) => f instanceof Uint8Array))) return bad('files must map paths to bytes');
      return { ok: true, command: m as unknown as EngineCommand };
    case 'train':
      if (m.epochs !== undefined && !(Number.isInteger(m.epochs) && (m.epochs as number) >= 1 && (m.epochs as number) <= 1_000_000)) return bad('epochs must be a whole number from 1 to 1000000');
      return { ok: true, command: m as unknown as EngineCommand };
    case 'pause': case 'resume': case 'stop': case 'reset': case 'step-forward': case 'step-backward': case 'run-batch': case 'evaluate':
      return { ok: true, command: { type: m.type } };
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
