// Installs the native menu (built by menu-template.ts from commands.ts) and carries out its commands: main's
// own (windows, dialogs) here, the window's (Save, Undo, Train, …) forwarded to the focused window. Electron glue.

import { app, Menu } from 'electron';
import { isRendererCommandId, type CommandId } from './commands.ts';
import { DocumentWindow } from './document-window.ts';
import type { FileActions } from './file-actions.ts';
import { buildMenuTemplate } from './menu-template.ts';

export function runCommand(files: FileActions, id: CommandId, file?: string): void {
  const focused = DocumentWindow.focused();
  if (isRendererCommandId(id)) {
    focused?.sendMenuCommand(id);
    return;
  }
  switch (id) {
    case 'new': files.newWindow(); return;
    case 'open': void files.showOpenDialog(focused); return;
    case 'open-recent': if (file !== undefined) void files.openPath(file, focused); return;
    case 'examples': if (file !== undefined) void files.openExample(file, focused); return;
    case 'close': focused?.window.close(); return;
    // Role items (cut, copy, paste, select all) never reach here: Chromium performs them.
    default: return;
  }
}

/** (Re)builds the menu bar: at start-up and whenever the recent files change. */
export async function installMenu(files: FileActions): Promise<void> {
  const template = buildMenuTemplate({
    platform: process.platform,
    appName: app.getName(),
    recentFiles: files.recentFiles,
    examples: await files.listExamples(),
    devTools: !app.isPackaged,
    onCommand: (id, file) => runCommand(files, id, file),
    onClearRecent: () => files.clearRecent(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

