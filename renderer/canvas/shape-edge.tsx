// An edge with the shape of the tensor it carries printed at its middle (DESIGN.md §7), and while training
// the live overlay: colour = gradient magnitude, width = activation magnitude, a dash running in the phase's
// direction (use-edge-overlay.ts, overlay-scale.ts). In step-through mode the label also lists the exact
// values (and gradient) of a small tensor, and the edges the current step wrote are highlighted.

import { memo, useContext } from 'react';
import { LeanContext } from './lean.ts';
import { useEdgeOverlay } from './use-edge-overlay.ts';
import { useEdgeStep } from './use-edge-step.ts';
import { formatEdgeValues } from './step-view.ts';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './to-flow.ts';
import { useServices } from '../ui/context.ts';

const json = (values: number[] | undefined): string | undefined => (values === undefined ? undefined : JSON.stringify(values));

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  // Zoomed far out a label is unreadable: none is made (hundreds of them on a big graph).
  const lean = useContext(LeanContext);
  const { ink, phase, carriesGradient } = useEdgeOverlay(id);
  const step = useEdgeStep(id);
  const style = ink ? { ...(ink.color ? { stroke: ink.color } : {}), strokeWidth: ink.width } : undefined;
  const classes = [selected ? 'edge-selected' : '', phase ? `flow-${phase}` : '', ink?.broken ? 'edge-broken' : '', step.role ? `step-${step.role}` : ''].filter(Boolean).join(' ');
  const stepping = step.values !== undefined || step.gradValues !== undefined;
  const { ui } = useServices();
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} className={classes} {...(style ? { style } : {})} />
      {lean ? null : <EdgeLabelRenderer>
        <div className={`edge-label nodrag nopan${selected ? ' selected' : ''}${step.role ? ` step-${step.role}` : ''}${stepping ? ' with-values' : ''}`}
          data-testid={`edge-label-${id}`} data-edge-id={id}
          // The label covers the middle of a short edge: a click on it pins the edge's tensor viewer too.
          onClick={() => ui.setState({ pinnedEdge: id })}
          data-grad-rms={ink?.gradientRms} data-act-rms={ink?.activationRms} data-phase={phase ?? undefined} data-carries-gradient={carriesGradient}
          data-step={step.role ?? undefined} data-values={json(step.values)} data-grad-values={json(step.gradValues)}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
          {stepping ? <span className="edge-shape">{data?.label ?? '?'}</span> : (data?.label ?? '?')}
          {step.values ? <span className="edge-values" title={step.values.join(', ')}>{formatEdgeValues(step.values)}</span> : null}
          {step.gradValues ? <span className="edge-grads" title={`gradient: ${step.gradValues.join(', ')}`}>∇ {formatEdgeValues(step.gradValues)}</span> : null}
        </div>
      </EdgeLabelRenderer>}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
