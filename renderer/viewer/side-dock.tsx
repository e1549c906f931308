// The dock at the right edge of the window that holds the tensor viewer and Try it while either is open (over
// the inspector, which comes back when both close).

import { useStore } from 'zustand';
import { useUi } from '../ui/context.ts';
import { TryIt } from '../try-it/try-it.tsx';
import { tryItStore } from '../try-it/try-it-store.ts';
import { TensorViewer } from './tensor-viewer.tsx';

export function SideDock() {
  const viewing = useUi((s) => s.pinnedEdge !== null);
  const trying = useStore(tryItStore, (s) => s.open);
  if (!viewing && !trying) return null;
  return (
    <aside className="side-dock" aria-label="Tensor viewer and Try it" data-testid="side-dock">
      <TensorViewer />
      <TryIt />
    </aside>
  );
}
