// View ▸ Settings: theme, telemetry rate, memory budget and default backend, in a modal dialog (the native
// <dialog>: focus is trapped and Escape closes it). Numbers are checked against their bounds as typed.

import { useEffect, useRef, useState } from 'react';
import { SETTING_BOUNDS, type BackendSetting, type ThemeSetting } from '../state/settings.ts';
import { useServices, useSettings, useUi } from './context.ts';

function NumberSetting({ id, label, value, bounds, unit, onCommit }: {
  id: string; label: string; value: number; bounds: { min: number; max: number }; unit: string; onCommit(value: number): void;
}) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const number = Number(draft);
  const error = draft.trim() === '' || !Number.isFinite(number) ? 'a number is needed'
    : number < bounds.min || number > bounds.max ? `must be from ${bounds.min} to ${bounds.max}` : null;
  const commit = () => { if (!error && number !== value) onCommit(number); };
  return (
    <div className="field">
      <label htmlFor={id}>{label} ({unit})</label>
      <input id={id} data-testid={id} type="number" min={bounds.min} max={bounds.max} value={draft} aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
      {error ? <p className="field-error" id={`${id}-error`} role="alert">{error}</p> : null}
    </div>
  );
}

export function SettingsPanel() {
  const { ui, settings } = useServices();
  const open = useUi((s) => s.settingsOpen);
  const current = useSettings((s) => s);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    else if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="settings" data-testid="settings" aria-labelledby="settings-title" onClose={() => ui.setState({ settingsOpen: false })}>
      <h2 id="settings-title">Settings</h2>
      <div className="field">
        <label htmlFor="settings-theme">theme</label>
        <select id="settings-theme" data-testid="settings-theme" value={current.theme}
          onChange={(e) => settings.setState({ theme: e.target.value as ThemeSetting })}>
          <option value="system">as the system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </div>
      <NumberSetting id="settings-telemetry-hz" label="telemetry rate" unit="frames/s, 0 = off" value={current.telemetryHz}
        bounds={SETTING_BOUNDS.telemetryHz} onCommit={(telemetryHz) => settings.setState({ telemetryHz })} />
      <NumberSetting id="settings-memory-budget" label="memory budget for training" unit="MiB" value={current.memoryBudgetMiB}
        bounds={SETTING_BOUNDS.memoryBudgetMiB} onCommit={(memoryBudgetMiB) => settings.setState({ memoryBudgetMiB: Math.round(memoryBudgetMiB) })} />
      <div className="field">
        <label htmlFor="settings-backend">default backend for new graphs</label>
        <select id="settings-backend" data-testid="settings-backend" value={current.defaultBackend}
          onChange={(e) => settings.setState({ defaultBackend: e.target.value as BackendSetting })}>
          <option value="reference">reference (TypeScript, readable)</option>
          <option value="fast">fast (WebAssembly SIMD where available)</option>
        </select>
      </div>
      <div className="buttons">
        <button type="button" data-testid="settings-close" onClick={() => ui.setState({ settingsOpen: false })}>Close</button>
      </div>
    </dialog>
  );
}
