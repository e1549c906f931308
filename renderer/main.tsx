// The renderer's entry: pick the host, wire the engine's telemetry into its store, render the page.

import './csp-safe.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHost } from './host/create-host.ts';
import { createTelemetryStore } from './state/telemetry-store.ts';
import { DocumentController } from './state/document-controller.ts';
import { EditorController } from './state/editor.ts';
import { runCommand, type CommandTargets } from './state/commands.ts';
import { createUiStore } from './state/ui-store.ts';
import { isRunLocked } from './state/telemetry-store.ts';
import { describeRunSettings } from './state/run-history.ts';
import { createSettingsStore, effectiveTheme, type SettingsStorage } from './state/settings.ts';
import { ServicesContext } from './ui/context.ts';
import { App } from './ui/app.tsx';
import './styles.css';

/** localStorage, or nothing where the page may not use it (then settings last for the session). */
function safeLocalStorage(): SettingsStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const host = createHost();
const telemetry = createTelemetryStore();
host.onTelemetry(telemetry.ingest);
// A new document starts with a clean picture: nothing of the previous graph's numbers may linger. An edit
// reloads the same document: its runs stay, so runs before and after a change can be compared (issue 6 §7).
const documents = new DocumentController(host, (reason) => telemetry.reset({ keepRuns: reason === 'edit' }));
const editor = new EditorController(documents);
// A run going on locks what the graph computes (an edit would reload the engine and end the run).
editor.isLocked = () => isRunLocked(telemetry.store.getState().status);
// Nothing is lost without asking: replacing a document with unsaved changes needs the user's yes.
documents.confirmDiscard = (name) => window.confirm(`Discard the unsaved changes to “${name}”?`);
// Each run is labelled with the settings it started from, so two runs can be compared (sigmoid vs tanh).
telemetry.store.subscribe((state) => {
  const run = state.runs.at(-1);
  const doc = documents.store.getState().doc;
  if (run && !run.finished && Object.keys(run.settings).length === 0 && doc) telemetry.describeRun(run.id, describeRunSettings(doc));
});
const ui = createUiStore();
const settings = createSettingsStore(safeLocalStorage(), (command) => host.send(command));
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
const commands: CommandTargets = { host, documents, editor, ui, settings, status: () => telemetry.store.getState().status, prefersDark: () => darkQuery.matches };

// The theme is an attribute on <html> the stylesheet keys on; "system" follows the OS as it changes.
const applyTheme = () => { document.documentElement.dataset.theme = effectiveTheme(settings.getState().theme, darkQuery.matches); };
applyTheme();
settings.subscribe(applyTheme);
darkQuery.addEventListener('change', applyTheme);
host.onMenuCommand?.((command) => runCommand(command, commands));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={{ host, telemetry, documents, commands, editor, ui, settings }}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
void documents.init();
