// An edge with the shape of the tensor it carries printed at its middle (DESIGN.md §7).

import { memo, useContext } from 'react';
import { LeanContext } from './lean.ts';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './to-flow.ts';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  // Zoomed far out a label is unreadable: none is made (hundreds of them on a big graph).
  const lean = useContext(LeanContext);
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} className={selected ? 'edge-selected' : ''} />
      {lean ? null : <EdgeLabelRenderer>
        <div className={`edge-label nodrag nopan${selected ? ' selected' : ''}`} data-testid={`edge-label-${id}`} data-edge-id={id}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {data?.label ?? '?'}
        </div>
      </EdgeLabelRenderer>}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
