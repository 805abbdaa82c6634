import { BrowserWindow } from 'electron'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** Where the renderer comes from: the Vite dev server (electron-vite dev) or the built files. */
export function rendererUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL']
  if (dev) return new URL('/', dev).href
  return pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href
}

/** The preload is CommonJS: a sandboxed preload cannot be an ES module. */
function preloadPath(): string {
  return fileURLToPath(new URL('../preload/index.cjs', import.meta.url))
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 640,
    minHeight: 400,
    title: 'wirelite',
    show: false,
    backgroundColor: '#1e1f22',
    // The renderer is an untrusted web page: no Node, Chromium's sandbox, the preload reachable only
    // through contextBridge, no <webview>. Written out literally here (not built by a helper) so that
    // electronegativity, which reads this constructor call, can verify every flag; main-window.test.ts
    // asserts the same values on the object the BrowserWindow really receives.
    webPreferences: {
      preload: preloadPath(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click on a link would ask for a new window (refused by hardenWebContents anyway).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  })
  // Show only once painted, so the user never sees a white flash.
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl())
  return win
}
