// One Operation on the canvas: its type, label, key attributes and inferred output shape, one target handle
// per input port (left, named like the port) and one source handle "out" (right). Defined at module level and
// memoized (STYLE.md, xyflow row): React Flow re-renders it only when its data object changes.

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { OpFlowNode } from './to-flow.ts';

const PORT_SPACING = 22;
const PORT_TOP = 34;

function OpNodeView({ id, data, selected }: NodeProps<OpFlowNode>) {
  const height = Math.max(64, PORT_TOP + data.inputs.length * PORT_SPACING);
  return (
    <div className={`op-node role-${data.role} family-${data.family}${selected ? ' selected' : ''}${data.problem ? ' has-problem' : ''}`}
      data-op={data.op} data-node-id={id} style={{ minHeight: height }} title={data.problem}>
      <div className="op-node-head">
        <span className="op-name">{data.op}</span>
        {data.title !== id || data.group ? <span className="op-label">{data.group ? `${data.group} · ` : ''}{data.title}</span> : <span className="op-label">{id}</span>}
      </div>
      {data.summary.length > 0 ? <ul className="op-attrs">{data.summary.map((line) => <li key={line}>{line}</li>)}</ul> : null}
      <div className="op-shape" data-testid={`node-shape-${id}`}>{data.shape}</div>
      {data.inputs.map((port, i) => (
        <Handle key={port.name} type="target" position={Position.Left} id={port.name} data-testid={`handle-${id}-${port.name}`}
          className={port.isTarget ? 'port port-target' : 'port'} style={{ top: PORT_TOP + i * PORT_SPACING }} title={`${port.name}: ${port.description}`}>
          <span className="port-name">{port.name}</span>
        </Handle>
      ))}
      <Handle type="source" position={Position.Right} id="out" data-testid={`handle-${id}-out`} className="port port-out" title="out" />
    </div>
  );
}

export const OpNode = memo(OpNodeView);
