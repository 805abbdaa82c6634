/*
 * Pure security policy for wirelite's windows. No electron run-time import here, so the rules can be
 * unit-tested under plain Node; harden-session.ts and the IPC registration apply them. The window's
 * webPreferences are written out in main-window.ts itself (see there why) and tested in main-window.test.ts.
 */

export interface CspOptions {
  /** The Vite dev server injects <style> tags and talks to its HMR websocket: allow exactly that. */
  dev?: boolean
  /** frame-ancestors is only honoured in a header; in a <meta> tag Chromium warns and ignores it. */
  forHeader?: boolean
}

/**
 * Content-Security-Policy of the renderer. Everything comes from our own origin; no inline script, no
 * eval, no remote content. The same string goes into index.html (meta) and the session's response
 * headers, so a page loaded either way gets the same policy.
 */
export function contentSecurityPolicy(opts: CspOptions = {}): string {
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    ['style-src', opts.dev ? "'self' 'unsafe-inline'" : "'self'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', opts.dev ? "'self' ws://localhost:* ws://127.0.0.1:*" : "'self'"],
    ['worker-src', "'self'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['object-src', "'none'"],
  ]
  if (opts.forHeader) directives.push(['frame-ancestors', "'none'"])
  return directives.map(([k, v]) => `${k} ${v}`).join('; ')
}

/**
 * May a window navigate to `target`? Only to the exact page it was opened on (reloads); every other
 * navigation — links, drag-and-drop of a file, window.location — is refused. Opening files goes through
 * IPC, never through navigation.
 */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  const t = safeUrl(target)
  const a = safeUrl(appUrl)
  if (!t || !a) return false
  return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname
}

/**
 * Is an IPC message coming from our own top-level page? Checks the sending frame's URL against the app
 * URL (same scheme, host and path) so that a frame that somehow navigated elsewhere, or a sub-frame,
 * cannot call into main.
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, appUrl: string): boolean {
  if (!isMainFrame || !frameUrl) return false
  return isAllowedNavigation(frameUrl, appUrl)
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}
