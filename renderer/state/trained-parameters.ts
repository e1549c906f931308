// Saving what was learned: before a document is written, the engine is asked for its trained parameters and
// run summary (export-parameters), so the saved file holds the model the user trained, not the one loaded —
// and after Reset, no parameters at all (reopened, they are drawn from the seed, as the engine would).

import type { GradflowDocument } from '../../core/document/types.ts';
import type { Host } from '../host/host.ts';
import { askEngine } from './engine-requests.ts';

/** The document with the engine's parameters and summary in place of its own, or unchanged when no answer came. */
export async function withEngineParameters(host: Host, doc: GradflowDocument, timeoutMs = 3000): Promise<GradflowDocument> {
  let answer;
  try {
    answer = await askEngine(host, { type: 'export-parameters' }, timeoutMs);
  } catch {
    return doc;
  }
  const { parameters: _parameters, runSummary: _summary, ...rest } = doc;
  return {
    ...rest,
    ...(Object.keys(answer.parameters).length > 0 ? { parameters: answer.parameters } : {}),
    ...(answer.runSummary ? { runSummary: answer.runSummary } : {}),
  };
}
