// Saving what was learned: before a document is written, the engine is asked for its trained parameters and
// run summary (export-parameters), so the saved file holds the model the user trained, not the one loaded.

import type { GradflowDocument } from '../../core/document/types.ts';
import type { Host } from '../host/host.ts';

let nextRequestId = 1_000_000;

/** The document with the engine's trained parameters, or unchanged when nothing was trained (or no answer came). */
export function withEngineParameters(host: Host, doc: GradflowDocument, timeoutMs = 3000): Promise<GradflowDocument> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    const finish = (result: GradflowDocument) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    };
    const timer = setTimeout(() => finish(doc), timeoutMs);
    const unsubscribe = host.onTelemetry((telemetry) => {
      if (telemetry.type === 'trained-parameters' && telemetry.requestId === requestId) {
        finish({ ...doc, parameters: telemetry.parameters, ...(telemetry.runSummary ? { runSummary: telemetry.runSummary } : {}) });
      } else if (telemetry.type === 'error' && telemetry.requestId === requestId) {
        finish(doc);
      }
    });
    host.send({ type: 'export-parameters', requestId });
  });
}
