// Messages above the work area: errors (from opening a file or from the engine), data files the page must
// be given, unsaved work found at start-up, and the engine's warnings.

import { useDocument, useServices, useTelemetry } from './context.ts';
import { describeNode } from '../canvas/focus.ts';
import { requestFocus } from '../canvas/focus-requests.ts';

export function ErrorBanner() {
  const { documents } = useServices();
  const problems = useDocument((s) => s.problems);
  const doc = useDocument((s) => s.doc);
  const engineError = useTelemetry((s) => s.error);
  const nodeId = engineError?.nodeId;
  const lines = [...problems, ...(engineError && !nodeId ? [engineError.message] : [])];
  if (lines.length === 0 && !nodeId) return null;
  return (
    <div className="banner error" role="alert" data-testid="error-banner" {...(nodeId ? { 'data-node-id': nodeId } : {})}>
      <ul>
        {lines.map((line, i) => <li key={i}>{line}</li>)}
        {/* An engine error about a node (a NaN/Inf, a shape) names it, and can show it on the canvas. */}
        {engineError && nodeId ? (
          <li>
            {engineError.message} — at <strong data-testid="error-node">{describeNode(doc, nodeId)}</strong>{' '}
            <button type="button" data-testid="error-show-node" onClick={() => requestFocus(nodeId)}>Show on the canvas</button>
          </li>
        ) : null}
      </ul>
      {problems.length > 0 ? <button type="button" onClick={() => documents.dismissProblems()} aria-label="Dismiss">×</button> : null}
    </div>
  );
}

export function DataFilesPrompt() {
  const { documents } = useServices();
  const missing = useDocument((s) => s.missingFiles);
  if (missing.length === 0) return null;
  return (
    <div className="banner info" data-testid="data-files">
      <p>This graph trains on data files a web page cannot open by itself. Pick each one:</p>
      <ul>
        {missing.map((path) => (
          <li key={path}><button type="button" data-testid={`data-file-${path}`} onClick={() => void documents.pickDataFile(path)}>Pick {path}…</button></li>
        ))}
      </ul>
    </div>
  );
}

export function RecoveryBanner() {
  const { documents } = useServices();
  const recovered = useDocument((s) => s.recovered);
  if (!recovered) return null;
  return (
    <div className="banner info" data-testid="autosave-recovery">
      <p>Unsaved work on “{recovered.name}” from {new Date(recovered.savedAt).toLocaleString()} was kept.</p>
      <button type="button" data-testid="autosave-restore" onClick={() => documents.restoreAutosave()}>Restore</button>
      <button type="button" onClick={() => void documents.discardAutosave()}>Discard</button>
    </div>
  );
}

export function Warnings() {
  const engineWarnings = useTelemetry((s) => s.warnings);
  const loadWarnings = useDocument((s) => s.warnings);
  const all = [...loadWarnings, ...engineWarnings];
  if (all.length === 0) return null;
  return (
    <ul className="warnings" data-testid="warnings" aria-label="Warnings">
      {all.map((w, i) => <li key={i}>{w}</li>)}
    </ul>
  );
}
