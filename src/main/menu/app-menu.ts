import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommandEvent } from '../../shared/ipc/contract'

/*
 * The native application menu. Its items do nothing in main: each sends a `menu.onCommand` event to the
 * window, and the renderer (components/files/menu-commands.ts) runs the same store actions as the in-page
 * MenuBar — one implementation of every command. Pure: builds a template; index.ts installs it.
 */
export interface MenuOptions {
  /** Deliver a command to the focused wirelite window. */
  send: (cmd: MenuCommandEvent) => void
  /** Recent captures, newest first (Open Recent). */
  recent: readonly string[]
  clearRecent: () => void
  platform: NodeJS.Platform
  /** Development builds get the reload / devtools items. */
  dev: boolean
}

export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const cmd =
    (command: MenuCommandEvent['command'], extra: Omit<MenuCommandEvent, 'command'> = {}) =>
    () =>
      o.send({ command, ...extra })
  const recentItems: MenuItemConstructorOptions[] = o.recent.length
    ? [
        ...o.recent.map((path) => ({ label: path, click: cmd('open-path', { path }) })),
        { type: 'separator' as const },
        { label: 'Clear Recent', click: () => o.clearRecent() },
      ]
    : [{ label: 'No recent captures', enabled: false }]
  const mac = o.platform === 'darwin'
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: cmd('open') },
        { label: 'Open &Recent', submenu: recentItems },
        { label: '&Close', accelerator: 'CmdOrCtrl+W', click: cmd('close') },
        { type: 'separator' },
        { label: '&Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: cmd('save-as') },
        { label: '&Export Specified Packets…', click: cmd('export-specified') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Toggle &Theme', click: cmd('toggle-theme') },
        {
          label: '&Language',
          submenu: [
            { label: 'English', click: cmd('locale-en') },
            { label: '简体中文', click: cmd('locale-zh-CN') },
          ],
        },
        { type: 'separator' },
        ...(o.dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Statistics',
      submenu: [{ label: '&Conversations', click: cmd('conversations') }],
    },
    {
      label: '&Capture',
      submenu: [{ label: '&Start…', accelerator: 'CmdOrCtrl+K', click: cmd('capture') }],
    },
    { role: 'windowMenu' },
  ]
}
