import type { Session, WebContents } from 'electron'
import { contentSecurityPolicy, isAllowedNavigation } from './security-policy'

/**
 * Session-wide defences: the CSP also as a response header (the meta tag in index.html covers file://
 * loads, the header covers the dev server), and every permission request (camera, notifications,
 * clipboard, …) refused — wirelite needs none.
 */
export function hardenSession(session: Session, opts: { dev: boolean }): void {
  const csp = contentSecurityPolicy({ dev: opts.dev, forHeader: true })
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    })
  })
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/**
 * Per-page defences, applied to every WebContents the app creates: no navigation away from the app page,
 * no new windows, no <webview>. `appUrl` is read lazily because a window learns its URL after creation.
 */
export function hardenWebContents(contents: WebContents, appUrl: () => string | null): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    const app = appUrl()
    if (!app || !isAllowedNavigation(url, app)) event.preventDefault()
  }
  contents.on('will-navigate', (event, url) => refuse(event, url))
  contents.on('will-redirect', (event, url) => refuse(event, url))
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
