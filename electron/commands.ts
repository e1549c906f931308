// The one list of user commands: the desktop menu is built from it (menu-template.ts) and the renderer can
// build its key bindings from it (matchesAccelerator), so a shortcut is defined exactly once.
//
// Pure data and functions: no Electron or Node imports, because renderer/ may import this file and the layering
// test forbids Node and Electron there.

export type MenuName = 'file' | 'edit' | 'run' | 'view';

/**
 * Who carries a command out. `main`: the main process (dialogs, windows). `renderer`: the window's app, which
 * owns the document and the run state (the menu only forwards the id). `role`: Chromium's own editing action.
 */
export type CommandTarget = 'main' | 'renderer' | 'role';

export interface CommandDefinition {
  readonly id: string;
  readonly label: string;
  readonly menu: MenuName;
  readonly target: CommandTarget;
  /** Electron accelerator syntax (https://www.electronjs.org/docs/latest/api/accelerator). */
  readonly accelerator?: string;
  /** For target 'role': the Electron menu role that performs it natively (text fields get it for free). */
  readonly role?: 'cut' | 'copy' | 'paste';
  /** Filled by the menu builder from data (recent files, the example gallery). */
  readonly submenu?: 'recent' | 'examples';
  /** Starts a new section of its menu. */
  readonly separatorBefore?: boolean;
}

export const COMMANDS = [
  { id: 'new', label: 'New', menu: 'file', target: 'main', accelerator: 'CmdOrCtrl+N' },
  { id: 'open', label: 'Open…', menu: 'file', target: 'main', accelerator: 'CmdOrCtrl+O' },
  { id: 'open-recent', label: 'Open Recent', menu: 'file', target: 'main', submenu: 'recent' },
  { id: 'examples', label: 'Examples', menu: 'file', target: 'main', submenu: 'examples' },
  { id: 'save', label: 'Save', menu: 'file', target: 'renderer', accelerator: 'CmdOrCtrl+S', separatorBefore: true },
  { id: 'save-as', label: 'Save As…', menu: 'file', target: 'renderer', accelerator: 'CmdOrCtrl+Shift+S' },
  // The window has the trained parameters (from its engine): it makes the files and downloads them.
  { id: 'export-numpy', label: 'Export to NumPy…', menu: 'file', target: 'renderer', separatorBefore: true },
  { id: 'export-pytorch', label: 'Export to PyTorch…', menu: 'file', target: 'renderer' },
  { id: 'close', label: 'Close Window', menu: 'file', target: 'main', accelerator: 'CmdOrCtrl+W', separatorBefore: true },
  // Undo and redo are the editor's own history (graph edits), not Chromium's text undo: the renderer decides,
  // and forwards to the focused text field itself when one has focus.
  { id: 'undo', label: 'Undo', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+Z' },
  { id: 'redo', label: 'Redo', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+Shift+Z' },
  // Cut/copy/paste fire the DOM clipboard events, which text fields handle natively and the canvas listens to.
  { id: 'cut', label: 'Cut', menu: 'edit', target: 'role', role: 'cut', accelerator: 'CmdOrCtrl+X', separatorBefore: true },
  { id: 'copy', label: 'Copy', menu: 'edit', target: 'role', role: 'copy', accelerator: 'CmdOrCtrl+C' },
  { id: 'paste', label: 'Paste', menu: 'edit', target: 'role', role: 'paste', accelerator: 'CmdOrCtrl+V' },
  { id: 'duplicate', label: 'Duplicate', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+D' },
  // No accelerator: Delete and Backspace belong to text fields; the canvas binds them itself.
  { id: 'delete', label: 'Delete', menu: 'edit', target: 'renderer' },
  // The renderer's: it selects every node on the canvas, or all text in the focused field.
  { id: 'select-all', label: 'Select All', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+A' },
  { id: 'group', label: 'Group Selection', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+G', separatorBefore: true },
  { id: 'ungroup', label: 'Ungroup', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+Shift+G' },
  { id: 'quick-add', label: 'Add Operation…', menu: 'edit', target: 'renderer', accelerator: 'CmdOrCtrl+K', separatorBefore: true },
  { id: 'auto-layout', label: 'Auto-Layout', menu: 'edit', target: 'renderer', accelerator: 'Shift+Alt+F' },
  // Debugger conventions: F5 run, Shift+F5 stop, F10 step.
  { id: 'train', label: 'Train', menu: 'run', target: 'renderer', accelerator: 'F5' },
  { id: 'pause', label: 'Pause', menu: 'run', target: 'renderer', accelerator: 'F6' },
  { id: 'stop', label: 'Stop', menu: 'run', target: 'renderer', accelerator: 'Shift+F5' },
  { id: 'step-forward', label: 'Step Forward', menu: 'run', target: 'renderer', accelerator: 'F10', separatorBefore: true },
  { id: 'step-backward', label: 'Step Backward', menu: 'run', target: 'renderer', accelerator: 'Shift+F10' },
  { id: 'zoom-to-fit', label: 'Zoom to Fit', menu: 'view', target: 'renderer', accelerator: 'CmdOrCtrl+0' },
  { id: 'toggle-theme', label: 'Toggle Dark/Light Theme', menu: 'view', target: 'renderer', accelerator: 'CmdOrCtrl+Shift+L' },
  { id: 'settings', label: 'Settings…', menu: 'view', target: 'renderer', accelerator: 'CmdOrCtrl+,', separatorBefore: true },
] as const satisfies readonly CommandDefinition[];

export type CommandId = (typeof COMMANDS)[number]['id'];
/** The commands the main process forwards to the window (`menu:command`). */
export type RendererCommandId = Extract<(typeof COMMANDS)[number], { target: 'renderer' }>['id'];

export const RENDERER_COMMAND_IDS: readonly RendererCommandId[] = COMMANDS.flatMap((c) => (c.target === 'renderer' ? [c.id] : []));

export function isRendererCommandId(value: unknown): value is RendererCommandId {
  return typeof value === 'string' && (RENDERER_COMMAND_IDS as readonly string[]).includes(value);
}

/** The keys of a keyboard event that an accelerator looks at (a subset of the DOM KeyboardEvent). */
export interface KeyChord {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** The physical key ("KeyF"): with Option held, macOS changes `key` ("ƒ"), not `code`. */
  code?: string;
}

/**
 * Whether a key event is this accelerator, for the renderer's key bindings (the web build has no native menu).
 * `isMac` decides what CmdOrCtrl means. Only the modifier and key names used in COMMANDS need to be understood.
 */
export function matchesAccelerator(accelerator: string, event: KeyChord, isMac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()?.toLowerCase() ?? '';
  const wanted = { ctrl: false, meta: false, shift: false, alt: false };
  for (const modifier of parts.map((p) => p.toLowerCase())) {
    if (modifier === 'cmdorctrl' || modifier === 'commandorcontrol') wanted[isMac ? 'meta' : 'ctrl'] = true;
    else if (modifier === 'cmd' || modifier === 'command' || modifier === 'super' || modifier === 'meta') wanted.meta = true;
    else if (modifier === 'ctrl' || modifier === 'control') wanted.ctrl = true;
    else if (modifier === 'shift') wanted.shift = true;
    else if (modifier === 'alt' || modifier === 'option') wanted.alt = true;
    else return false;
  }
  if (event.ctrlKey !== wanted.ctrl || event.metaKey !== wanted.meta || event.shiftKey !== wanted.shift || event.altKey !== wanted.alt) return false;
  return event.key.toLowerCase() === key || (key.length === 1 && /[a-z]/.test(key) && event.code === `Key${key.toUpperCase()}`);
}

/** The command a key event triggers, if any. */
export function commandForKey(event: KeyChord, isMac: boolean): CommandDefinition | undefined {
  return COMMANDS.find((c) => 'accelerator' in c && matchesAccelerator(c.accelerator, event, isMac));
}
