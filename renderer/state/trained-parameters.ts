// Saving what was learned: before a document is written, the engine is asked for its trained parameters and
// run summary (export-parameters), so the saved file holds the model the user trained, not the one loaded.

import type { GradflowDocument } from '../../core/document/types.ts';
import type { Host } from '../host/host.ts';
import { askEngine } from './engine-requests.ts';

/** The document with the engine's trained parameters, or unchanged when nothing was trained (or no answer came). */
export async function withEngineParameters(host: Host, doc: GradflowDocument, timeoutMs = 3000): Promise<GradflowDocument> {
  try {
    const answer = await askEngine(host, { type: 'export-parameters' }, timeoutMs);
    return { ...doc, parameters: answer.parameters, ...(answer.runSummary ? { runSummary: answer.runSummary } : {}) };
  } catch {
    return doc;
  }
}
