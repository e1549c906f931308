// The menu's shortcuts for the web build, which has no native menu: the accelerators are read from the one
// command list (electron/commands.ts, plain data), so both builds answer the same keys.

import { useEffect } from 'react';
import { commandForKey, isRendererCommandId } from '../../electron/commands.ts';
import { runCommand, type CommandTargets } from '../state/commands.ts';

const isMac = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function useKeyBindings(targets: CommandTargets, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      // Ctrl+Y is redo on Windows and Linux; the menu's list has Shift+Ctrl+Z.
      const isRedoY = !isMac() && event.ctrlKey && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'y';
      const command = isRedoY ? { id: 'redo' as const } : commandForKey(event, isMac());
      if (!command || !isRendererCommandId(command.id)) return;
      // Text fields keep their own undo and editing keys.
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]') && (command.id === 'undo' || command.id === 'redo')) return;
      if (runCommand(command.id, targets)) event.preventDefault(); // e.g. Ctrl+S must not save the page
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [targets, enabled]);
}
