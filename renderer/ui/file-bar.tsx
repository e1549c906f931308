// The document's name and the file buttons.

import { useDocument, useServices, useTelemetry } from './context.ts';
import { runCommand } from '../state/commands.ts';
import type { BackendInfo } from '../../core/backend/types.ts';

/** "wasm SIMD + FMA", "wasm SIMD", "TypeScript": the short form beside the backend's name. */
function kernelLabel(backend: BackendInfo): string {
  if (backend.kernels === 'wasm-relaxed-simd') return 'wasm SIMD + FMA';
  if (backend.kernels === 'wasm-simd') return 'wasm SIMD';
  return 'TypeScript';
}

export function FileBar() {
  const { documents, settings, commands } = useServices();
  const name = useDocument((s) => s.name);
  const dirty = useDocument((s) => s.dirty);
  const hasDoc = useDocument((s) => s.doc !== undefined);
  const backend = useTelemetry((s) => s.backend);
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
        <button type="button" data-testid="file-export-numpy" disabled={!hasDoc} onClick={() => runCommand('export-numpy', commands)}
          title="A standalone NumPy script with the graph's forward, backward and training loop, and the trained weights">Export NumPy</button>
        <button type="button" data-testid="file-export-pytorch" disabled={!hasDoc} onClick={() => runCommand('export-pytorch', commands)}
          title="A PyTorch nn.Module, its training script and the trained weights">Export PyTorch</button>
      </div>
      {backend ? (
        <span className="backend" data-testid="backend" data-backend={backend.name} data-kernels={backend.kernels} data-fma={String(backend.fma)}
          title={`the kernels training runs on — ${backend.description}`}>
          {backend.name} backend{backend.name === 'fast' ? ` · ${kernelLabel(backend)}` : ''}
        </span>
      ) : null}
    </header>
  );
}
