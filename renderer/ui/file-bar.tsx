// The document's name and the file buttons.

import { useDocument, useServices, useTelemetry } from './context.ts';

export function FileBar() {
  const { documents, settings } = useServices();
  const name = useDocument((s) => s.name);
  const dirty = useDocument((s) => s.dirty);
  const hasDoc = useDocument((s) => s.doc !== undefined);
  const backend = useTelemetry((s) => s.loaded?.backend);
  return (
    <header className="file-bar">
      <h1>
        <span className="app-name">Gradflow</span>
        <span data-testid="document-name" className="document-name">{name ?? 'no document'}</span>
        {dirty ? <span className="dirty" title="unsaved changes" aria-label="unsaved changes">●</span> : null}
      </h1>
      <div className="buttons">
        <button type="button" data-testid="file-new" onClick={() => documents.newDocument(settings.getState().defaultBackend === 'fast' ? { backend: 'fast' } : {})}>New</button>
        <button type="button" data-testid="file-open" onClick={() => void documents.openFile()}>Open…</button>
        <button type="button" data-testid="file-save" disabled={!hasDoc} onClick={() => void documents.save()}>Save</button>
        <button type="button" data-testid="file-save-as" disabled={!hasDoc} onClick={() => void documents.save(true)}>Save as…</button>
      </div>
      {backend ? <span className="backend" title="the kernel backend running this graph">{backend} backend</span> : null}
    </header>
  );
}
