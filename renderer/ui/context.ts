// What every component needs, passed once through React context instead of down every prop chain.

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Host } from '../host/host.ts';
import type { TelemetryState, TelemetryStore } from '../state/telemetry-store.ts';
import type { DocumentController, DocumentState } from '../state/document-controller.ts';
import type { CommandTargets } from '../state/commands.ts';
import type { EditorController } from '../state/editor.ts';
import type { UiState, UiStore } from '../state/ui-store.ts';
import type { Settings } from '../state/settings.ts';
import type { StoreApi } from 'zustand/vanilla';

export interface AppServices {
  host: Host;
  telemetry: TelemetryStore;
  documents: DocumentController;
  commands: CommandTargets;
  editor: EditorController;
  ui: UiStore;
  settings: StoreApi<Settings>;
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}

export const useTelemetry = <T,>(selector: (state: TelemetryState) => T): T => useStore(useServices().telemetry.store, selector);
export const useDocument = <T,>(selector: (state: DocumentState) => T): T => useStore(useServices().documents.store, selector);
export const useUi = <T,>(selector: (state: UiState) => T): T => useStore(useServices().ui, selector);
export const useSettings = <T,>(selector: (state: Settings) => T): T => useStore(useServices().settings, selector);
