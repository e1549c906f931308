// The edit toolbar above the canvas: every editing command as a labelled button (so each is reachable by
// mouse and keyboard, and the shortcut shows in its tooltip), driven by the same editor methods as the menu.

import { useStore } from 'zustand';
import { COMMANDS } from '../../electron/commands.ts';
import { runCommand } from '../state/commands.ts';
import type { RendererCommandId } from '../../electron/commands.ts';
import { useServices, useUi } from '../ui/context.ts';
import { copyToClipboard, pasteFromClipboard } from './clipboard.ts';

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "CmdOrCtrl+Shift+Z" → "Ctrl+Shift+Z" (or "⌘⇧Z" on a Mac), for tooltips. */
export function shortcutText(id: string): string {
  const accelerator = COMMANDS.find((c) => c.id === id && 'accelerator' in c) as { accelerator?: string } | undefined;
  if (!accelerator?.accelerator) return '';
  const mac = isMac();
  return accelerator.accelerator.replace('CmdOrCtrl', mac ? '⌘' : 'Ctrl').replace('Shift', mac ? '⇧' : 'Shift').replace('Alt', mac ? '⌥' : 'Alt');
}

export function EditToolbar() {
  const { editor, commands, ui } = useServices();
  const undo = useStore(editor.store, (s) => s.undoLabel);
  const redo = useStore(editor.store, (s) => s.redoLabel);
  const selected = useStore(editor.store, (s) => s.selectedNodes.size);
  const selectedEdges = useStore(editor.store, (s) => s.selectedEdges.size);
  const canFit = useUi((s) => s.fitView !== null);
  const overlay = useUi((s) => s.overlay);
  const run = (id: RendererCommandId) => () => { runCommand(id, commands); };
  const tip = (text: string, id: string) => (shortcutText(id) ? `${text} (${shortcutText(id)})` : text);
  const nothing = selected === 0;
  return (
    <div className="edit-buttons buttons" role="toolbar" aria-label="Edit">
      <button type="button" data-testid="edit-undo" disabled={undo === null} onClick={() => editor.undo()}
        title={undo ? tip(undo, 'undo') : 'Nothing to undo'}>↶ Undo</button>
      <button type="button" data-testid="edit-redo" disabled={redo === null} onClick={() => editor.redo()}
        title={redo ? tip(redo, 'redo') : 'Nothing to redo'}>↷ Redo</button>
      <span className="toolbar-gap" />
      <button type="button" data-testid="edit-cut" disabled={nothing} onClick={() => void copyToClipboard(editor, true)} title={tip('Cut the selected nodes', 'cut')}>Cut</button>
      <button type="button" data-testid="edit-copy" disabled={nothing} onClick={() => void copyToClipboard(editor, false)} title={tip('Copy the selected nodes as .gradflow JSON', 'copy')}>Copy</button>
      <button type="button" data-testid="edit-paste" onClick={() => void pasteFromClipboard(editor)} title={tip('Paste nodes from the clipboard', 'paste')}>Paste</button>
      <button type="button" data-testid="edit-duplicate" disabled={nothing} onClick={run('duplicate')} title={tip('Duplicate the selected nodes', 'duplicate')}>Duplicate</button>
      <button type="button" data-testid="edit-delete" disabled={nothing && selectedEdges === 0} onClick={() => editor.removeSelection()} title="Delete the selected nodes and edges (Delete)">Delete</button>
      <span className="toolbar-gap" />
      <button type="button" data-testid="edit-group" disabled={selected < 2} onClick={run('group')} title={tip('Group the selected nodes into a layer', 'group')}>Group</button>
      <button type="button" data-testid="edit-ungroup" disabled={nothing} onClick={run('ungroup')} title={tip('Dissolve the selected group', 'ungroup')}>Ungroup</button>
      <span className="toolbar-gap" />
      <button type="button" data-testid="edit-quick-add" onClick={run('quick-add')} title={tip('Add an Operation by name (or double-click the canvas)', 'quick-add')}>+ Add</button>
      <button type="button" data-testid="edit-auto-layout" onClick={run('auto-layout')} title={tip('Lay the graph out left to right', 'auto-layout')}>Auto-layout</button>
      <button type="button" data-testid="edit-fit" disabled={!canFit} onClick={run('zoom-to-fit')} title={tip('Zoom to fit the whole graph', 'zoom-to-fit')}>Fit</button>
      <span className="toolbar-gap" />
      <button type="button" data-testid="toggle-overlay" aria-pressed={overlay} onClick={() => ui.setState({ overlay: !overlay })}
        title="Show the gradients and activations on the edges while training">Overlay</button>
      <button type="button" data-testid="toggle-theme" onClick={run('toggle-theme')} title={tip('Switch between the dark and light theme', 'toggle-theme')} aria-label="Toggle dark and light theme">◐</button>
      <button type="button" data-testid="open-settings" onClick={run('settings')} title={tip('Settings', 'settings')} aria-label="Settings">⚙</button>
    </div>
  );
}
