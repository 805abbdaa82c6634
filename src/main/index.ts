import { app, session, type BrowserWindow } from 'electron'
import { createMainWindow, rendererUrl } from './windows/main-window'
import { hardenSession, hardenWebContents } from './windows/harden-session'
import { registerIpcHandlers } from './ipc/register-handlers'
import { handlers } from './ipc/handlers'
import { startEngineProcess } from './engine-process'

// App lifecycle only: windows, IPC routing and security wiring. Heavy work runs in the engine process.

// Every renderer runs in Chromium's sandbox, including any created by a dependency.
app.enableSandbox()

const appUrl = rendererUrl()
let mainWindow: BrowserWindow | null = null

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, () => appUrl))

void app.whenReady().then(() => {
  hardenSession(session.defaultSession, { dev: Boolean(process.env['ELECTRON_RENDERER_URL']) })
  const engine = startEngineProcess(() => mainWindow?.webContents ?? null)
  registerIpcHandlers(
    handlers,
    (channel, request) => engine.request(channel, request),
    () => appUrl,
  )
  mainWindow = createMainWindow()
  app.on('will-quit', () => void engine.close())
})

app.on('window-all-closed', () => app.quit())
