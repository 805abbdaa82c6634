#!/usr/bin/env node
/**
 * `npm run screenshots`: the README's pictures, taken from the real app in browser mode (the same
 * renderer and engine as the desktop window) with the system Chromium. Writes docs/images/*.png.
 * Needs a build (`npm run build`). Chinese text needs a CJK font (Debian: fonts-wqy-microhei); pngquant,
 * when installed, shrinks the files.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from '@playwright/test'

const root = resolve(import.meta.dirname, '..')
const out = resolve(root, 'docs/images')
const fixture = (name) => resolve(root, 'test/fixtures', name)
const retrans = resolve(root, '../shared/captures/real/arkime/wireshark-retrans.pcap')

function serve() {
  const child = spawn(process.execPath, ['out/cli/wirelite.mjs', 'serve'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((res, rej) => {
    child.once('exit', (code) => rej(new Error(`wirelite serve exited (${code}); run npm run build first`)))
    createInterface({ input: child.stdout }).once('line', (url) => res({ child, url }))
  })
}

/** A TCP exchange on 127.0.0.1:port, like the seed tutorial's: ping, pong, a few more messages, close. */
async function pingPong(port, rounds) {
  const server = createServer((sock) => {
    sock.on('data', (d) => sock.write(d.toString() === 'ping' ? 'pong' : d))
    sock.on('end', () => sock.end())
    sock.on('error', () => {})
  })
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  await new Promise((res, rej) => {
    const c = connect(port, '127.0.0.1', () => c.write('ping'))
    let n = 0
    c.on('data', () => (++n < rounds ? setTimeout(() => c.write(`message ${n}`), 20) : c.end()))
    c.on('close', res)
    c.on('error', rej)
  })
  await new Promise((r) => server.close(r))
}

const { child, url } = await serve()
const browser = await chromium.launch({
  executablePath: process.env.WIRELITE_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
try {
  mkdirSync(out, { recursive: true })
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } })
  const goto = async (params, prefs = {}) => {
    const u = new URL(url)
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v)
    await page.goto(u.toString())
    await page.evaluate((p) => {
      localStorage.clear()
      for (const [k, v] of Object.entries(p)) localStorage.setItem(k, v)
    }, prefs)
    await page.reload()
  }
  const shot = async (name) => {
    await page.waitForTimeout(300) // let transitions finish; a picture, not a measurement
    const file = resolve(out, `${name}.png`)
    await page.screenshot({ path: file })
    // Keep the committed pictures small where pngquant is installed (Debian: pngquant).
    spawnSync('pngquant', ['--force', '--quality', '70-95', '--output', file, file], { stdio: 'ignore' })
    console.log(`docs/images/${name}.png`)
  }
  const row = (frame) => page.locator(`[data-testid="packet-row"][data-frame="${frame}"]`)

  // 1. Packet list + details + hex on a capture with retransmissions (analysis colours).
  await goto({ file: retrans }, { 'wirelite.theme': 'light', 'wirelite.locale': 'en' })
  await row(4).click()
  await page.getByText('Transmission Control Protocol', { exact: false }).first().waitFor()
  await shot('packet-list')

  // 2. TCP inspector on the seed-003 SYN/ACK (a taller window: the grid lives in the bottom pane), English
  // and Chinese.
  await page.setViewportSize({ width: 1280, height: 1080 })
  for (const [locale, name] of [
    ['en', 'tcp-inspector'],
    ['zh-CN', 'tcp-inspector-zh'],
  ]) {
    await goto(
      { file: fixture('seed-003-pingpong.pcap') },
      { 'wirelite.theme': 'light', 'wirelite.locale': locale },
    )
    await row(2).click()
    await page.getByTestId('tab-tcp').click()
    await page.getByTestId('tcp-grid').waitFor()
    await page.getByTestId('tcp-cell-seq').hover()
    await shot(name)
  }
  await page.setViewportSize({ width: 1280, height: 760 })

  // 3. Follow-stream state view (ladder + state lanes), English and Chinese.
  for (const [locale, name] of [
    ['en', 'stream-view'],
    ['zh-CN', 'stream-view-zh'],
  ]) {
    await goto(
      { file: fixture('seed-003-pingpong.pcap'), stream: '0' },
      { 'wirelite.theme': 'light', 'wirelite.locale': locale },
    )
    await page.getByTestId('ladder-arrow').first().waitFor()
    await page.locator('[data-testid="ladder-arrow"][data-index="1"]').click()
    await shot(name)
  }

  // 4. Dark theme, filtered list.
  await goto({ file: retrans }, { 'wirelite.theme': 'dark', 'wirelite.locale': 'en' })
  const box = page.getByTestId('filter-input')
  await box.fill('tcp.analysis.flags')
  await box.press('Enter')
  await row(1)
    .waitFor({ state: 'detached' })
    .catch(() => undefined)
  await shot('dark-filtered')

  // 5. Live capture on lo (needs root, like capturing does): the dialog, then rows arriving.
  if (process.getuid?.() === 0) {
    await goto({}, { 'wirelite.theme': 'light', 'wirelite.locale': 'en' })
    await page.locator('body').click({ position: { x: 1, y: 1 } })
    await page.keyboard.press('Control+k')
    await page.locator('[data-testid="capture-interfaces"] [data-iface="lo"]').click({ timeout: 30_000 })
    const port = 20000 + Math.floor(Math.random() * 30000)
    await page.getByTestId('capture-filter').fill(`tcp port ${port}`)
    await page.waitForSelector('[data-testid="capture-filter-message"][data-state="valid"]')
    await shot('capture-dialog')
    await page.getByTestId('capture-start').click()
    await page.getByTestId('capture-bar').waitFor()
    await pingPong(port, 4)
    await row(1).click()
    await page.getByText('Transmission Control Protocol', { exact: false }).first().waitFor()
    await shot('capture-running')
    await page.getByTestId('capture-bar-stop').click()
    await page.getByTestId('capture-bar-discard').click()
  } else console.log('live capture pictures skipped: capturing on lo needs root')
} finally {
  await browser.close()
  child.kill('SIGTERM')
}
