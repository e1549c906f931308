// One node on the canvas: an Operation (its type, label, key attributes and inferred output shape, one target
// handle per input port on the left, the source handle "out" on the right), or a collapsed layer standing for
// its members (the ports its members take from outside; expand it in place with its button or a double-click).
// Defined at module level and memoized (STYLE.md, xyflow row): React Flow re-renders it only when its data
// object changes.

import { memo, useContext } from 'react';
import { LeanContext } from './lean.ts';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useStore } from 'zustand';
import { useServices } from '../ui/context.ts';
import type { OpFlowNode } from './to-flow.ts';
import { HEALTH_ICON, HEALTH_TITLE, type HealthBadge } from './health-badges.ts';
import { useNodeInsights } from './use-node-insights.ts';

// The geometry styles.css gives a node: a fixed-height head, then one 20 px row per input port, whose label
// sits in the row and whose handle is centred on it.
const PORT_ROW = 20;
const BODY_TOP = 40;
const portCentre = (i: number): number => BODY_TOP + PORT_ROW / 2 + i * PORT_ROW;
const OUT = [{ name: 'out', label: 'out' }];

/** "Dense dense1" → "dense1": a layer's default name repeats its kind, which the node already shows. */
function shortName(kind: string | undefined, name: string): string {
  const match = /^(Dense|Conv2D|Group) (.+)$/.exec(name);
  return match && (kind === undefined || match[1] === kind) ? match[2]! : name;
}

function CollapseButton({ groupId, collapse, name }: { groupId: string; collapse: boolean; name: string }) {
  const { editor } = useServices();
  return (
    <button type="button" className="node-toggle nodrag" data-testid={`${collapse ? 'collapse' : 'expand'}-${groupId}`}
      aria-label={`${collapse ? 'Collapse' : 'Expand'} layer ${name}`} title={collapse ? 'Collapse the layer into one node' : 'Expand the layer into its Operations'}
      onClick={(event) => { event.stopPropagation(); editor.setCollapsed(groupId, collapse); }}>
      {collapse ? '⊟' : '⊞'}
    </button>
  );
}

/** The node's gradient-health findings: the most serious kind's icon and how many; the messages on hover. */
function HealthBadgeView({ id, badge }: { id: string; badge: HealthBadge }) {
  const kinds = badge.kinds.map((k) => HEALTH_TITLE[k]).join(', ');
  return (
    <span className={`health-badge health-${badge.kinds[0]}`} data-testid={`health-badge-${id}`} data-kinds={badge.kinds.join(',')} data-count={badge.count}
      role="img" aria-label={`${badge.count} gradient-health ${badge.count === 1 ? 'warning' : 'warnings'}: ${kinds}`} title={badge.messages.join('\n')}>
      {HEALTH_ICON[badge.kinds[0]!]} {badge.count}
    </span>
  );
}

function OpNodeView({ id, data, selected }: NodeProps<OpFlowNode>) {
  const { editor } = useServices();
  // Only re-rendered when a connection drag starts or ends (the selected values keep their identity).
  const connectable = useStore(editor.store, (s) => s.connectable?.get(id));
  const connecting = useStore(editor.store, (s) => s.connectable !== null);
  const outputs = data.outputs ?? OUT;
  // Zoomed far out: the box and the op name (handles stay, invisible, for the edges to attach to).
  const lean = useContext(LeanContext);
  const height = Math.max(72, BODY_TOP + Math.max(data.inputs.length, outputs.length) * PORT_ROW + 8);
  // Step-through, gradient health and NaN: each read from the telemetry store by its own narrow selector.
  const insights = useNodeInsights(id);
  const label = data.layer ? `${shortName(data.op, data.title)} · ${data.layer.members} operations` : data.group ? `${shortName(undefined, data.group)} · ${data.title}` : data.title;
  return (
    <div className={`op-node role-${data.role} family-${data.family}${selected ? ' selected' : ''}${data.problem ? ' has-problem' : ''}${data.layer ? ' layer-node' : ''}${connecting ? (connectable ? ' can-connect' : ' cannot-connect') : ''}${insights.stepCurrent ? ' step-current' : ''}${insights.nanOrigin ? ' nan-node' : ''}`}
      data-op={data.op} data-node-id={id} {...(data.layer ? { 'data-layer': data.op } : {})} {...(insights.stepCurrent ? { 'data-step': 'current' } : {})}
      style={{ minHeight: height }} title={data.problem}>
      {insights.badge ? <HealthBadgeView id={id} badge={insights.badge} /> : null}
      {insights.nanOrigin ? <span className="nan-origin" data-testid="nan-origin" data-node-id={id} title="The first NaN or Inf of the run came out of here">NaN</span> : null}
      <div className="op-node-head">
        <span className="op-name">{data.op}</span>
        {lean ? null : <span className="op-label">{label}</span>}
        {!lean && data.layer ? <CollapseButton groupId={data.layer.groupId} collapse={false} name={data.title} /> : null}
        {!lean && data.groupId && data.group ? <CollapseButton groupId={data.groupId} collapse name={data.group} /> : null}
      </div>
      {lean ? null : <div className="op-node-body">
        {/* One text block per list, a line each (white-space: pre): a big graph is hundreds of nodes, and every
            element saved per node is hundreds fewer for the browser to create, lay out and paint. */}
        {data.inputs.length > 0 ? <div className="op-ports" aria-hidden="true">{data.inputs.map((port) => port.label).join('\n')}</div> : null}
        <div className="op-node-info">
          {data.summary.length > 0 ? <div className="op-attrs">{data.summary.join('\n')}</div> : null}
          {data.params ? <div className="op-params" data-testid={`node-params-${id}`}>{data.params.join('\n')}</div> : null}
          <div className="op-shape" data-testid={`node-shape-${id}`}>{data.shape}</div>
        </div>
        {outputs.length > 1 ? <div className="op-ports op-ports-out" aria-hidden="true">{outputs.map((out) => out.label).join('\n')}</div> : null}
      </div>}
      {/* Below the ports (the handles keep their places): the local formula with the step's numbers plugged in. */}
      {!lean && insights.formula ? (
        <div className="op-formula" data-testid={`node-formula-${insights.formula.nodeId}`} title={insights.formula.text}>{insights.formula.text}</div>
      ) : null}
      {data.inputs.map((port, i) => (
        <Handle key={port.name} type="target" position={Position.Left} id={port.name} data-testid={`handle-${id}-${port.name}`}
          className={`${port.isTarget ? 'port port-target' : 'port'}${connectable?.has(port.name) ? ' port-connectable' : ''}`} style={{ top: portCentre(i) }} title={`${port.label}: ${port.description}`}/>
      ))}
      {outputs.map((out, i) => (
        <Handle key={out.name} type="source" position={Position.Right} id={out.name} data-testid={`handle-${id}-${out.name}`} className="port port-out"
          style={outputs.length > 1 ? { top: portCentre(i) } : undefined} title={out.label} />
      ))}
    </div>
  );
}

export const OpNode = memo(OpNodeView);
