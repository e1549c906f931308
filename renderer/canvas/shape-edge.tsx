// An edge with the shape of the tensor it carries printed at its middle (DESIGN.md §7), and while training
// the live overlay: colour = gradient magnitude, width = activation magnitude, a dash running in the phase's
// direction (use-edge-overlay.ts, overlay-scale.ts).

import { memo, useContext } from 'react';
import { LeanContext } from './lean.ts';
import { useEdgeOverlay } from './use-edge-overlay.ts';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './to-flow.ts';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  // Zoomed far out a label is unreadable: none is made (hundreds of them on a big graph).
  const lean = useContext(LeanContext);
  const { ink, phase, carriesGradient } = useEdgeOverlay(id);
  const style = ink ? { ...(ink.color ? { stroke: ink.color } : {}), strokeWidth: ink.width } : undefined;
  const classes = [selected ? 'edge-selected' : '', phase ? `flow-${phase}` : '', ink?.broken ? 'edge-broken' : ''].filter(Boolean).join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} className={classes} {...(style ? { style } : {})} />
      {lean ? null : <EdgeLabelRenderer>
        <div className={`edge-label nodrag nopan${selected ? ' selected' : ''}`} data-testid={`edge-label-${id}`} data-edge-id={id}
          data-grad-rms={ink?.gradientRms} data-act-rms={ink?.activationRms} data-phase={phase ?? undefined} data-carries-gradient={carriesGradient}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {data?.label ?? '?'}
        </div>
      </EdgeLabelRenderer>}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
