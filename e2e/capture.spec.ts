import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures/app'
import { CapturePage } from './pages/capture'
import { FilterBarPage } from './pages/filter-bar'

/*
 * Live capture in the app (browser mode; needs capture rights for the helper: CI runs as root): open
 * Capture ▸ Interfaces…, pick lo, a capture filter on a test port (libpcap's message for a bad one),
 * Start, make real TCP traffic from this spec, see the rows arrive, Stop, Save, re-open the saved file.
 */

/** seed 003's ping/pong plus a few more request/answer rounds on 127.0.0.1:port. */
async function traffic(port: number, rounds: number): Promise<void> {
  const server = createServer((sock) => {
    sock.on('data', (d) => sock.write(d.toString() === 'ping' ? 'pong' : d))
    sock.on('end', () => sock.end())
    sock.on('error', () => {})
  })
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  await new Promise<void>((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write('ping'))
    let n = 0
    c.on('data', () => {
      if (++n < rounds) setTimeout(() => c.write(`message ${n}`), 20)
      else c.end()
    })
    c.on('close', () => resolve())
    c.on('error', reject)
  })
  await new Promise((r) => server.close(r))
}

test.describe('live capture', () => {
  test.skip(
    ({ runtime }) => runtime !== 'browser',
    'capture rights are given to the served helper (browser mode)',
  )
  test.skip(process.getuid?.() !== 0 && !process.env.CI, 'live capture on lo needs root (CI runs as root)')

  test('capture on lo with a filter, rows arrive live, stop, save, re-open', async ({ app }) => {
    test.setTimeout(90_000)
    const port = 20000 + Math.floor(Math.random() * 30000)
    const dir = mkdtempSync(join(tmpdir(), 'wirelite-e2e-capture-'))
    try {
      await app.waitReady()
      const cap = new CapturePage(app.page)
      await cap.open()
      // Loopback is listed first, up.
      await expect(cap.interfaces.first()).toHaveAttribute('data-iface', 'lo')
      await expect(cap.iface('lo')).toContainText('127.0.0.1')
      await cap.pick('lo')

      // libpcap's own message under the box before anything starts; Start stays disabled.
      await cap.setFilter('tcp port', 'invalid')
      await expect(cap.filterMessage).toContainText("can't parse filter expression: syntax error")
      await expect(cap.start).toBeDisabled()
      await app.screenshot('capture-dialog-bad-filter')
      await cap.setFilter(`tcp port ${port}`, 'valid')
      await app.screenshot('capture-dialog')
      await cap.start.click()
      await expect(cap.dialog).toBeHidden()
      await expect(cap.bar).toBeVisible()
      await expect(cap.bar.getByTestId('capture-status')).toHaveAttribute('data-running', 'true')

      await traffic(port, 5)
      // ping/pong + 4 more rounds: 3-way handshake, 5 × (data + answer, with acks), teardown ≥ 17 packets.
      await expect.poll(() => cap.packetCount(), { timeout: 10_000 }).toBeGreaterThanOrEqual(17)
      const rows = app.page.locator('[data-testid="packet-row"]')
      await expect(rows.first()).toBeVisible()
      await expect(rows.first()).toContainText(String(port))
      await app.screenshot('capture-running')

      // A display filter during the capture: its view keeps taking in matching packets as they arrive.
      const bar = new FilterBarPage(app.page)
      await bar.applyFilter('tcp.len > 0')
      await expect.poll(async () => (await bar.counts()).displayed, { timeout: 10_000 }).toBe(10) // ping, pong, 4 × 2
      await traffic(port, 3)
      await expect.poll(async () => (await bar.counts()).displayed, { timeout: 10_000 }).toBe(16)
      await app.screenshot('capture-filtered-live')
      await bar.applyFilter('')

      await cap.barStop.click()
      await expect(cap.bar.getByTestId('capture-status')).toHaveAttribute('data-running', 'false')
      const captured = await cap.packetCount()
      // The status bar counts the capture's rows (the list itself renders only the visible ones).
      await expect(app.page.getByTestId('status-packets')).toContainText(String(captured))

      await cap.barSave.click()
      const target = join(dir, 'lo-capture.pcapng')
      await cap.savePath.fill(target)
      await cap.save.click()
      await expect(cap.saved).toContainText(target)
      await app.screenshot('capture-saved')
      const tcpdumpLines = execFileSync('tcpdump', ['-nr', target], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
        .split('\n')
      expect(tcpdumpLines).toHaveLength(captured)
      expect(tcpdumpLines[0]).toContain(`.${port}: Flags [S]`)

      // Re-open the saved file: the same number of packets, from the file now.
      await cap.openSaved.click()
      await expect(cap.bar).toBeHidden()
      await expect(app.page.getByTestId('status-file')).toContainText('lo-capture.pcapng')
      await expect(app.page.getByTestId('status-packets')).toContainText(String(captured))
      await expect(rows.first()).toContainText(String(port))
      await app.screenshot('capture-reopened')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('a misspelt filter is explained in the dialog; an empty one captures everything', async ({ app }) => {
    await app.waitReady()
    const cap = new CapturePage(app.page)
    await cap.open()
    await cap.pick('lo')
    await cap.setFilter('hst 10.0.0.1', 'invalid')
    await expect(cap.filterMessage).toContainText('Invalid capture filter "hst 10.0.0.1"')
    await expect(cap.start).toBeDisabled()
    await cap.setFilter('', 'empty')
    await expect(cap.filterMessage).toContainText('every packet')
    await expect(cap.start).toBeEnabled()
  })

  test('without the capture library the dialog says capture is unavailable and what to install', async ({
    app,
  }) => {
    // A second `wirelite serve` whose engine cannot load `cap` (as on a machine where it was not built).
    const env: NodeJS.ProcessEnv = { ...process.env, WIRELITE_CAP_MODULE: 'wirelite-no-such-cap-module' }
    delete env.WIRELITE_SERVE_TOKEN // its own random token, given in the URL it prints
    const server = spawn(process.execPath, [resolve('out/cli/wirelite.mjs'), 'serve', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    try {
      const url = await new Promise<string>((res, rej) => {
        let out = ''
        server.stdout!.on('data', (d: Buffer) => {
          out += d.toString()
          if (out.includes('\n')) res(out.split('\n')[0]!)
        })
        server.on('exit', (c) => rej(new Error(`wirelite serve exited ${c}`)))
      })
      await app.page.goto(url)
      await app.waitReady()
      const cap = new CapturePage(app.page)
      await app.page.locator('body').click({ position: { x: 1, y: 1 } })
      await app.page.keyboard.press('Control+k')
      const msg = app.page.getByTestId('capture-unavailable')
      await expect(msg).toContainText('Live capture is unavailable')
      await expect(msg).toContainText('npm rebuild cap')
      await expect(cap.start).toHaveCount(0)
      await app.screenshot('capture-unavailable')
    } finally {
      server.kill('SIGTERM')
    }
  })
})
