// The inspector beside the canvas (DESIGN.md §7, §8 `inspector`): the selected node, or — with nothing
// selected — the model summary, training setup and data source of the document.

import { useDeferredValue } from 'react';
import { useStore } from 'zustand';
import { useDocument, useServices } from '../ui/context.ts';
import { DocumentInspector } from './document-inspector.tsx';
import { NodeInspector } from './node-inspector.tsx';
import { GroupInspector } from './group-inspector.tsx';

export function Inspector() {
  const { editor } = useServices();
  // The canvas first: a newly opened graph is drawn before the inspector works out its summary and forms (a
  // deferred value renders in a later, interruptible pass). Edits are shown at once: a deferred controlled
  // field would spring back to its old value for a frame.
  const live = useDocument((s) => s.doc);
  const opened = useStore(editor.store, (s) => s.opened);
  const deferredDoc = useDeferredValue(live);
  const deferredOpened = useDeferredValue(opened);
  const doc = opened === deferredOpened ? live : deferredDoc;
  const selected = useStore(editor.store, (s) => s.selectedNodes);
  const only = selected.size === 1 ? [...selected][0] : undefined;
  let body;
  if (!doc) body = <p className="muted">Open an example or a file.</p>;
  else if (only && doc.groups.some((g) => g.id === only)) body = <GroupInspector key={only} doc={doc} group={doc.groups.find((g) => g.id === only)!} editor={editor} />;
  else if (only) body = <NodeInspector key={only} doc={doc} nodeId={only} editor={editor} />;
  else if (selected.size > 1) body = <p className="muted">{selected.size} nodes selected.</p>;
  else body = <DocumentInspector doc={doc} editor={editor} />;
  return <aside className="inspector" data-testid="inspector" aria-label="Inspector">{body}</aside>;
}
