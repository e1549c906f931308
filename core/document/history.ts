// Undo/redo over documents: pure functions on an immutable HistoryState, so the editor can keep it in a
// React reducer and compare by reference.
//
// Each entry keeps the documents before and after its change. Documents are immutable and applyChange shares
// everything it does not change, so a snapshot costs only the path that changed; nothing is deep-cloned.
// Every document the history hands out gets a revision number, never reused: "unsaved changes" means the
// present revision is not the one last saved, so undoing back to the saved document makes it clean again.
//
// Two kinds of change are special. Moves with the same `gestureId` (the many moves of one drag) become one
// entry, so one undo puts the whole drag back. `set-view` (panning, zooming) is applied but is neither an
// undo step nor an unsaved change; undo and redo keep the current view rather than jumping the camera.

import { applyChange, describeChange, type ChangeOf, type DocumentChange } from './changes.ts';
import type { GradflowDocument } from './types.ts';

export const DEFAULT_HISTORY_LIMIT = 500;

export interface HistoryEntry {
  /** The change as applied; a drag's moves are merged into one move-nodes change. */
  readonly change: DocumentChange;
  /** For the menu: "Add Dense layer". */
  readonly label: string;
  readonly before: GradflowDocument;
  readonly after: GradflowDocument;
  readonly revisionBefore: number;
  readonly revisionAfter: number;
}

export interface HistoryState {
  /** Oldest first; undo takes the last. */
  readonly past: readonly HistoryEntry[];
  readonly present: GradflowDocument;
  /** Next first; redo takes the first. */
  readonly future: readonly HistoryEntry[];
  /** At most this many undo steps are kept; the oldest are forgotten. */
  readonly limit: number;
  readonly revision: number;
  /** The revision last saved (or opened), or null for a document never saved. */
  readonly savedRevision: number | null;
  readonly nextRevision: number;
}

export type HistoryResult = { ok: true; state: HistoryState; notes: string[] } | { ok: false; error: string };

/** A history holding just `doc`. An opened file starts saved; pass `saved: false` for a new document. */
export function createHistory(doc: GradflowDocument, options: { limit?: number; saved?: boolean } = {}): HistoryState {
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_HISTORY_LIMIT));
  return { past: [], present: doc, future: [], limit, revision: 0, savedRevision: options.saved === false ? null : 0, nextRevision: 1 };
}

/** Apply a change to the present document and record it as an undo step (clearing redo). */
export function applyToHistory(state: HistoryState, change: DocumentChange): HistoryResult {
  const result = applyChange(state.present, change);
  if (!result.ok) return result;
  const { doc, notes } = result;
  if (doc === state.present) return { ok: true, state, notes };
  if (change.kind === 'set-view') return { ok: true, state: { ...state, present: doc }, notes };

  const last = state.past[state.past.length - 1];
  if (last && change.kind === 'move-nodes' && isSameGesture(last.change, change)) {
    return { ok: true, state: continueGesture(state, last, change, doc), notes };
  }
  const revision = state.nextRevision;
  const entry: HistoryEntry = {
    change, label: describeChange(change), before: state.present, after: doc, revisionBefore: state.revision, revisionAfter: revision,
  };
  const past = [...state.past, entry];
  return {
    ok: true,
    state: {
      ...state,
      past: past.length > state.limit ? past.slice(past.length - state.limit) : past,
      present: doc, future: [], revision, nextRevision: revision + 1,
    },
    notes,
  };
}

function isSameGesture(previous: DocumentChange, next: ChangeOf<'move-nodes'>): previous is ChangeOf<'move-nodes'> {
  return previous.kind === 'move-nodes' && previous.gestureId !== undefined && previous.gestureId === next.gestureId;
}

/** Fold one more move of a drag into the drag's entry; a drag that ends where it began leaves no entry. */
function continueGesture(state: HistoryState, last: HistoryEntry, move: ChangeOf<'move-nodes'>, doc: GradflowDocument): HistoryState {
  const previous = last.change as ChangeOf<'move-nodes'>;
  const positions = Object.fromEntries([...Object.entries(previous.positions), ...Object.entries(move.positions)]);
  const merged: ChangeOf<'move-nodes'> = { kind: 'move-nodes', positions, gestureId: move.gestureId! };
  const earlier = state.past.slice(0, -1);
  if (backWhereItStarted(last.before, doc, Object.keys(positions))) {
    return { ...state, past: earlier, present: keepView(last.before, doc), revision: last.revisionBefore };
  }
  const revision = state.nextRevision;
  const entry: HistoryEntry = { ...last, change: merged, label: describeChange(merged), after: doc, revisionAfter: revision };
  return { ...state, past: [...earlier, entry], present: doc, revision, nextRevision: revision + 1 };
}

function backWhereItStarted(before: GradflowDocument, now: GradflowDocument, ids: readonly string[]): boolean {
  const moved = new Set(ids);
  const at = new Map(before.nodes.filter((n) => moved.has(n.id)).map((n) => [n.id, n.position]));
  return now.nodes.every((n) => !moved.has(n.id) || (at.get(n.id)?.x === n.position.x && at.get(n.id)?.y === n.position.y));
}

/** `doc`, with the view of `current` (undo and redo do not move the camera). */
function keepView(doc: GradflowDocument, current: GradflowDocument): GradflowDocument {
  if (doc.view === current.view) return doc;
  if (current.view !== undefined) return { ...doc, view: current.view };
  const { view: _view, ...rest } = doc;
  return rest;
}

/** Put the document back as it was before the last change; the same state when there is nothing to undo. */
export function undo(state: HistoryState): HistoryState {
  const entry = state.past[state.past.length - 1];
  if (!entry) return state;
  return {
    ...state,
    past: state.past.slice(0, -1), present: keepView(entry.before, state.present), future: [entry, ...state.future],
    revision: entry.revisionBefore,
  };
}

/** Apply the last undone change again; the same state when there is nothing to redo. */
export function redo(state: HistoryState): HistoryState {
  const entry = state.future[0];
  if (!entry) return state;
  return {
    ...state,
    past: [...state.past, entry], present: keepView(entry.after, state.present), future: state.future.slice(1),
    revision: entry.revisionAfter,
  };
}

export const canUndo = (state: HistoryState): boolean => state.past.length > 0;
export const canRedo = (state: HistoryState): boolean => state.future.length > 0;

/** "Undo Add Dense layer", or null when there is nothing to undo. */
export function undoLabel(state: HistoryState): string | null {
  const entry = state.past[state.past.length - 1];
  return entry ? `Undo ${entry.label}` : null;
}

/** "Redo Move 3 nodes", or null when there is nothing to redo. */
export function redoLabel(state: HistoryState): string | null {
  const entry = state.future[0];
  return entry ? `Redo ${entry.label}` : null;
}

/** Whether the present document differs from the one last saved. */
export const isDirty = (state: HistoryState): boolean => state.revision !== state.savedRevision;

/** Record that the present document has just been saved. */
export function markSaved(state: HistoryState): HistoryState {
  return state.savedRevision === state.revision ? state : { ...state, savedRevision: state.revision };
}

/**
 * Swap in a present document that differs only in what a run produced (trained parameters, the run summary),
 * e.g. the copy a save writes: same revision, same undo steps — saving must not cost the user their history.
 */
export function replacePresent(state: HistoryState, doc: GradflowDocument): HistoryState {
  return state.present === doc ? state : { ...state, present: doc };
}
