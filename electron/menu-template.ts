// The native menu bar as a plain template built from COMMANDS (commands.ts). Pure — Menu.buildFromTemplate
// happens in main.ts — so tests check it without the Electron binary (`import type` is erased at run time).

import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, type CommandDefinition, type CommandId, type MenuName } from './commands.ts';
import type { ExampleEntry } from './preload-api.ts';

export interface MenuInput {
  platform: string;
  appName: string;
  recentFiles: readonly string[];
  examples: readonly ExampleEntry[];
  /** Show View › Toggle Developer Tools (development builds only). */
  devTools: boolean;
  /** Called with the command, and the file for Open Recent / Examples entries. */
  onCommand(id: CommandId, file?: string): void;
  onClearRecent(): void;
}

const MENU_LABELS: Record<MenuName, string> = { file: 'File', edit: 'Edit', run: 'Run', view: 'View' };
const MENU_ORDER: readonly MenuName[] = ['file', 'edit', 'view', 'run'];

/** The last path segment, for / and \ separators alike (recent files may come from either). */
const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

function itemFor(command: CommandDefinition, input: MenuInput): MenuItemConstructorOptions {
  if (command.submenu === 'recent') {
    const entries: MenuItemConstructorOptions[] = input.recentFiles.map((path) => ({
      label: fileName(path),
      sublabel: path,
      toolTip: path,
      click: () => input.onCommand(command.id as CommandId, path),
    }));
    return {
      id: command.id,
      label: command.label,
      submenu: [
        ...(entries.length > 0 ? entries : [{ label: 'No Recent Files', enabled: false }]),
        { type: 'separator' },
        { label: 'Clear Recently Opened', enabled: entries.length > 0, click: () => input.onClearRecent() },
      ],
    };
  }
  if (command.submenu === 'examples') {
    const entries: MenuItemConstructorOptions[] = input.examples.map((example) => ({
      label: example.title,
      click: () => input.onCommand(command.id as CommandId, example.file),
    }));
    return { id: command.id, label: command.label, submenu: entries.length > 0 ? entries : [{ label: 'No Examples Found', enabled: false }] };
  }
  const item: MenuItemConstructorOptions = { id: command.id, label: command.label };
  if (command.accelerator !== undefined) item.accelerator = command.accelerator;
  // A role item gets Chromium's native behaviour (and stays enabled in text fields); everything else reports
  // its id so one dispatcher in main decides.
  if (command.role !== undefined) item.role = command.role;
  else item.click = () => input.onCommand(command.id as CommandId);
  return item;
}

function section(menu: MenuName, input: MenuInput): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  for (const command of COMMANDS as readonly CommandDefinition[]) {
    if (command.menu !== menu) continue;
    if (command.separatorBefore && items.length > 0) items.push({ type: 'separator' });
    items.push(itemFor(command, input));
  }
  return items;
}

/** The whole menu bar: the app menu on macOS, then File, Edit, View, Run and Window. */
export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const isMac = input.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: input.appName,
      submenu: [
        { role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' },
      ],
    });
  }
  for (const menu of MENU_ORDER) {
    const submenu = section(menu, input);
    // Quit lives in the app menu on macOS and at the end of File elsewhere (platform convention).
    if (menu === 'file' && !isMac) submenu.push({ type: 'separator' }, { role: 'quit', label: 'Exit' });
    if (menu === 'view' && input.devTools) submenu.push({ type: 'separator' }, { role: 'toggleDevTools' });
    template.push({ label: MENU_LABELS[menu], submenu });
  }
  template.push({ role: 'windowMenu' });
  return template;
}
