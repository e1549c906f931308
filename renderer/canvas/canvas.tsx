// The node-graph canvas (React Flow). React Flow holds no state of its own here: nodes and edges are made from
// the open document by toFlow, and every interaction (move, select, connect, delete, drop from the palette)
// becomes a DocumentChange applied through the editor's History, so undo/redo covers all of it.

import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import {
  Background, Controls, MiniMap, Panel, ReactFlow, ReactFlowProvider, useNodesInitialized, useReactFlow, useStore as useFlowStore,
  type Connection, type EdgeChange, type IsValidConnection, type NodeChange, type OnConnectStart,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useStore } from 'zustand';
import { checkConnection } from '../../core/graph/connect.ts';
import { useDocument, useServices, useSettings, useTelemetry } from '../ui/context.ts';
import { isRunLocked } from '../state/telemetry-store.ts';
import { EditToolbar } from './edit-toolbar.tsx';
import { QuickAdd } from './quick-add.tsx';
import { useGraphClipboard } from './clipboard.ts';
import { useFlowDash } from './use-flow-dash.ts';
import { LeanContext } from './lean.ts';
import { CanvasIdContext } from './canvas-index.ts';
import { canvasIdOf } from './focus.ts';
import { focusRequests } from './focus-requests.ts';
import { HealthPanel } from './health-panel.tsx';
import { useFocusNode } from './use-focus-node.ts';
import './insights.css';
import { EdgeTooltip, OverlayLegend } from './overlay-panels.tsx';
import { OpNode } from './op-node.tsx';
import { ShapeEdge } from './shape-edge.tsx';
import { Palette } from './palette.tsx';
import { Inspector } from '../inspector/inspector.tsx';
import { PALETTE_MIME, PALETTE_ITEMS, type PaletteItem } from './palette-items.ts';
import { inferView, resolveConnection, updateFlow, type FlowFrame, type OpFlowNode, type ShapeFlowEdge } from './to-flow.ts';
import { useGraphStructure } from '../state/structure.ts';
import type { EditorController } from '../state/editor.ts';

// Module level, so React Flow never sees new types and remounts every node (STYLE.md, xyflow row).
const nodeTypes = { op: OpNode };
const edgeTypes = { shape: ShapeEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const MINIMAP_SIZE = { width: 140, height: 90 };
// Every object handed to React Flow is made once: a new one on each render (a drag renders 60 times a second)
// would update React Flow's store and re-render every edge that reads it.
const PRO_OPTIONS = { hideAttribution: true };
/** Below this zoom, nodes show their op, name and shape only, and edges lose their shape labels. */
const ZOOMED_OUT = 0.45;
const DEFAULT_EDGE_OPTIONS = { type: 'shape' };
// Ctrl/Cmd-click adds to the selection; Shift-drag draws a selection box (React Flow's defaults, said here).
const MULTI_SELECT_KEYS = ['Meta', 'Control'];
const ARIA_LABELS = { 'node.a11yDescription.default': 'Press Enter or Space to select an Operation; Delete removes it; arrow keys move it.' };

function useEditor(): EditorController {
  return useServices().editor;
}

function ConnectionReason() {
  const editor = useEditor();
  const refusal = useStore(editor.store, (s) => s.refusal);
  if (!refusal) return null;
  return (
    <div className="connection-reason" role="status" data-testid="connection-reason">
      <p>{refusal.reason}</p>
      {refusal.suggestion ? <p className="suggestion" data-testid="connection-suggestion">Try: {refusal.suggestion}</p> : null}
      <button type="button" aria-label="Dismiss" onClick={() => editor.clearRefusal()}>×</button>
    </div>
  );
}

function Flow() {
  const editor = useEditor();
  const doc = useDocument((s) => s.doc);
  const selectedNodes = useStore(editor.store, (s) => s.selectedNodes);
  const selectedEdges = useStore(editor.store, (s) => s.selectedEdges);
  const measured = useStore(editor.store, (s) => s.measured);
  const opened = useStore(editor.store, (s) => s.opened);
  const flow = useReactFlow<OpFlowNode, ShapeFlowEdge>();
  const { ui } = useServices();
  const theme = useSettings((s) => s.theme);
  const locked = useTelemetry((s) => isRunLocked(s.status));
  // The dash runs while the engine trains or steps and the overlay is shown.
  const overlayShown = useStore(ui, (s) => s.overlay);
  const flowing = useTelemetry((s) => s.status === 'running' || s.status === 'stepping') && overlayShown;
  const container = useRef<HTMLDivElement>(null);
  useFlowDash(container, flowing);
  const engineError = useTelemetry((s) => s.error);
  // Where the pointer is, for Paste: kept in a ref (a pointer move must not notify anything), converted on use.
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const onMouseMove = useCallback((event: ReactMouseEvent) => { pointer.current = { x: event.clientX, y: event.clientY }; }, []);
  const onMouseLeave = useCallback(() => { pointer.current = null; }, []);
  useGraphClipboard(editor, () => (pointer.current ? flow.screenToFlowPosition(pointer.current) : undefined));

  // Commands (Zoom to Fit) reach React Flow's view through the UI store while the canvas is shown.
  useEffect(() => {
    ui.setState({ fitView: () => void flow.fitView({ padding: 0.08, maxZoom: 1.2, duration: 200 }) });
    return () => ui.setState({ fitView: null });
  }, [ui, flow]);

  // Shapes depend on the structure, not the layout: kept for a whole drag (renderer/state/structure.ts).
  const structure = useGraphStructure(doc);
  const graph = useMemo(() => (structure ? inferView(structure) : null), [structure]);
  const frame = useRef<FlowFrame | null>(null);
  const { nodes, edges } = useMemo(() => {
    if (!doc || !graph) return (frame.current = null, { nodes: [], edges: [] });
    frame.current = updateFlow(frame.current, doc, graph, { selectedNodes, selectedEdges, measured });
    return frame.current;
  }, [doc, graph, selectedNodes, selectedEdges, measured]);

  // A newly opened document is shown whole, once its nodes are measured; an empty one is left alone, so the
  // first node dropped on it stays where it was dropped.
  const initialized = useNodesInitialized();

  // Engine node → the canvas node standing for it (a collapsed layer for its members): for steps, health
  // badges and focusing. Changes only when the groups do.
  const groups = doc?.groups;
  const canvasOf = useMemo(() => canvasIdOf(groups ?? []), [groups]);
  const focusNode = useFocusNode(editor, canvasOf);
  // The node that produced the first NaN/Inf is selected and centred when the engine names it (training paused).
  // Once per error: collapsing or expanding a layer afterwards must not pull the view back to it.
  const focusedError = useRef<typeof engineError>(undefined);
  useEffect(() => {
    if (!engineError?.nodeId || focusedError.current === engineError) return;
    if (focusNode(engineError.nodeId)) focusedError.current = engineError;
  }, [engineError, focusNode]);
  // "Show" from outside the canvas (the error banner). Requests made before this canvas existed are old news.
  const handledFocus = useRef(focusRequests.getState().request?.seq ?? 0);
  const focusRequest = useStore(focusRequests, (s) => s.request);
  useEffect(() => {
    if (!focusRequest || focusRequest.seq <= handledFocus.current) return;
    handledFocus.current = focusRequest.seq;
    focusNode(focusRequest.nodeId);
  }, [focusRequest, focusNode]);
  // State, not a ref: once the fit is done the canvas renders again with the zoom it really has (see `lean`).
  const [fitted, setFitted] = useState(-1);
  const empty = (doc?.nodes.length ?? 0) === 0;
  useEffect(() => {
    if (fitted === opened) return;
    if (empty) { setFitted(opened); return; }
    if (!initialized) return;
    void flow.fitView({ padding: 0.08, maxZoom: 1.2 }).then(() => setFitted(opened));
  }, [opened, fitted, initialized, empty, flow]);

  const onNodesChange = useCallback((changes: NodeChange<OpFlowNode>[]) => editor.nodeChanges(changes), [editor]);
  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => editor.edgeChanges(changes), [editor]);
  const onConnect = useCallback((c: Connection) => {
    const current = editor.doc();
    const ends = current ? resolveConnection(current, c) : null;
    if (ends) editor.connect(ends.source, ends.target, ends.port);
  }, [editor]);
  const onConnectStart: OnConnectStart = useCallback((_, { nodeId, handleId, handleType }) => {
    editor.clearRefusal();
    if (nodeId) editor.startConnecting(nodeId, handleId, handleType);
  }, [editor]);
  const onConnectEnd = useCallback(() => editor.stopConnecting(), [editor]);
  const isValidConnection: IsValidConnection<ShapeFlowEdge> = useCallback((c) => {
    const current = editor.doc();
    const ends = current ? resolveConnection(current, c) : null;
    if (!current || !ends) return false;
    const check = checkConnection(current, ends.source, ends.target, ends.port);
    editor.showCheck(check);
    return check.ok;
  }, [editor]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback((event: DragEvent) => {
    const payload = event.dataTransfer.getData(PALETTE_MIME);
    if (!payload) return;
    event.preventDefault();
    const { type, kind } = JSON.parse(payload) as { type: string; kind: string };
    const item = PALETTE_ITEMS.find((i) => i.type === type && i.kind === kind);
    if (item) editor.addItem(item, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  }, [editor, flow]);

  // Double-click on the empty canvas: the quick-add popup, adding where the click was.
  const onDoubleClick = useCallback((event: ReactMouseEvent) => {
    if (!(event.target instanceof Element) || !event.target.classList.contains('react-flow__pane')) return;
    ui.setState({ quickAdd: { screen: { x: event.clientX, y: event.clientY }, at: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }) } });
  }, [ui, flow]);
  // Zoomed far out the details are unreadable: nodes draw their box and op name only, edges no label. A newly
  // opened graph that will be fitted that far out is drawn lean from its first render (its fit is estimated
  // from the document), so a big graph is not built in full detail only to be hidden a frame later.
  const zoom = useFlowStore((s) => (s.transform[2] < ZOOMED_OUT ? 'out' : 'in'));
  const paneSize = useFlowStore((s) => (s.width > 0 && s.height > 0 ? `${s.width}x${s.height}` : ''));
  const awaitingFit = doc !== undefined && doc.nodes.length > 0 && fitted !== opened;
  const zoomedOut = awaitingFit ? estimatedFitZoom(doc.nodes, paneSize) < ZOOMED_OUT : zoom === 'out';
  const onEdgeMouseEnter = useCallback((event: ReactMouseEvent, edge: ShapeFlowEdge) => ui.setState({ hoveredEdge: { id: edge.id, x: event.clientX, y: event.clientY } }), [ui]);
  const onEdgeMouseLeave = useCallback(() => ui.setState({ hoveredEdge: null }), [ui]);
  // A click pins the edge's tensor viewer (it stays open while the pointer moves on).
  const onEdgeClick = useCallback((_event: ReactMouseEvent, edge: ShapeFlowEdge) => ui.setState({ pinnedEdge: edge.id }), [ui]);
  const onNodeDragStart = useCallback(() => editor.beginGesture(), [editor]);
  const onNodeDragStop = useCallback(() => editor.endGesture(), [editor]);
  const onDelete = useCallback(({ nodes: n, edges: e }: { nodes: OpFlowNode[]; edges: ShapeFlowEdge[] }) => editor.remove(n.map((x) => x.id), e.map((x) => x.id)), [editor]);
  const onNodeDoubleClick = useCallback((_: ReactMouseEvent, node: OpFlowNode) => {
    if (node.data.layer) editor.setCollapsed(node.data.layer.groupId, false);
  }, [editor]);

  if (!doc) return <div className="canvas-empty" data-testid="canvas">Open an example or a file, or start a new graph.</div>;
  return (
    <div ref={container} className={zoomedOut ? 'canvas zoomed-out' : 'canvas'} data-testid="canvas" data-zoomed-out={zoomedOut} onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick}
      onMouseMove={onMouseMove} onMouseLeave={onMouseLeave}>
      <LeanContext.Provider value={zoomedOut}>
      <CanvasIdContext.Provider value={canvasOf}>
      <ReactFlow<OpFlowNode, ShapeFlowEdge> nodes={nodes} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes}
        onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} onConnect={onConnect} onConnectStart={onConnectStart} onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection} onNodeDragStart={onNodeDragStart} onNodeDragStop={onNodeDragStop}
        onDelete={onDelete} deleteKeyCode={DELETE_KEYS} minZoom={0.1} maxZoom={2.5} proOptions={PRO_OPTIONS}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS} zoomOnDoubleClick={false} onNodeDoubleClick={onNodeDoubleClick}
        onEdgeMouseEnter={onEdgeMouseEnter} onEdgeMouseLeave={onEdgeMouseLeave} onEdgeClick={onEdgeClick}
        nodesConnectable={!locked} colorMode={theme} selectionKeyCode="Shift" multiSelectionKeyCode={MULTI_SELECT_KEYS} ariaLabelConfig={ARIA_LABELS}>
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Minimap" style={MINIMAP_SIZE} />
        <Controls showInteractive={false} />
        <Panel position="bottom-center"><OverlayLegend /></Panel>
        <Panel position="top-right"><HealthPanel onFocus={focusNode} /></Panel>
        {locked ? <Panel position="top-left"><p className="lock-badge" data-testid="graph-locked" role="status">Locked while training: Stop to change it; the learning rate and momentum can change live.</p></Panel> : null}
      </ReactFlow>
      </CanvasIdContext.Provider>
      </LeanContext.Provider>
      <ConnectionReason />
      <QuickAdd />
      <EdgeTooltip />
    </div>
  );
}

/** The fit zoom of a graph, estimated from its nodes' positions before they are drawn ("WxH" of the pane). */
function estimatedFitZoom(nodes: readonly { position: { x: number; y: number } }[], paneSize: string): number {
  const [width, height] = paneSize ? paneSize.split('x').map(Number) : [800, 600];
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  // A node is about 170 × 90 at zoom 1.
  const spanX = Math.max(...xs) - Math.min(...xs) + 170;
  const spanY = Math.max(...ys) - Math.min(...ys) + 90;
  return Math.min(width! / spanX, height! / spanY, 1.2);
}

/** Palette, edit toolbar, canvas and inspector. */
export function Editor() {
  const editor = useEditor();
  const onAdd = useCallback((item: PaletteItem) => editor.addItem(item), [editor]);
  return (
    <ReactFlowProvider>
      <div className="editor">
        <EditToolbar />
        <Palette onAdd={onAdd} />
        <div className="editor-main">
          <Flow />
        </div>
        <Inspector />
      </div>
    </ReactFlowProvider>
  );
}
