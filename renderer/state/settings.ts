// The user's settings (View ▸ Settings): theme, telemetry rate, memory budget, default backend. Kept in the
// page's localStorage (per origin: the desktop app's own origin, or the web build's), checked on the way in —
// a hand-edited or stale value falls back to its default instead of breaking the page — and pushed to the
// engine whenever they change.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineCommand } from '../../core/protocol/commands.ts';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type BackendSetting = 'reference' | 'fast';

export interface Settings {
  theme: ThemeSetting;
  /** Telemetry frames per second while training (0 = off). */
  telemetryHz: number;
  /** The most memory a graph's parameters may take, in MiB. */
  memoryBudgetMiB: number;
  /** The backend new documents train on. */
  defaultBackend: BackendSetting;
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', telemetryHz: 30, memoryBudgetMiB: 1024, defaultBackend: 'reference' };

/** Bounds of the numeric settings (the settings panel shows them; `readSettings` enforces them). */
export const SETTING_BOUNDS = {
  telemetryHz: { min: 0, max: 240 },
  memoryBudgetMiB: { min: 1, max: 1_048_576 },
} as const;

const STORAGE_KEY = 'gradflow.settings';

const inRange = (value: unknown, { min, max }: { min: number; max: number }): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

/** Settings from stored text: every valid field is kept, every missing or invalid one is the default. */
export function readSettings(text: string | null): Settings {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: the defaults.
  }
  return {
    theme: raw.theme === 'light' || raw.theme === 'dark' || raw.theme === 'system' ? raw.theme : DEFAULT_SETTINGS.theme,
    telemetryHz: inRange(raw.telemetryHz, SETTING_BOUNDS.telemetryHz) ? raw.telemetryHz : DEFAULT_SETTINGS.telemetryHz,
    memoryBudgetMiB: inRange(raw.memoryBudgetMiB, SETTING_BOUNDS.memoryBudgetMiB) ? Math.round(raw.memoryBudgetMiB) : DEFAULT_SETTINGS.memoryBudgetMiB,
    defaultBackend: raw.defaultBackend === 'fast' || raw.defaultBackend === 'reference' ? raw.defaultBackend : DEFAULT_SETTINGS.defaultBackend,
  };
}

/** What the engine must be told for these settings (sent at start and after every change). */
export function engineCommandsFor(settings: Settings): EngineCommand[] {
  return [
    { type: 'set-telemetry-rate', hz: settings.telemetryHz },
    { type: 'set-memory-budget', bytes: settings.memoryBudgetMiB * 2 ** 20 },
  ];
}

/** The theme actually shown: `system` follows the operating system's preference. */
export function effectiveTheme(theme: ThemeSetting, prefersDark: boolean): 'light' | 'dark' {
  return theme === 'system' ? (prefersDark ? 'dark' : 'light') : theme;
}

/** Where settings are kept: localStorage in the page, a Map in tests. */
export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function createSettingsStore(storage: SettingsStorage | undefined, send: (command: EngineCommand) => void): StoreApi<Settings> {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can be disabled (private windows, policies): settings then last for the session.
  }
  const store = createStore<Settings>(() => readSettings(stored));
  for (const command of engineCommandsFor(store.getState())) send(command);
  store.subscribe((settings, before) => {
    try {
      storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
      // As above: not kept, still in force.
    }
    if (settings.telemetryHz !== before.telemetryHz || settings.memoryBudgetMiB !== before.memoryBudgetMiB) {
      for (const command of engineCommandsFor(settings)) send(command);
    }
  });
  return store;
}
