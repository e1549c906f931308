// The inspector for one selected node: what the op does, its label, every attribute of its schema as a
// control, the ports with what feeds them, the output shape, and the settings of the layer it belongs to.

import { useEffect, useMemo, useState } from 'react';
import type { DocGroup, GradflowDocument } from '../../core/document/types.ts';
import type { EditorController } from '../state/editor.ts';
import { inferView } from '../canvas/to-flow.ts';
import { useGraphStructure } from '../state/structure.ts';
import { AttributeField } from './attribute-field.tsx';
import { layerPatch, nodeFacts, type LayerFact, type PortFact } from './node-facts.ts';
import { connectableSources } from '../../core/graph/connect.ts';
import { GradientCheck } from './gradient-check.tsx';
import { checkableNodes } from './gradient-check-view.ts';

function LabelField({ node, label, editor }: { node: string; label: string | undefined; editor: EditorController }) {
  const [draft, setDraft] = useState(label ?? '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(label ?? ''), [label, node]);
  const commit = (): void => {
    const next = draft.trim();
    if (next === (label ?? '')) return;
    setError(editor.apply({ kind: 'set-label', node, label: next === '' ? undefined : next }));
  };
  return (
    <div className="field">
      <label htmlFor="inspector-label">label</label>
      <input id="inspector-label" type="text" data-testid="inspector-label" value={draft} placeholder={node}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); else if (e.key === 'Escape') setDraft(label ?? ''); }} />
      {error ? <p className="field-error" role="alert" data-testid="inspector-label-error">{error}</p> : null}
    </div>
  );
}

export function LayerSettings({ layer, editor }: { layer: LayerFact; editor: EditorController }) {
  return (
    <section aria-label={`${layer.group.kind} layer ${layer.group.name}`} data-testid="inspector-layer">
      <h3>{layer.group.kind} layer · {layer.group.name}</h3>
      <p className="muted">{layer.template.description}</p>
      <GroupButtons group={layer.group} editor={editor} />
      {Object.entries(layer.template.attributes).map(([name, spec]) => (
        <AttributeField key={`${layer.group.id}.${name}`} name={name} spec={spec} value={layer.attributes[name]} testPrefix="layer-attribute"
          onCommit={(value) => editor.apply({ kind: 'set-layer-attributes', group: layer.group.id, attributes: layerPatch(layer, name, value) })} />
      ))}
    </section>
  );
}

/**
 * What feeds a port, as a select: the keyboard's way to wire (and unwire) the graph. Its choices are the nodes
 * that may connect (no cycle, shapes that fit), worked out when the select is first focused or opened.
 */
function PortSource({ doc, nodeId, port, editor }: { doc: GradflowDocument; nodeId: string; port: PortFact; editor: EditorController }) {
  const [active, setActive] = useState(false);
  const candidates = useMemo(() => (active ? connectableSources(doc, nodeId, port.name) : []), [active, doc, nodeId, port.name]);
  const options = port.fromId && !candidates.includes(port.fromId) ? [port.fromId, ...candidates] : candidates;
  const label = (id: string): string => doc.nodes.find((n) => n.id === id)?.label ?? id;
  return (
    <select id={`inspector-port-${port.name}`} data-testid={`inspector-port-${port.name}`} value={port.fromId ?? ''}
      onFocus={() => setActive(true)} onMouseDown={() => setActive(true)}
      onChange={(e) => {
        const source = e.target.value;
        if (source === '') { if (port.edgeId) editor.remove([], [port.edgeId]); }
        else editor.connect(source, nodeId, port.name);
      }}>
      <option value="">unconnected</option>
      {options.map((id) => <option key={id} value={id}>{label(id)}</option>)}
    </select>
  );
}

/** Collapse or expand a group, and dissolve it (its members stay). */
export function GroupButtons({ group, editor }: { group: DocGroup; editor: EditorController }) {
  return (
    <div className="buttons">
      <button type="button" data-testid="inspector-toggle-collapse" onClick={() => editor.setCollapsed(group.id, !group.collapsed)}>
        {group.collapsed ? 'Expand' : 'Collapse'}
      </button>
      <button type="button" data-testid="inspector-ungroup" onClick={() => editor.ungroup(group.id)}>Ungroup</button>
    </div>
  );
}

export function NodeInspector({ doc, nodeId, editor }: { doc: GradflowDocument; nodeId: string; editor: EditorController }) {
  const structure = useGraphStructure(doc);
  const shapes = useMemo(() => inferView(structure ?? doc).shapes, [structure]); // eslint-disable-line react-hooks/exhaustive-deps
  const facts = nodeFacts(doc, nodeId, shapes);
  const plainGroup = doc.groups.find((g) => g.kind === 'Group' && g.members.includes(nodeId));
  if (!facts) return null;
  const { op } = facts;
  const checkable = checkableNodes(doc, [facts.id]);
  return (
    <div className="node-inspector" data-node-id={facts.id}>
      <h2 data-testid="inspector-op">{facts.opType}</h2>
      {op ? (
        <>
          <p className="muted" data-testid="inspector-description">{op.description}</p>
          <p><code data-testid="inspector-formula">{op.formula}</code></p>
        </>
      ) : <p className="field-error">unknown operation "{facts.opType}"</p>}
      <LabelField node={facts.id} label={facts.label} editor={editor} />
      {op && Object.keys(op.attributes).length > 0 ? (
        <section aria-label="Attributes">
          <h3>Attributes</h3>
          {Object.entries(op.attributes).map(([name, spec]) => (
            <AttributeField key={`${facts.id}.${name}`} name={name} spec={spec} value={facts.attributes[name]}
              onCommit={(value) => editor.apply({ kind: 'set-attributes', node: facts.id, attributes: { [name]: value } })} />
          ))}
        </section>
      ) : null}
      <section aria-label="Ports">
        <h3>Inputs</h3>
        {facts.ports.length === 0 ? <p className="muted">none</p> : (
          <ul className="ports" data-testid="inspector-ports">
            {facts.ports.map((p) => (
              <li key={p.name} data-port={p.name} title={p.description}>
                <label htmlFor={`inspector-port-${p.name}`}><strong>{p.name}</strong> {p.isTarget ? '(target) ' : ''}←</label>{' '}
                <PortSource doc={doc} nodeId={facts.id} port={p} editor={editor} /> <span className="shape">{p.shape}</span>
              </li>
            ))}
          </ul>
        )}
        <p>Output: <span className="shape" data-testid="inspector-output-shape">{facts.outputShape}</span></p>
      </section>
      <GradientCheck nodeIds={checkable} />
      {facts.layer ? <LayerSettings layer={facts.layer} editor={editor} /> : null}
      {plainGroup ? (
        <section aria-label={`group ${plainGroup.name}`} data-testid="inspector-group">
          <h3>Group · {plainGroup.name}</h3>
          <GroupButtons group={plainGroup} editor={editor} />
        </section>
      ) : null}
    </div>
  );
}
