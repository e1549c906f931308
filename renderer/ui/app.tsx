// The page: file bar, examples, the editor (palette and canvas), run controls and the per-edge numbers.

import { DataFilesPrompt, ErrorBanner, RecoveryBanner, Warnings } from './banners.tsx';
import { EdgeStats } from './edge-stats.tsx';
import { Editor } from '../canvas/canvas.tsx';
import { ExamplesPanel } from './examples-panel.tsx';
import { FileBar } from './file-bar.tsx';
import { RunControls } from './run-controls.tsx';
import { TextSamples } from './text-samples.tsx';
import { SettingsPanel } from './settings-panel.tsx';
import { useServices, useTelemetry } from './context.ts';
import { useKeyBindings } from './key-bindings.ts';
import { PlotsDock } from '../plots/plots-dock.tsx';
import { ExportButtons } from '../export/export-buttons.tsx';
import { SideDock } from '../viewer/side-dock.tsx';
import { TryItButton } from '../try-it/try-it.tsx';

function DataReport() {
  const loaded = useTelemetry((s) => s.loaded);
  if (!loaded) return null;
  const { rows, dataReport } = loaded;
  return (
    <details className="data-report">
      <summary>Data: {rows.train} train / {rows.validation} validation / {rows.test} test rows</summary>
      <ul>{dataReport.map((line, i) => <li key={i}>{line}</li>)}</ul>
    </details>
  );
}

export function App() {
  const { host, commands } = useServices();
  // The desktop's native menu owns the shortcuts there; a page binds them itself.
  useKeyBindings(commands, host.kind === 'web');
  return (
    <div className="app">
      <FileBar />
      <ExamplesPanel />
      <main>
        <ErrorBanner />
        <RecoveryBanner />
        <DataFilesPrompt />
        <Editor />
        <div className="buttons app-tools" role="group" aria-label="Try the model, export the canvas"><TryItButton /><ExportButtons /></div>
        <RunControls />
        <TextSamples />
        <PlotsDock />
        <DataReport />
        <Warnings />
        <EdgeStats />
      </main>
      <SettingsPanel />
      <SideDock />
    </div>
  );
}
