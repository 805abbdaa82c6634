import { app, Menu, session, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import type { MenuCommandEvent } from '../shared/ipc/contract'
import { createMainWindow, rendererUrl } from './windows/main-window'
import { hardenSession, hardenWebContents } from './windows/harden-session'
import { isAllowedNavigation } from './windows/security-policy'
import { registerIpcHandlers } from './ipc/register-handlers'
import { mainHandlers } from './ipc/handlers'
import { startEngineProcess } from './engine-process'
import { buildMenuTemplate } from './menu/app-menu'
import { createRecentFiles } from './menu/recent-files'

// App lifecycle only: windows, menus, IPC routing and security wiring. Heavy work runs in the engine process.

// Every renderer runs in Chromium's sandbox, including any created by a dependency.
app.enableSandbox()

const appUrl = rendererUrl()
const dev = Boolean(process.env['ELECTRON_RENDERER_URL'])
let mainWindow: BrowserWindow | null = null

/** Menu items and files handed to the running app go to the page as menu.onCommand events. */
function sendCommand(cmd: MenuCommandEvent): void {
  const wc = mainWindow?.webContents
  if (wc && !wc.isDestroyed()) wc.send('menu.onCommand', cmd)
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, () => appUrl))

// macOS: a capture dropped on the dock icon / opened from Finder while running.
app.on('open-file', (event, path) => {
  event.preventDefault()
  sendCommand({ command: 'open-path', path })
})

void app.whenReady().then(() => {
  hardenSession(session.defaultSession, { dev })
  const installMenu = (): void =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          send: sendCommand,
          recent: recent.list(),
          clearRecent: () => recent.clear(),
          platform: process.platform,
          dev,
        }),
      ),
    )
  const recent = createRecentFiles({
    file: join(app.getPath('userData'), 'recent-captures.json'),
    addRecentDocument: (p) => app.addRecentDocument(p),
    clearRecentDocuments: () => app.clearRecentDocuments(),
    changed: installMenu,
  })
  installMenu()

  const engine = startEngineProcess(() => mainWindow?.webContents ?? null)
  registerIpcHandlers(
    mainHandlers(() => mainWindow, recent),
    (channel, request) => engine.engine.request(channel, request),
    () => appUrl,
  )
  mainWindow = createMainWindow()
  // Each page load (first load, reload) gets its own port straight to the engine.
  mainWindow.webContents.on('did-start-navigation', (details) => {
    if (mainWindow && details.isMainFrame && !details.isSameDocument)
      engine.detachWindow(mainWindow.webContents)
  })
  mainWindow.webContents.on('did-finish-load', () => {
    // Only our own page gets a port (navigation elsewhere is blocked anyway; this is the second lock).
    const wc = mainWindow?.webContents
    if (wc && isAllowedNavigation(wc.getURL(), appUrl)) engine.attachWindow(wc)
  })
  app.on('will-quit', () => void engine.engine.close())
})

app.on('window-all-closed', () => app.quit())
