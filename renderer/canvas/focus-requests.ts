// Asking the canvas to select and centre a node from outside it (the error banner's "Show"): React Flow's view
// lives inside the canvas, which carries the request out when it sees one. A counter makes a second request
// for the same node a new one.

import { createStore } from 'zustand/vanilla';

export interface FocusRequest {
  /** An engine node id (an Operation), or a canvas node id. */
  nodeId: string;
  seq: number;
}

export const focusRequests = createStore<{ request: FocusRequest | null }>(() => ({ request: null }));

/** Select the node on the canvas (the layer standing for it, when collapsed) and centre the view on it. */
export function requestFocus(nodeId: string): void {
  focusRequests.setState((s) => ({ request: { nodeId, seq: (s.request?.seq ?? 0) + 1 } }));
}
