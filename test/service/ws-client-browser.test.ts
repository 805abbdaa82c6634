import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { chromium } from '@playwright/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBridge, type Bridge } from '../../src/main/bridge/bridge-server'
import { InProcessEngine } from '../../src/main/engine/service/endpoint'
import { CAPTURES_DIR, requireShared } from '../support/corpus'
import { tempDir } from './service-helpers'

/**
 * The browser-mode client in a real Chromium (Debian's, as CI and the e2e use): a page under the
 * renderer's own CSP (connect-src 'self') talks to the engine over the bridge's WebSocket.
 */
requireShared()
const CHROMIUM = process.env.WIRELITE_CHROMIUM ?? '/usr/bin/chromium'
const MYSQL = join(CAPTURES_DIR, 'real/arkime/mysql-deny.pcap')
const dir = tempDir()
let bridge: Bridge
let engine: InProcessEngine

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set WIRELITE_CHROMIUM)`)
  mkdirSync(join(dir, 'assets'))
  await build({
    entryPoints: [join(__dirname, 'browser/smoke-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dir, 'assets/app.js'),
    logLevel: 'error',
  })
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'">` +
      `<title>smoke</title><script type="module" crossorigin src="./assets/app.js"></script>`,
  )
  engine = new InProcessEngine()
  bridge = await startBridge({ engine, rendererDir: dir, version: '1.2.3', openFile: MYSQL })
}, 60_000)
afterAll(async () => {
  await bridge?.close()
  await engine?.close()
})

describe('ws client in Chromium', () => {
  it('open, streamed column buffers, rows, details bytes and a positioned filter error', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    try {
      const page = await browser.newPage()
      await page.goto(bridge.url)
      await page.waitForFunction(() => /^(DONE|ERR)/.test(document.title), null, { timeout: 20_000 })
      const title = await page.title()
      expect(title.startsWith('DONE'), title).toBe(true)
      const out = JSON.parse(title.slice(5)) as Record<string, unknown>
      expect(out).toMatchObject({
        version: '1.2.3',
        rows: 10,
        buffers: true,
        bytes: 74,
        badFilter: { code: 'bad-filter' },
      })
      expect(out.info).toMatch(/^3306 → 42418 \[S\.\] seq=0 ack=1 /)
    } finally {
      await browser.close()
    }
  }, 60_000)
})
