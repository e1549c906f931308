// Copy, cut and paste of graph pieces through the system clipboard, as `.gradflow` JSON text — so a selection
// travels between windows, and into a text editor and back. The DOM's clipboard events carry it (the desktop
// menu's Cut/Copy/Paste roles fire them too); the toolbar's buttons use the async Clipboard API, with a copy
// kept in the page for when the browser refuses to read the clipboard.

import { useEffect, useRef } from 'react';
import type { Position } from '../../core/document/types.ts';
import { textFieldFocused } from '../state/commands.ts';
import type { EditorController } from '../state/editor.ts';

let lastCopied: string | null = null;

/** Text selected on the page (a label, a number in the inspector): copying it is the browser's business. */
const pageTextSelected = (): boolean => (window.getSelection()?.toString() ?? '') !== '';

/** `pointer`: where a paste should land (flow coordinates), or undefined for beside the originals. */
export function useGraphClipboard(editor: EditorController, pointer: () => Position | undefined): void {
  const where = useRef(pointer);
  where.current = pointer;
  useEffect(() => {
    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      if (textFieldFocused() || pageTextSelected() || !event.clipboardData) return;
      const text = cut ? editor.cutSelection() : editor.copySelection();
      if (text === null) return;
      lastCopied = text;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    const copy = (event: ClipboardEvent) => onCopy(event, false);
    const cut = (event: ClipboardEvent) => onCopy(event, true);
    const paste = (event: ClipboardEvent) => {
      if (textFieldFocused() || !event.clipboardData || !editor.doc()) return;
      const text = event.clipboardData.getData('text/plain');
      if (!text) return;
      event.preventDefault();
      editor.paste(text, where.current());
    };
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, [editor]);
}

/** The toolbar's Copy / Cut. */
export async function copyToClipboard(editor: EditorController, cut: boolean): Promise<void> {
  const text = cut ? editor.cutSelection() : editor.copySelection();
  if (text === null) return;
  lastCopied = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Kept in the page: Paste in this window still works.
  }
}

/** The toolbar's Paste: the system clipboard if the browser lets us read it, else what this page copied. */
export async function pasteFromClipboard(editor: EditorController): Promise<void> {
  let text: string | null = null;
  try {
    text = await navigator.clipboard.readText();
  } catch {
    text = null;
  }
  text = text || lastCopied;
  if (text) editor.paste(text);
}
