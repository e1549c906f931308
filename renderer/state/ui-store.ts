// What is open in the window besides the document: the quick-add popup and the settings panel, and the
// canvas's view actions (React Flow's fitView lives inside the canvas; commands reach it through here).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Position } from '../../core/document/types.ts';

export interface QuickAddRequest {
  /** Where the popup shows, in page pixels. */
  screen: { x: number; y: number };
  /** Where the chosen item goes, in flow coordinates; absent = beside the last node. */
  at?: Position;
}

export interface UiState {
  quickAdd: QuickAddRequest | null;
  settingsOpen: boolean;
  /** Registered by the canvas while it is shown. */
  fitView: (() => void) | null;
  /** The live overlay on the edges (colour = gradient, width = activation, dash = phase). */
  overlay: boolean;
  /** The edge under the pointer, with where its tooltip goes (page pixels). */
  hoveredEdge: { id: string; x: number; y: number } | null;
  /** The edge whose tensor viewer is pinned open (a click on the edge). */
  pinnedEdge: string | null;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>(() => ({ quickAdd: null, settingsOpen: false, fitView: null, overlay: true, hoveredEdge: null, pinnedEdge: null }));
}
