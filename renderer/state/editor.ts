// The editor's state: the open document's undo/redo history (core/document/history.ts) and what the canvas
// needs beside the document — the selection, the node sizes React Flow measured, and the reason the last
// connection was refused. The document itself stays in the DocumentController's store (the one source of
// truth); every edit is a DocumentChange applied through the History, then handed to the controller.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EdgeChange, NodeChange } from '@xyflow/react';
import type { DocumentChange } from '../../core/document/changes.ts';
import { applyToHistory, canRedo, canUndo, createHistory, isDirty, markSaved, redo, redoLabel, replacePresent, undo, undoLabel, type HistoryState } from '../../core/document/history.ts';
import type { GradflowDocument, Position } from '../../core/document/types.ts';
import { checkConnection, connectablePorts, type ConnectionCheck } from '../../core/graph/connect.ts';
import { freshId, type PaletteItem } from '../canvas/palette-items.ts';
import { layoutLeftToRight } from '../canvas/auto-layout.ts';
import { collapsedMembers } from '../canvas/to-flow.ts';
import { extractFragment, freshEdgeId, pasteOffset, placeFragment } from '../../core/document/fragment.ts';
import { changesComputation, keep, LOCKED, moveLayer, nextPosition, onlyResultsDiffer } from './editor-rules.ts';

export { changesComputation } from './editor-rules.ts';
import { loadDocument } from '../../core/document/load.ts';
import { serializeDocument } from '../../core/document/serialize.ts';
import type { DocumentController } from './document-controller.ts';

export interface Refusal {
  reason: string;
  suggestion?: string;
}

export interface EditorState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: ReadonlyMap<string, { width: number; height: number }>;
  /** Why the last connection the user tried was refused (shown until the next attempt or a dismissal). */
  refusal: Refusal | null;
  /** Labels for the Undo / Redo buttons, or null when there is nothing to undo / redo. */
  undoLabel: string | null;
  redoLabel: string | null;
  /** Counts documents opened (not edited), so the canvas fits the view to each new one. */
  opened: number;
  /** While a connection is dragged: the handles it may reach, by canvas node id (null when not dragging). */
  connectable: ReadonlyMap<string, ReadonlySet<string>> | null;
}

const NONE: ReadonlySet<string> = new Set();
let gestures = 0;

export class EditorController {
  readonly store: StoreApi<EditorState>;
  private history: HistoryState | null = null;
  private gesture: string | undefined;
  /** The document this controller last handed to the DocumentController: anything else is a newly opened one. */
  private current: GradflowDocument | undefined;

  constructor(private readonly documents: DocumentController) {
    this.store = createStore<EditorState>(() => ({
      selectedNodes: NONE, selectedEdges: NONE, measured: new Map(), refusal: null, undoLabel: null, redoLabel: null, opened: 0, connectable: null,
    }));
    this.adopt(documents.store.getState().doc);
    documents.store.subscribe((state, before) => {
      if (state.doc !== this.current && state.doc && this.current && this.history && onlyResultsDiffer(state.doc, this.current)) {
        // Saving attached the trained parameters: the same document as far as editing goes, history kept.
        this.current = state.doc;
        this.history = replacePresent(this.history, state.doc);
        if (before.dirty && !state.dirty) this.history = markSaved(this.history);
      } else if (state.doc !== this.current) this.adopt(state.doc);
      // Saved: this version is the clean one now.
      else if (before.dirty && !state.dirty && this.history) this.history = markSaved(this.history);
    });
  }

  doc(): GradflowDocument | undefined {
    return this.current;
  }

  /** A document was opened (not edited here): start a fresh history and forget the view state. */
  private adopt(doc: GradflowDocument | undefined): void {
    this.current = doc;
    this.history = doc ? createHistory(doc, { saved: !this.documents.store.getState().dirty }) : null;
    this.store.setState((s) => ({
      selectedNodes: NONE, selectedEdges: NONE, measured: new Map(), refusal: null, opened: s.opened + 1, ...this.labels(),
    }));
  }

  private labels(): Pick<EditorState, 'undoLabel' | 'redoLabel'> {
    const h = this.history;
    return { undoLabel: h && canUndo(h) ? undoLabel(h) : null, redoLabel: h && canRedo(h) ? redoLabel(h) : null };
  }

  private publish(doc: GradflowDocument, structural: boolean): void {
    this.current = doc;
    const ids = new Set([...doc.nodes.map((n) => n.id), ...doc.groups.filter((g) => g.collapsed).map((g) => g.id)]);
    const edgeIds = new Set(doc.edges.map((e) => e.id));
    const { selectedNodes, selectedEdges } = this.store.getState();
    this.store.setState({
      ...this.labels(),
      selectedNodes: keep(selectedNodes, ids), selectedEdges: keep(selectedEdges, edgeIds),
    });
    this.documents.edit(doc, { dirty: this.history ? isDirty(this.history) : true, structural });
  }

  /**
   * Whether the graph is locked: a run is going on (running, paused or stepping), and changing what it
   * computes would reload the engine and end the run. Layout changes stay allowed. Set by the page.
   */
  isLocked: () => boolean = () => false;

  /** Apply one change through the history; returns the refusal message, or null when it was applied. */
  apply(change: DocumentChange): string | null {
    if (!this.history) return 'no document is open';
    if (changesComputation(change) && this.isLocked()) {
      this.store.setState({ refusal: { reason: LOCKED } });
      return LOCKED;
    }
    const result = applyToHistory(this.history, change);
    if (!result.ok) return result.error;
    this.history = result.state;
    if (result.state.present !== this.current) this.publish(result.state.present, changesComputation(change));
    return null;
  }

  undo(): boolean {
    if (!this.history || !canUndo(this.history)) return false;
    const entry = this.history.past[this.history.past.length - 1]!;
    if (changesComputation(entry.change) && this.isLocked()) { this.store.setState({ refusal: { reason: LOCKED } }); return false; }
    this.history = undo(this.history);
    this.publish(this.history.present, changesComputation(entry.change));
    return true;
  }

  redo(): boolean {
    if (!this.history || !canRedo(this.history)) return false;
    const entry = this.history.future[0]!;
    if (changesComputation(entry.change) && this.isLocked()) { this.store.setState({ refusal: { reason: LOCKED } }); return false; }
    this.history = redo(this.history);
    this.publish(this.history.present, changesComputation(entry.change));
    return true;
  }

  // ---- what the canvas asks for -------------------------------------------------------------------------

  /** Add a palette item at `position` (flow coordinates), or beside the last node when dropped by keyboard. */
  addItem(item: PaletteItem, position?: Position): string | null {
    const doc = this.current;
    if (!doc) return null;
    const at = position ?? nextPosition(doc);
    const taken = [...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)];
    const id = freshId(taken, item.type);
    const change: DocumentChange = item.kind === 'layer'
      ? { kind: 'add-layer', layer: item.type as 'Dense' | 'Conv2D', id, attributes: {}, position: at }
      : { kind: 'add-nodes', nodes: [{ id, op: item.type, attributes: {}, position: at }] };
    const problem = this.apply(change);
    if (problem) {
      this.store.setState({ refusal: { reason: problem } });
      return null;
    }
    return id;
  }

  /** Connect `source`'s output to `target`'s `port`, replacing the port's existing edge. */
  connect(source: string, target: string, port: string): ConnectionCheck {
    const doc = this.current;
    if (!doc) return { ok: false, reason: 'no document is open' };
    const check = checkConnection(doc, source, target, port);
    if (!check.ok) {
      this.showCheck(check);
      return check;
    }
    const problem = this.apply({ kind: 'add-edge', edge: { id: freshEdgeId(new Set(doc.edges.map((e) => e.id)), source, target, port), from: { node: source, port: 'out' }, to: { node: target, port } } });
    if (problem) {
      this.store.setState({ refusal: { reason: problem } });
      return { ok: false, reason: problem };
    }
    this.store.setState({ refusal: null });
    return check;
  }

  /** While dragging a connection: remember why the handle under the pointer refuses it. */
  showCheck(check: ConnectionCheck): void {
    if (check.ok) return;
    const refusal = { reason: check.reason, ...(check.suggestion ? { suggestion: check.suggestion } : {}) };
    const now = this.store.getState().refusal;
    if (now?.reason !== refusal.reason || now.suggestion !== refusal.suggestion) this.store.setState({ refusal });
  }

  /**
   * A connection drag started at a source handle of canvas node `flowNode`: highlight the input ports it may
   * reach (on a collapsed layer, its `<member>:<port>` handles). Dragging from an input highlights nothing.
   */
  startConnecting(flowNode: string, handle: string | null, handleType: 'source' | 'target' | null): void {
    const doc = this.current;
    if (!doc || handleType !== 'source') return;
    const layer = doc.groups.find((g) => g.id === flowNode && g.collapsed);
    const source = layer ? (handle && layer.members.includes(handle) ? handle : layer.members.at(-1)) : flowNode;
    if (!source) return;
    const collapsed = collapsedMembers(doc);
    const byFlowNode = new Map<string, Set<string>>();
    for (const [node, ports] of connectablePorts(doc, source)) {
      const group = collapsed.get(node);
      const id = group ? group.id : node;
      const set = byFlowNode.get(id) ?? new Set<string>();
      for (const port of ports) set.add(group ? `${node}:${port}` : port);
      byFlowNode.set(id, set);
    }
    // Handles fed from inside a collapsed layer are not drawn; offering them is harmless (no handle to light).
    this.store.setState({ connectable: byFlowNode });
  }

  stopConnecting(): void {
    if (this.store.getState().connectable !== null) this.store.setState({ connectable: null });
  }

  clearRefusal(): void {
    if (this.store.getState().refusal) this.store.setState({ refusal: null });
  }

  // ---- clipboard, duplicate, groups --------------------------------------------------------------------

  /** The selection as `.gradflow` text (what Copy puts on the clipboard), or null when nothing is selected. */
  copySelection(): string | null {
    const doc = this.current;
    const { selectedNodes } = this.store.getState();
    if (!doc || selectedNodes.size === 0) return null;
    return serializeDocument(extractFragment(doc, selectedNodes));
  }

  /** Copy, then delete the selection (one undo step). */
  cutSelection(): string | null {
    const text = this.copySelection();
    if (text !== null) this.removeSelection();
    return text;
  }

  /**
   * Paste `.gradflow` text (from any window): checked by the same loader as a file, renamed where ids are
   * taken, placed at `at` (flow coordinates) or beside the originals, and selected. Returns the refusal, if any.
   */
  paste(text: string, at?: Position): string | null {
    const doc = this.current;
    if (!doc) return 'no document is open';
    const loaded = loadDocument(text, {}, { shapeProblems: 'warning' });
    if (!loaded.ok) {
      const first = loaded.errors[0];
      const reason = `the clipboard does not hold a Gradflow graph: ${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'unreadable'}`;
      this.store.setState({ refusal: { reason } });
      return reason;
    }
    return this.insertFragment(doc, loaded.doc, pasteOffset(loaded.doc, at), 'Paste');
  }

  /** Copy and paste the selection in one step, a little below and right of the originals. */
  duplicateSelection(): string | null {
    const doc = this.current;
    const { selectedNodes } = this.store.getState();
    if (!doc || selectedNodes.size === 0) return null;
    return this.insertFragment(doc, extractFragment(doc, selectedNodes), pasteOffset(doc), 'Duplicate');
  }

  private insertFragment(doc: GradflowDocument, fragment: GradflowDocument, offset: Position, label: string): string | null {
    if (fragment.nodes.length === 0) return null;
    const placed = placeFragment(doc, fragment, offset);
    const problem = this.apply({ kind: 'add-nodes', nodes: placed.nodes, edges: placed.edges, groups: placed.groups, label });
    if (problem) {
      this.store.setState({ refusal: { reason: problem } });
      return problem;
    }
    // Select what arrived: a collapsed group by its id, other nodes by theirs.
    const collapsedMembers = new Set(placed.groups.filter((g) => g.collapsed).flatMap((g) => g.members));
    const selected = new Set([...placed.groups.filter((g) => g.collapsed).map((g) => g.id), ...placed.nodes.map((n) => n.id).filter((id) => !collapsedMembers.has(id))]);
    this.store.setState({ selectedNodes: selected, selectedEdges: NONE, refusal: null });
    return null;
  }

  selectAll(): void {
    const doc = this.current;
    if (!doc) return;
    const collapsed = doc.groups.filter((g) => g.collapsed);
    const hidden = new Set(collapsed.flatMap((g) => g.members));
    this.store.setState({
      selectedNodes: new Set([...doc.nodes.map((n) => n.id).filter((id) => !hidden.has(id)), ...collapsed.map((g) => g.id)]),
      selectedEdges: NONE,
    });
  }

  /** Group the selected nodes under a name; members that match a layer template in order become that layer. */
  groupSelection(name?: string): string | null {
    const doc = this.current;
    if (!doc) return null;
    const members = [...this.store.getState().selectedNodes].flatMap((id) => doc.groups.find((g) => g.id === id)?.members ?? [id]);
    if (members.length === 0) return null;
    const id = freshId([...doc.nodes.map((n) => n.id), ...doc.groups.map((g) => g.id)], 'group');
    const problem = this.apply({ kind: 'group-nodes', id, name: name ?? id, members });
    if (problem) this.store.setState({ refusal: { reason: problem } });
    return problem;
  }

  /** Dissolve a group (its members stay, expanded). */
  ungroup(group: string): void {
    const problem = this.apply({ kind: 'ungroup', group });
    if (problem) this.store.setState({ refusal: { reason: problem } });
    else this.store.setState({ selectedNodes: NONE });
  }

  /** The group the selection is (a collapsed layer) or lies in, for the toolbar's Ungroup. */
  selectedGroup(): string | undefined {
    const doc = this.current;
    const selected = [...this.store.getState().selectedNodes];
    if (!doc || selected.length === 0) return undefined;
    const groups = new Set(selected.map((id) => doc.groups.find((g) => g.id === id || g.members.includes(id))?.id));
    return groups.size === 1 ? [...groups][0] : undefined;
  }

  /** Lay the graph out left to right (ELK), as one undo step; a collapsed layer moves as one box. */
  async autoLayout(): Promise<void> {
    const doc = this.current;
    if (!doc || doc.nodes.length === 0) return;
    const collapsed = collapsedMembers(doc);
    const boxOf = (node: string): string => collapsed.get(node)?.id ?? node;
    const measured = this.store.getState().measured;
    const ids = [...new Set(doc.nodes.map((n) => boxOf(n.id)))];
    const boxes = ids.map((id) => ({ id, width: measured.get(id)?.width ?? 170, height: measured.get(id)?.height ?? 90 }));
    const edges = doc.edges.map((e) => ({ id: e.id, source: boxOf(e.from.node), target: boxOf(e.to.node) }));
    const placed = await layoutLeftToRight(boxes, edges);
    // The document may have changed while ELK worked: lay out only what is still there.
    const now = this.current;
    if (!now || now !== doc) return;
    const positions: Record<string, Position> = {};
    for (const [id, at] of placed) {
      const layer = doc.groups.find((g) => g.id === id && g.collapsed);
      if (layer) Object.assign(positions, moveLayer(doc, layer.members, at));
      else positions[id] = at;
    }
    this.apply({ kind: 'move-nodes', positions });
  }

  /** Collapse a layer into one node, or expand it in place into its Operations. */
  setCollapsed(group: string, collapsed: boolean): void {
    const problem = this.apply({ kind: 'set-collapsed', group, collapsed });
    if (problem) this.store.setState({ refusal: { reason: problem } });
    // The layer node (or its members) left the canvas: keep the selection to what is still drawn.
    else this.store.setState({ selectedNodes: NONE });
  }

  /** Delete nodes (with their edges) and edges, as one undo step. A collapsed layer's id stands for its members. */
  remove(flowNodeIds: readonly string[], edgeIds: readonly string[]): void {
    const doc = this.current;
    if (!doc) return;
    const nodeIds = flowNodeIds.flatMap((id) => doc.groups.find((g) => g.id === id && g.collapsed)?.members ?? [id]);
    // Ids already gone (React Flow may report a deletion more than once) are dropped, so nothing is undone twice.
    const nodes = new Set(nodeIds.filter((id) => doc.nodes.some((n) => n.id === id)));
    const edges = edgeIds.filter((id) => {
      const edge = doc.edges.find((e) => e.id === id);
      return edge && !nodes.has(edge.from.node) && !nodes.has(edge.to.node);
    });
    // One change, so one undo brings back the nodes, their edges and the other deleted edges together.
    if (nodes.size > 0) this.apply({ kind: 'remove-nodes', ids: [...nodes], ...(edges.length > 0 ? { edges } : {}) });
    else if (edges.length > 0) this.apply({ kind: 'remove-edges', ids: edges });
  }

  removeSelection(): void {
    const { selectedNodes, selectedEdges } = this.store.getState();
    this.remove([...selectedNodes], [...selectedEdges]);
  }

  beginGesture(): void {
    this.gesture = `drag-${++gestures}`;
  }

  endGesture(): void {
    this.gesture = undefined;
  }

  /** React Flow's node changes: moves go to the document (one undo step per drag), the rest is view state. */
  nodeChanges(changes: readonly NodeChange[]): void {
    const doc = this.current;
    const positions: Record<string, Position> = {};
    let selected: Set<string> | null = null;
    let measured: Map<string, { width: number; height: number }> | null = null;
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        const layer = doc?.groups.find((g) => g.id === change.id && g.collapsed);
        if (layer && doc) Object.assign(positions, moveLayer(doc, layer.members, change.position));
        else positions[change.id] = { x: change.position.x, y: change.position.y };
      }
      else if (change.type === 'select') {
        selected ??= new Set(this.store.getState().selectedNodes);
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      } else if (change.type === 'dimensions' && change.dimensions) {
        measured ??= new Map(this.store.getState().measured);
        measured.set(change.id, { width: change.dimensions.width, height: change.dimensions.height });
      }
    }
    if (selected) this.store.setState({ selectedNodes: selected });
    if (measured) this.store.setState({ measured });
    if (Object.keys(positions).length > 0) {
      const gestureId = this.gesture;
      this.apply({ kind: 'move-nodes', positions, ...(gestureId ? { gestureId } : {}) });
    }
  }

  edgeChanges(changes: readonly EdgeChange[]): void {
    let selected: Set<string> | null = null;
    for (const change of changes) {
      if (change.type !== 'select') continue;
      selected ??= new Set(this.store.getState().selectedEdges);
      if (change.selected) selected.add(change.id);
      else selected.delete(change.id);
    }
    if (selected) this.store.setState({ selectedEdges: selected });
  }
}

