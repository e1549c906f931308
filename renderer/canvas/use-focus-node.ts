// Select a node on the canvas and centre the view on it: for a click on a gradient-health warning, for the
// node that produced the first NaN/Inf, and for the error banner's "Show". An engine node inside a collapsed
// layer is shown through the layer node (focus.ts canvasIdOf).

import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { EditorController } from '../state/editor.ts';
import type { CanvasIdOf } from './focus.ts';
import type { OpFlowNode, ShapeFlowEdge } from './to-flow.ts';

/** Zoomed out further than this, focusing a node zooms in to read it. */
const READABLE_ZOOM = 0.8;

export function useFocusNode(editor: EditorController, canvasOf: CanvasIdOf): (nodeId: string) => boolean {
  const flow = useReactFlow<OpFlowNode, ShapeFlowEdge>();
  return useCallback((nodeId: string) => {
    const id = canvasOf(nodeId);
    const node = flow.getInternalNode(id);
    if (!node) return false;
    editor.store.setState({ selectedNodes: new Set([id]), selectedEdges: new Set() });
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? 160;
    const height = node.measured.height ?? 80;
    void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 250 });
    return true;
  }, [editor, flow, canvasOf]);
}
