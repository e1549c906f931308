// The renderer's entry: pick the host, wire the engine's telemetry into its store, render the page.

import './csp-safe.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHost } from './host/create-host.ts';
import { createTelemetryStore } from './state/telemetry-store.ts';
import { DocumentController } from './state/document-controller.ts';
import { EditorController } from './state/editor.ts';
import { runCommand, type CommandTargets } from './state/commands.ts';
import { ServicesContext } from './ui/context.ts';
import { App } from './ui/app.tsx';
import './styles.css';

const host = createHost();
const telemetry = createTelemetryStore();
host.onTelemetry(telemetry.ingest);
// A new document starts with a clean picture: nothing of the previous graph's numbers may linger.
const documents = new DocumentController(host, () => telemetry.reset());
const editor = new EditorController(documents);
const commands: CommandTargets = { host, documents, editor, status: () => telemetry.store.getState().status };
host.onMenuCommand?.((command) => runCommand(command, commands));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={{ host, telemetry, documents, commands, editor }}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
void documents.init();
