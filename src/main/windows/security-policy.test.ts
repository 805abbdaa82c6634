import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, isAllowedNavigation, isTrustedSender } from './security-policy'

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v] as const),
    )

  it('allows only our own origin and no inline script or eval', () => {
    const d = directives(contentSecurityPolicy())
    expect(d.get('default-src')).toEqual(["'none'"])
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('style-src')).toEqual(["'self'"])
    expect(d.get('connect-src')).toEqual(["'self'"])
    expect(d.get('object-src')).toEqual(["'none'"])
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/)
  })

  it('puts frame-ancestors only in the header form', () => {
    expect(contentSecurityPolicy()).not.toContain('frame-ancestors')
    expect(contentSecurityPolicy({ forHeader: true })).toContain("frame-ancestors 'none'")
  })

  it('relaxes only styles and the HMR socket in dev, never scripts', () => {
    const d = directives(contentSecurityPolicy({ dev: true }))
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('style-src')).toContain("'unsafe-inline'")
    expect(d.get('connect-src')).toContain('ws://localhost:*')
  })
})

describe('isAllowedNavigation', () => {
  const app = 'file:///opt/wirelite/out/renderer/index.html'

  it('allows reloading the app page (with or without hash/query)', () => {
    expect(isAllowedNavigation(app, app)).toBe(true)
    expect(isAllowedNavigation(app + '#/stream/3', app)).toBe(true)
  })

  it('refuses other files, other origins and junk', () => {
    expect(isAllowedNavigation('file:///home/u/capture.pcap', app)).toBe(false)
    expect(isAllowedNavigation('https://example.com/', app)).toBe(false)
    expect(isAllowedNavigation('javascript:alert(1)', app)).toBe(false)
    expect(isAllowedNavigation('not a url', app)).toBe(false)
  })

  it('compares host and port for the dev server', () => {
    const dev = 'http://localhost:5173/'
    expect(isAllowedNavigation('http://localhost:5173/', dev)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false)
    expect(isAllowedNavigation('http://evil.localhost:5173/', dev)).toBe(false)
  })
})

describe('isTrustedSender', () => {
  const app = 'file:///opt/wirelite/out/renderer/index.html'

  it('accepts the app page in the main frame only', () => {
    expect(isTrustedSender(app, true, app)).toBe(true)
    expect(isTrustedSender(app, false, app)).toBe(false)
  })

  it('rejects missing or foreign frames', () => {
    expect(isTrustedSender(undefined, true, app)).toBe(false)
    expect(isTrustedSender('https://example.com/', true, app)).toBe(false)
  })
})
