// Export PNG / Export SVG (issue 6 §7): the canvas as a picture for slides and reports, named after the document.

import { useState } from 'react';
import { useDocument } from '../ui/context.ts';
import { exportCanvas } from './canvas-export.ts';

export function ExportButtons() {
  const hasGraph = useDocument((s) => (s.doc?.nodes.length ?? 0) > 0);
  const name = useDocument((s) => s.doc?.name ?? s.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (format: 'png' | 'svg') => {
    const root = document.querySelector('[data-testid="canvas"]');
    if (!root) return;
    setBusy(true);
    setError(null);
    try {
      await exportCanvas(root, format, name);
    } catch (e) {
      setError(`Could not export the canvas: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" data-testid="export-png" disabled={!hasGraph || busy} title="Save the canvas as a PNG picture" onClick={() => void run('png')}>Export PNG</button>
      <button type="button" data-testid="export-svg" disabled={!hasGraph || busy} title="Save the canvas as an SVG picture" onClick={() => void run('svg')}>Export SVG</button>
      {error ? <span className="export-error" role="alert" data-testid="export-error">{error}</span> : null}
    </>
  );
}
