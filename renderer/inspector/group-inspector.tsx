// The inspector for a collapsed layer (or group) selected on the canvas: its name, its settings, the
// Operations it stands for with their shapes, and the buttons to expand or dissolve it.

import { useEffect, useMemo, useState } from 'react';
import type { DocGroup, GradflowDocument } from '../../core/document/types.ts';
import type { EditorController } from '../state/editor.ts';
import { inferView } from '../canvas/to-flow.ts';
import { useGraphStructure } from '../state/structure.ts';
import { formatShape } from '../ui/format.ts';
import { GroupButtons, LayerSettings } from './node-inspector.tsx';
import { layerOf } from './node-facts.ts';
import { GradientCheck } from './gradient-check.tsx';
import { checkableNodes } from './gradient-check-view.ts';

function GroupName({ group, editor }: { group: DocGroup; editor: EditorController }) {
  const [draft, setDraft] = useState(group.name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(group.name), [group.name]);
  const commit = (): void => {
    const next = draft.trim();
    if (next === group.name) return;
    setError(next === '' ? 'a group needs a name' : editor.apply({ kind: 'rename-group', group: group.id, name: next }));
  };
  return (
    <div className="field">
      <label htmlFor="inspector-group-name">name</label>
      <input id="inspector-group-name" type="text" data-testid="inspector-group-name" value={draft}
        onChange={(e) => setDraft(e.target.value)} onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); else if (e.key === 'Escape') setDraft(group.name); }} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

export function GroupInspector({ doc, group, editor }: { doc: GradflowDocument; group: DocGroup; editor: EditorController }) {
  const structure = useGraphStructure(doc);
  const shapes = useMemo(() => inferView(structure ?? doc).shapes, [structure]); // eslint-disable-line react-hooks/exhaustive-deps
  const layer = layerOf(doc.groups, group.members[0] ?? '');
  return (
    <div className="node-inspector" data-group-id={group.id}>
      <h2 data-testid="inspector-op">{group.kind === 'Group' ? 'Group' : `${group.kind} layer`}</h2>
      <GroupName group={group} editor={editor} />
      {layer && layer.group.id === group.id ? <LayerSettings layer={layer} editor={editor} /> : <GroupButtons group={group} editor={editor} />}
      <section aria-label="Operations">
        <h3>Operations</h3>
        <ol className="ports" data-testid="inspector-members">
          {group.members.map((id) => {
            const node = doc.nodes.find((n) => n.id === id);
            return <li key={id}><strong>{node?.op ?? '?'}</strong> {node?.label ?? id} <span className="shape">{formatShape(shapes.get(id))}</span></li>;
          })}
        </ol>
        <p>Output: <span className="shape" data-testid="inspector-output-shape">{formatShape(shapes.get(group.members.at(-1) ?? ''))}</span></p>
      </section>
      <GradientCheck nodeIds={checkableNodes(doc, group.members)} />
    </div>
  );
}
