import { app, session } from 'electron'
import { createMainWindow, rendererUrl } from './windows/main-window'
import { hardenSession, hardenWebContents } from './windows/harden-session'
import { registerIpcHandlers } from './ipc/register-handlers'
import { handlers } from './ipc/handlers'

// App lifecycle only: windows, IPC routing and security wiring. Heavy work never runs here.

// Every renderer runs in Chromium's sandbox, including any created by a dependency.
app.enableSandbox()

const appUrl = rendererUrl()

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, () => appUrl))

void app.whenReady().then(() => {
  hardenSession(session.defaultSession, { dev: Boolean(process.env['ELECTRON_RENDERER_URL']) })
  registerIpcHandlers(handlers, () => appUrl)
  createMainWindow()
})

app.on('window-all-closed', () => app.quit())
