import { describe, expect, it } from 'vitest'
import type { Session, WebContents } from 'electron'
import { hardenSession, hardenWebContents } from './harden-session'

// Fakes that record what the hardening registers, then replay hostile events through it.

type Listener = (event: { preventDefault(): void; isMainFrame?: boolean }, url: string) => void

function fakeContents() {
  const listeners = new Map<string, Listener[]>()
  let openHandler: ((details: { url: string }) => { action: string }) | null = null
  const contents = {
    on(name: string, fn: Listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn])
      return contents
    },
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
      openHandler = fn
    },
  }
  /** Emits `name` and says whether some listener called preventDefault. */
  const emit = (name: string, url: string, extra: { isMainFrame?: boolean } = {}): boolean => {
    let prevented = false
    const event = { preventDefault: () => void (prevented = true), ...extra }
    for (const fn of listeners.get(name) ?? []) fn(event, url)
    return prevented
  }
  return { contents: contents as unknown as WebContents, emit, listeners, open: () => openHandler }
}

const APP = 'file:///opt/wirelite/out/renderer/index.html'

describe('hardenWebContents', () => {
  it('refuses navigation and redirects away from the app page, allows reloading it', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, () => APP)
    for (const ev of ['will-navigate', 'will-redirect']) {
      expect(f.emit(ev, 'https://example.com/')).toBe(true)
      expect(f.emit(ev, 'file:///etc/passwd')).toBe(true)
      expect(f.emit(ev, 'javascript:alert(1)')).toBe(true)
      expect(f.emit(ev, APP + '#/conv')).toBe(false)
    }
  })

  it('refuses everything while the app URL is unknown', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, () => null)
    expect(f.emit('will-navigate', APP)).toBe(true)
  })

  it('refuses sub-frame navigation and <webview>, denies every new window', () => {
    const f = fakeContents()
    hardenWebContents(f.contents, () => APP)
    expect(f.emit('will-frame-navigate', APP, { isMainFrame: false })).toBe(true)
    expect(f.emit('will-frame-navigate', APP, { isMainFrame: true })).toBe(false)
    expect(f.emit('will-attach-webview', APP)).toBe(true)
    const open = f.open()
    expect(open).not.toBeNull()
    for (const url of [APP, 'https://example.com/', 'file:///tmp/x.pcap'])
      expect(open!({ url })).toEqual({ action: 'deny' })
  })
})

describe('hardenSession', () => {
  function fakeSession() {
    const got: {
      headers?: (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void
      request?: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void
      check?: (...a: unknown[]) => boolean
      device?: (...a: unknown[]) => boolean
    } = {}
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof got.headers) => void (got.headers = fn) },
      setPermissionRequestHandler: (fn: typeof got.request) => void (got.request = fn),
      setPermissionCheckHandler: (fn: typeof got.check) => void (got.check = fn),
      setDevicePermissionHandler: (fn: typeof got.device) => void (got.device = fn),
    }
    return { session: session as unknown as Session, got }
  }

  it('refuses every permission request and check', () => {
    const { session, got } = fakeSession()
    hardenSession(session, { dev: false })
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      let answer: boolean | undefined
      got.request!(null, p, (ok) => (answer = ok))
      expect(answer).toBe(false)
      expect(got.check!(null, p, 'file://', {})).toBe(false)
    }
    expect(got.device!({ deviceType: 'usb' })).toBe(false)
  })

  it('adds the CSP (with frame-ancestors) and nosniff to every response, keeping the other headers', () => {
    const { session, got } = fakeSession()
    hardenSession(session, { dev: false })
    let headers: Record<string, string[]> = {}
    got.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders))
    expect(headers['Content-Type']).toEqual(['text/html'])
    expect(headers['X-Content-Type-Options']).toEqual(['nosniff'])
    expect(headers['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self';/)
    expect(headers['Content-Security-Policy']![0]).toContain("frame-ancestors 'none'")
  })
})
