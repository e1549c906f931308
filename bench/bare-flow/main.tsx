/// <reference types="vite/client" />
// The editor benchmark's peer (bench/editor.bench.ts): a bare React Flow page — default node and edge types,
// the canonical controlled flow (useState + applyNodeChanges), nothing else — drawing the nodes and edges the
// benchmark hands it in window.__bareGraph. Like the app it starts empty: the "Open" button (the same
// data-testid as the app's) puts the graph on the canvas, and once the nodes are measured the view is fitted
// exactly as the editor does it, so both peers are timed from a click to the same picture.

import { StrictMode, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  ReactFlow, ReactFlowProvider, applyEdgeChanges, applyNodeChanges, useNodesInitialized, useReactFlow,
  type Edge, type EdgeChange, type Node, type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';

declare global {
  interface Window {
    /** The graph and the size of the editor's canvas, set by the benchmark before the page loads. */
    __bareGraph?: { nodes: Node[]; edges: Edge[]; width: number; height: number };
  }
}

function Flow() {
  const graph = window.__bareGraph;
  const [nodes, setNodes] = useState<Node[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((ns) => applyNodeChanges(changes, ns)), []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => setEdges((es) => applyEdgeChanges(changes, es)), []);
  const flow = useReactFlow();
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || !initialized) return;
    fitted.current = true;
    void flow.fitView({ padding: 0.2, maxZoom: 1.2 });
  }, [initialized, flow]);
  return (
    <>
      <button type="button" data-testid="file-open" onClick={() => { setNodes(graph?.nodes ?? []); setEdges(graph?.edges ?? []); }}>Open</button>
      <div style={{ width: graph?.width ?? 800, height: graph?.height ?? 600 }} data-testid="canvas">
        <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange}
          minZoom={0.1} maxZoom={2.5} proOptions={{ hideAttribution: true }} />
      </div>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReactFlowProvider>
      <Flow />
    </ReactFlowProvider>
  </StrictMode>,
);
