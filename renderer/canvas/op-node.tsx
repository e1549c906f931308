// One node on the canvas: an Operation (its type, label, key attributes and inferred output shape, one target
// handle per input port on the left, the source handle "out" on the right), or a collapsed layer standing for
// its members (the ports its members take from outside; expand it in place with its button or a double-click).
// Defined at module level and memoized (STYLE.md, xyflow row): React Flow re-renders it only when its data
// object changes.

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useServices } from '../ui/context.ts';
import type { OpFlowNode } from './to-flow.ts';

const PORT_SPACING = 22;
const PORT_TOP = 34;
const OUT = [{ name: 'out', label: 'out' }];

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

function OpNodeView({ id, data, selected }: NodeProps<OpFlowNode>) {
  const outputs = data.outputs ?? OUT;
  const height = Math.max(64, PORT_TOP + Math.max(data.inputs.length, outputs.length) * PORT_SPACING);
  const label = data.layer ? `${data.layer.members} operations` : data.group ? `${data.group} · ${data.title}` : data.title;
  return (
    <div className={`op-node role-${data.role} family-${data.family}${selected ? ' selected' : ''}${data.problem ? ' has-problem' : ''}${data.layer ? ' layer-node' : ''}`}
      data-op={data.op} data-node-id={id} {...(data.layer ? { 'data-layer': data.op } : {})} style={{ minHeight: height }} title={data.problem}>
      <div className="op-node-head">
        <span className="op-name">{data.layer ? `${data.op} · ${data.title}` : data.op}</span>
        <span className="op-label">{label}</span>
        {data.layer ? <CollapseButton groupId={data.layer.groupId} collapse={false} name={data.title} /> : null}
        {data.groupId && data.group ? <CollapseButton groupId={data.groupId} collapse name={data.group} /> : null}
      </div>
      {data.summary.length > 0 ? <ul className="op-attrs">{data.summary.map((line) => <li key={line}>{line}</li>)}</ul> : null}
      <div className="op-shape" data-testid={`node-shape-${id}`}>{data.shape}</div>
      {data.inputs.map((port, i) => (
        <Handle key={port.name} type="target" position={Position.Left} id={port.name} data-testid={`handle-${id}-${port.name}`}
          className={port.isTarget ? 'port port-target' : 'port'} style={{ top: PORT_TOP + i * PORT_SPACING }} title={`${port.label}: ${port.description}`}>
          <span className="port-name">{port.label}</span>
        </Handle>
      ))}
      {outputs.map((out, i) => (
        <Handle key={out.name} type="source" position={Position.Right} id={out.name} data-testid={`handle-${id}-${out.name}`} className="port port-out"
          style={outputs.length > 1 ? { top: PORT_TOP + i * PORT_SPACING } : undefined} title={out.label}>
          {outputs.length > 1 ? <span className="port-name port-name-out">{out.label}</span> : null}
        </Handle>
      ))}
    </div>
  );
}

export const OpNode = memo(OpNodeView);
