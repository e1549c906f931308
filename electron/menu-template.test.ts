// The native menu from the one command list: complete, unambiguous, and wired to the right handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { COMMANDS, commandForKey, isRendererCommandId, matchesAccelerator, RENDERER_COMMAND_IDS } from './commands.ts';
import { buildMenuTemplate, type MenuInput } from './menu-template.ts';

function build(overrides: Partial<MenuInput> = {}) {
  const calls: [string, string | undefined][] = [];
  let cleared = 0;
  const template = buildMenuTemplate({
    platform: 'linux',
    appName: 'Gradflow',
    recentFiles: ['/home/ada/nets/xor.gradflow', 'C:\\Users\\ada\\mnist.gradflow'],
    examples: [{ file: 'spiral.gradflow', title: 'Two-class spiral' }],
    devTools: false,
    onCommand: (id, file) => calls.push([id, file]),
    onClearRecent: () => { cleared += 1; },
    ...overrides,
  });
  return { template, calls, cleared: () => cleared };
}

/** Every item of the menu bar, depth first. */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const click = (item: MenuItemConstructorOptions | undefined) => {
  assert.ok(item?.click, `${item?.label} has a click handler`);
  (item.click as () => void)();
};

test('every command has a label, a menu and a known target; ids are unique', () => {
  const ids = COMMANDS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of COMMANDS) {
    assert.ok(c.label.trim().length > 0, `${c.id} has a label`);
    assert.ok(['file', 'edit', 'run', 'view'].includes(c.menu));
    if (c.target === 'role') assert.ok('role' in c && c.role, `${c.id} names its role`);
  }
});

test('accelerators are unique and the required commands are present', () => {
  const accelerators = COMMANDS.flatMap((c) => ('accelerator' in c ? [c.accelerator.toLowerCase()] : []));
  assert.equal(new Set(accelerators).size, accelerators.length, `duplicates in ${accelerators.join(', ')}`);
  const ids = new Set<string>(COMMANDS.map((c) => c.id));
  for (const id of ['new', 'open', 'open-recent', 'examples', 'save', 'save-as', 'close', 'undo', 'redo', 'cut', 'copy', 'paste',
    'train', 'pause', 'stop', 'step-forward', 'step-backward', 'zoom-to-fit', 'toggle-theme']) {
    assert.ok(ids.has(id), `${id} is a command`);
  }
  for (const id of ['train', 'pause', 'stop', 'step-forward']) assert.ok(RENDERER_COMMAND_IDS.includes(id as never), `${id} goes to the window`);
  assert.equal(isRendererCommandId('save'), true);
  assert.equal(isRendererCommandId('new'), false);
  assert.equal(isRendererCommandId('rm -rf'), false);
});

test('the template holds every command once, with its accelerator', () => {
  const { template } = build();
  assert.deepEqual(template.map((m) => m.label ?? m.role), ['File', 'Edit', 'View', 'Run', 'windowMenu']);
  const items = flatten(template);
  for (const c of COMMANDS) {
    const found = items.filter((i) => i.id === c.id);
    assert.equal(found.length, 1, `${c.id} appears once`);
    assert.equal(found[0]!.label, c.label);
    assert.equal(found[0]!.accelerator, 'accelerator' in c ? c.accelerator : undefined);
  }
  const menuAccelerators = items.flatMap((i) => (i.accelerator ? [String(i.accelerator)] : []));
  assert.equal(new Set(menuAccelerators).size, menuAccelerators.length);
  // Linux and Windows: Exit at the end of File; no developer tools in a packaged build.
  assert.equal(flatten(template[0]!.submenu as MenuItemConstructorOptions[]).at(-1)?.role, 'quit');
  assert.equal(items.some((i) => i.role === 'toggleDevTools'), false);
});

test('clicks report the command id; roles are left to Chromium', () => {
  const { template, calls } = build();
  const items = flatten(template);
  click(items.find((i) => i.id === 'train'));
  click(items.find((i) => i.id === 'save-as'));
  assert.deepEqual(calls, [['train', undefined], ['save-as', undefined]]);
  const copy = items.find((i) => i.id === 'copy');
  assert.equal(copy?.role, 'copy');
  assert.equal(copy?.click, undefined);
});

test('Open Recent and Examples list their files and pass them on', () => {
  const { template, calls, cleared } = build();
  const items = flatten(template);
  const recent = items.find((i) => i.id === 'open-recent')!.submenu as MenuItemConstructorOptions[];
  assert.deepEqual(recent.filter((i) => i.type !== 'separator').map((i) => i.label), ['xor.gradflow', 'mnist.gradflow', 'Clear Recently Opened']);
  click(recent[1]);
  click(recent.at(-1));
  const examples = items.find((i) => i.id === 'examples')!.submenu as MenuItemConstructorOptions[];
  click(examples[0]);
  assert.deepEqual(calls, [['open-recent', 'C:\\Users\\ada\\mnist.gradflow'], ['examples', 'spiral.gradflow']]);
  assert.equal(cleared(), 1);

  const empty = flatten(build({ recentFiles: [], examples: [] }).template);
  const none = empty.find((i) => i.id === 'open-recent')!.submenu as MenuItemConstructorOptions[];
  assert.equal(none[0]!.label, 'No Recent Files');
  assert.equal(none[0]!.enabled, false);
});

test('macOS gets the app menu (with Quit) first, and development builds get the developer tools', () => {
  const { template } = build({ platform: 'darwin', devTools: true });
  assert.equal(template[0]!.label, 'Gradflow');
  assert.ok((template[0]!.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit'));
  assert.equal(flatten(template[1]!.submenu as MenuItemConstructorOptions[]).some((i) => i.role === 'quit'), false, 'no Exit in File on macOS');
  assert.ok(flatten(template).some((i) => i.role === 'toggleDevTools'));
});

test('the renderer can match key events against the same accelerators', () => {
  const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) =>
    ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
  assert.equal(matchesAccelerator('CmdOrCtrl+S', key('s', { ctrlKey: true }), false), true);
  assert.equal(matchesAccelerator('CmdOrCtrl+S', key('s', { metaKey: true }), true), true);
  assert.equal(matchesAccelerator('CmdOrCtrl+S', key('s', { ctrlKey: true }), true), false);
  assert.equal(matchesAccelerator('CmdOrCtrl+S', key('S', { ctrlKey: true, shiftKey: true }), false), false);
  assert.equal(commandForKey(key('S', { ctrlKey: true, shiftKey: true }), false)?.id, 'save-as');
  assert.equal(commandForKey(key('F5'), false)?.id, 'train');
  assert.equal(commandForKey(key('F5', { shiftKey: true }), false)?.id, 'stop');
  assert.equal(commandForKey(key('q'), false), undefined);
});
