// Edits to a document as data (STYLE.md, the xyflow row): every edit the editor makes is one DocumentChange
// record, and `applyChange` is the one pure function that carries it out. Undo/redo (history.ts) keeps the
// documents before and after each change; the menu labels come from `describeChange`.
//
// applyChange never mutates its input and returns new objects only along the changed path (structural
// sharing), so snapshots are cheap and React can compare by reference. It refuses, with a message for a
// person, any change that would leave a document the loader rejects for its structure: duplicate ids,
// edges to missing nodes or ports, self-edges and cycles, unknown ops, bad attribute values. Shape
// mismatches between connected ops are not refused here: they are graph problems the canvas shows.
//
// The handlers live by family: changes-graph.ts (nodes, edges), changes-groups.ts (layers, groups),
// changes-settings.ts (training, data, name, view); shared checks and repairs in changes-checks.ts.

import { assertNever } from '../protocol/assert-never.ts';
import type { LayerTemplate } from '../layers/templates.ts';
import type { PartialRunConfig } from '../train/config.ts';
import type { AttributeValue, Attributes, DataSource, DocEdge, DocGroup, DocNode, GradflowDocument, Position } from './types.ts';
import { addEdge, addNodes, moveNodes, removeEdges, removeNodes, setAttributes, setLabel } from './changes-graph.ts';
import { addLayerChange, groupNodesChange, renameGroup, setCollapsedChange, setLayerAttributesChange, ungroupChange } from './changes-groups.ts';
import { setData, setDescription, setName, setTraining, setView } from './changes-settings.ts';

export type LayerKind = LayerTemplate['kind'];
export type Viewport = { x: number; y: number; zoom: number };

/** An attribute patch: a value sets the attribute, `null` or `undefined` removes it (back to the op's default). */
export type AttributePatch = Readonly<Record<string, AttributeValue | null | undefined>>;

/** Every edit the editor makes to a document. */
export type DocumentChange =
  /** Nodes with the edges and groups that come with them: a paste, a duplicate, a node dropped from the
   *  palette. An added edge onto a port that is already fed replaces the old edge (as add-edge does). */
  | { kind: 'add-nodes'; nodes: readonly DocNode[]; edges?: readonly DocEdge[]; groups?: readonly DocGroup[]; label?: string }
  /** Also removes their edges, drops them from groups (removing groups left empty) and their saved parameters.
   *  `edges` deletes more edges in the same step (a selection of nodes and edges deleted at once). */
  | { kind: 'remove-nodes'; ids: readonly string[]; edges?: readonly string[] }
  /** New positions by node id; moves with the same `gestureId` (one drag) are one undo step. */
  | { kind: 'move-nodes'; positions: Readonly<Record<string, Position>>; gestureId?: string }
  | { kind: 'set-attributes'; node: string; attributes: AttributePatch }
  /** An empty or missing label removes it (the id is shown). */
  | { kind: 'set-label'; node: string; label?: string | undefined }
  /** One edge per input port: an edge already on `edge.to` is replaced. */
  | { kind: 'add-edge'; edge: DocEdge }
  | { kind: 'remove-edges'; ids: readonly string[] }
  | { kind: 'add-layer'; layer: LayerKind; id: string; attributes: Attributes; position?: Position }
  /** Change a layer's settings: its members are regenerated from the template. */
  | { kind: 'set-layer-attributes'; group: string; attributes: Attributes }
  | { kind: 'set-collapsed'; group: string; collapsed: boolean }
  /** Group nodes under a name; members that match a layer template in order make that layer. */
  | { kind: 'group-nodes'; id: string; name: string; members: readonly string[] }
  /** Remove a group record; its members stay. */
  | { kind: 'ungroup'; group: string }
  | { kind: 'rename-group'; group: string; name: string }
  /** Merged into the document's training settings, nested ones field by field; `undefined` removes a field. */
  | { kind: 'set-training'; training: PartialRunConfig }
  /** Replace the data source (`undefined` removes it). */
  | { kind: 'set-data'; data?: DataSource | undefined }
  | { kind: 'set-name'; name?: string | undefined }
  | { kind: 'set-description'; description?: string | undefined }
  /** Where the canvas looks; history.ts keeps it out of undo and out of "unsaved changes". */
  | { kind: 'set-view'; viewport?: Viewport | undefined };

export type ChangeKind = DocumentChange['kind'];
export type ChangeOf<K extends ChangeKind> = Extract<DocumentChange, { kind: K }>;

/**
 * The edited document, or why the change was refused. A change that changes nothing returns the input
 * document itself. `notes` say what else happened (a layer edited inside became a plain group, trained
 * parameters that no longer fit were dropped).
 */
export type ChangeResult = { ok: true; doc: GradflowDocument; notes: string[] } | { ok: false; error: string };

/** Apply one change to a document, purely; refuses changes that would corrupt it. */
export function applyChange(doc: GradflowDocument, change: DocumentChange): ChangeResult {
  try {
    return dispatch(doc, change);
  } catch (error) {
    // The layer functions throw RangeError for bad settings and clashing ids: a refusal. Anything else is a
    // bug of ours, reported as such rather than taking the open document down with it (as load.ts does).
    if (error instanceof RangeError) return { ok: false, error: error.message };
    return { ok: false, error: `internal error while applying "${change.kind}": ${error instanceof Error ? error.message : String(error)}` };
  }
}

function dispatch(doc: GradflowDocument, change: DocumentChange): ChangeResult {
  switch (change.kind) {
    case 'add-nodes': return addNodes(doc, change);
    case 'remove-nodes': return removeNodes(doc, change);
    case 'move-nodes': return moveNodes(doc, change);
    case 'set-attributes': return setAttributes(doc, change);
    case 'set-label': return setLabel(doc, change);
    case 'add-edge': return addEdge(doc, change);
    case 'remove-edges': return removeEdges(doc, change);
    case 'add-layer': return addLayerChange(doc, change);
    case 'set-layer-attributes': return setLayerAttributesChange(doc, change);
    case 'set-collapsed': return setCollapsedChange(doc, change);
    case 'group-nodes': return groupNodesChange(doc, change);
    case 'ungroup': return ungroupChange(doc, change);
    case 'rename-group': return renameGroup(doc, change);
    case 'set-training': return setTraining(doc, change);
    case 'set-data': return setData(doc, change);
    case 'set-name': return setName(doc, change);
    case 'set-description': return setDescription(doc, change);
    case 'set-view': return setView(doc, change);
    default: return assertNever(change, 'document change');
  }
}

const count = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : `${n} ${many}`);

/** A short label for the Undo/Redo menu items: "Add Dense layer", "Move 3 nodes". */
export function describeChange(change: DocumentChange): string {
  switch (change.kind) {
    case 'add-nodes': {
      if (change.label) return change.label;
      const only = change.nodes.length === 1 ? change.nodes[0] : undefined;
      return only ? `Add ${only.op}` : `Add ${count(change.nodes.length, 'node')}`;
    }
    case 'remove-nodes': return change.ids.length === 0 ? `Delete ${count(change.edges?.length ?? 0, 'connection')}`
      : change.edges?.length ? 'Delete selection' : `Delete ${count(change.ids.length, 'node')}`;
    case 'move-nodes': return `Move ${count(Object.keys(change.positions).length, 'node')}`;
    case 'set-attributes': {
      const names = Object.keys(change.attributes);
      return names.length === 1 ? `Change ${names[0]}` : 'Change attributes';
    }
    case 'set-label': return change.label ? 'Rename node' : 'Remove label';
    case 'add-edge': return 'Connect';
    case 'remove-edges': return `Delete ${count(change.ids.length, 'connection')}`;
    case 'add-layer': return `Add ${change.layer} layer`;
    case 'set-layer-attributes': return 'Change layer settings';
    case 'set-collapsed': return change.collapsed ? 'Collapse' : 'Expand';
    case 'group-nodes': return `Group ${count(change.members.length, 'node')}`;
    case 'ungroup': return 'Ungroup';
    case 'rename-group': return 'Rename group';
    case 'set-training': return 'Change training settings';
    case 'set-data': return change.data ? 'Change data source' : 'Remove data source';
    case 'set-name': return 'Rename document';
    case 'set-description': return 'Change description';
    case 'set-view': return 'Change view';
    default: return assertNever(change, 'document change');
  }
}
