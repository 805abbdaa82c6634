import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures/app'

/*
 * The packet list against the engine's own CLI (`wirelite fields`, which the corpus tests hold to
 * tshark): columns, colours, time formats, seq mode, sort, keyboard, go-to, a 1M-packet file scrolled to
 * its end while rows stream in, language and theme.
 */
const root = process.cwd()
const cli = join(root, 'out', 'cli', 'wirelite.mjs')
const pingpong = resolve(root, 'test/fixtures/loopback-pingpong.pcap')
// A corpus capture: 108 TCP packets with retransmissions, dup ACKs, out-of-order (tcp-analysis colours).
const retrans = resolve(root, '../shared/captures/real/arkime/wireshark-retrans.pcap')
const BIG_PACKETS = 1_000_000

interface Fields {
  'frame.number': number
  'frame.time_epoch': string
  'frame.len': number
  'ip.src'?: string
  'ip.dst'?: string
  'tcp.srcport'?: number
  'tcp.dstport'?: number
  'tcp.seq_raw'?: number
  'tcp.analysis.flags'?: string[]
}

function fields(file: string, count: number): Fields[] {
  const out = execFileSync(process.execPath, [cli, 'fields', '-c', String(count), file], { encoding: 'utf8' })
  return out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Fields)
}

/** "S.nnnnnnnnn" → nanoseconds, exactly. */
const ns = (epoch: string): bigint => {
  const [s, f = ''] = epoch.split('.')
  return BigInt(s!) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9))
}
/** Seconds with 6 decimals (a µs capture), as Wireshark prints a delta. */
const secs = (n: bigint): string =>
  `${n / 1_000_000_000n}.${String((n % 1_000_000_000n) / 1000n).padStart(6, '0')}`

test.describe('packet list', () => {
  test('the seed-style ping/pong fixture: columns, TCP Info, colours, status bar', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(pingpong)
    const ref = fields(pingpong, 11)
    const rows = await app.rowTexts(11)
    expect(rows).toHaveLength(11)
    // Frame 1: the SYN, tcpdump-style Info with relative numbers (the text the engine produces).
    expect(rows[0]!.info).toMatch(/^42216 → 1234 \[S\] seq=0 win=65495 len=0 mss=65495 /)
    expect(rows[1]!.info).toMatch(/^1234 → 42216 \[S\.\] seq=0 ack=1 win=65483 len=0 mss=65495 /)
    for (let i = 0; i < 11; i++) {
      const r = rows[i]!
      const f = ref[i]!
      expect(r.no).toBe(String(f['frame.number']))
      expect(r.source).toBe(f['ip.src'])
      expect(r.destination).toBe(f['ip.dst'])
      expect(r.protocol).toBe('TCP')
      expect(r.length).toBe(String(f['frame.len']))
      expect(r.time).toBe(secs(ns(f['frame.time_epoch']) - ns(ref[0]!['frame.time_epoch'])))
      expect(r.info.startsWith(`${f['tcp.srcport']} → ${f['tcp.dstport']} [`)).toBe(true)
    }
    await expect(app.rowAt(0)).toHaveAttribute('data-color', 'tcp-syn')
    await expect(app.rowAt(2)).toHaveAttribute('data-color', 'tcp')
    await expect(app.rowAt(7)).toHaveAttribute('data-color', 'tcp-fin') // 42216 → 1234 [F.]
    await expect(app.page.getByTestId('status-file')).toHaveText('loopback-pingpong.pcap')
    await expect(app.page.getByTestId('status-packets')).toHaveText('Packets: 11')
    await expect(app.page.getByTestId('status-displayed')).toHaveText('Displayed: 11 (100%)')
    await expect(app.page.getByTestId('status-load-time')).toContainText('Load time:')
    await app.screenshot('packet-list-pingpong')

    // Relative ↔ absolute sequence numbers (the Info column is fetched again).
    await app.page.getByTestId('seq-toggle').click()
    await expect(app.rowAt(0).locator('[data-col="info"]')).toContainText(`seq=${ref[0]!['tcp.seq_raw']} `)
    await app.menu('view', 'seq-relative')
    await expect(app.rowAt(0).locator('[data-col="info"]')).toContainText('seq=0 ')
  })

  test('a corpus capture: first rows match `wirelite fields`, analysis rows coloured, legend', async ({
    app,
  }) => {
    await app.waitReady()
    await app.openCapture(retrans)
    const ref = fields(retrans, 12)
    const rows = await app.rowTexts(12)
    for (let i = 0; i < 12; i++) {
      const f = ref[i]!
      expect(rows[i]!.no).toBe(String(f['frame.number']))
      expect(rows[i]!.source).toBe(f['ip.src'])
      expect(rows[i]!.destination).toBe(f['ip.dst'])
      expect(rows[i]!.length).toBe(String(f['frame.len']))
      expect(rows[i]!.info).toContain(`${f['tcp.srcport']} → ${f['tcp.dstport']} [`)
      const analysed = (f['tcp.analysis.flags'] ?? []).length > 0
      if (analysed) await expect(app.rowAt(i)).toHaveAttribute('data-color', 'tcp-analysis')
    }
    expect(rows[1]!.info).toMatch(/Retransmission/)
    await expect(app.page.getByTestId('status-packets')).toHaveText('Packets: 108')

    await app.menu('view', 'legend')
    await expect(app.legend).toBeVisible()
    await expect(app.legend.locator('li')).toHaveCount(10)
    await expect(app.legend.locator('[data-color="tcp-analysis"]')).toContainText('retransmission')
    await app.screenshot('packet-list-legend')
    await app.menu('view', 'legend')
    await expect(app.legend).toHaveCount(0)
  })

  test('time display formats', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(retrans)
    const ref = fields(retrans, 3)
    const time = (pos: number) => app.rowAt(pos).locator('[data-col="time"]')
    await expect(time(2)).toHaveText(secs(ns(ref[2]!['frame.time_epoch']) - ns(ref[0]!['frame.time_epoch'])))
    // From the Time column's own menu.
    await app.page.getByTestId('time-format-button').click()
    await app.page.getByTestId('time-format-menu').locator('[data-format="epoch"]').click()
    await expect(time(0)).toHaveText(ref[0]!['frame.time_epoch'].slice(0, -3)) // µs capture: 6 digits
    await app.page.getByTestId('time-format-button').click()
    await app.page.getByTestId('time-format-menu').locator('[data-format="sincePrevious"]').click()
    await expect(time(2)).toHaveText(secs(ns(ref[2]!['frame.time_epoch']) - ns(ref[1]!['frame.time_epoch'])))
    await expect(time(0)).toHaveText('0.000000')
    // From View ▸ Time Display Format.
    await app.menu('view', 'time-absolute')
    const epoch = ref[0]!['frame.time_epoch']
    const utc = new Date(Number(epoch.split('.')[0]) * 1000).toISOString().slice(0, 19).replace('T', ' ')
    await expect(time(0)).toHaveText(`${utc}.${epoch.split('.')[1]!.slice(0, 6)}`)
    await app.menu('view', 'time-sinceStart')
    await expect(time(0)).toHaveText('0.000000')
  })

  test('sort by clicking column headers; Info is not sortable', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(retrans)
    const all = fields(retrans, 200).map((f) => f['frame.len'])
    const lengths = async () =>
      (await app.rowTexts(20)).map((r) => Number(r.length)).filter((n) => Number.isFinite(n))
    await app.clickHeader('length')
    await expect(app.page.getByTestId('col-length')).toHaveAttribute('aria-sort', 'ascending')
    await expect.poll(async () => (await lengths())[0]).toBe(Math.min(...all))
    let l = await lengths()
    expect(l).toEqual([...l].sort((a, b) => a - b))
    await app.clickHeader('length')
    await expect(app.page.getByTestId('col-length')).toHaveAttribute('aria-sort', 'descending')
    await expect.poll(async () => (await lengths())[0]).toBe(Math.max(...all))
    l = await lengths()
    expect(l).toEqual([...l].sort((a, b) => b - a))
    await app.screenshot('packet-list-sorted')
    // Third click: back to file order.
    await app.clickHeader('length')
    await expect(app.page.getByTestId('col-no')).toHaveAttribute('aria-sort', 'ascending')
    await expect(app.rowAt(0)).toHaveAttribute('data-frame', '1')
    await app.clickHeader('info')
    await expect(app.page.getByTestId('col-info')).toHaveAttribute('aria-sort', 'none')
    await expect(app.rowAt(0)).toHaveAttribute('data-frame', '1')
  })

  test('keyboard: arrows, PgDn, End, Home, Ctrl+G go to packet', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(retrans)
    await app.rowAt(0).click()
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '1')
    await app.page.keyboard.press('ArrowDown')
    await app.page.keyboard.press('ArrowDown')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '3')
    await app.page.keyboard.press('ArrowUp')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '2')
    const page = await app.page.evaluate(() => {
      const el = document.querySelector('[data-testid="packet-scroller"]') as HTMLElement
      return Math.floor(el.clientHeight / 22)
    })
    await app.page.keyboard.press('PageDown')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', String(2 + page))
    await app.page.keyboard.press('End')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '108')
    await expect(app.selectedRow()).toBeInViewport()
    await app.page.keyboard.press('Home')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '1')
    await expect(app.rowAt(0)).toBeInViewport()

    await app.goToPacket(77)
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '77')
    await expect(app.selectedRow()).toBeInViewport()
    await expect(app.scroller).toBeFocused()
    await app.page.keyboard.press('ArrowDown')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '78')

    await app.goToPacket(109)
    await expect(app.goToError).toHaveText('No packet 109: the capture has packets 1 to 108.')
    await app.goToInput.fill('abc')
    await app.goToInput.press('Enter')
    await expect(app.goToError).toHaveText('Type a packet number.')
    await app.goToInput.press('Escape')
    await expect(app.goToInput).toHaveCount(0)
    // Go ▸ Last Packet / First Packet.
    await app.menu('go', 'last')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '108')
    await app.menu('go', 'first')
    await expect(app.selectedRow()).toHaveAttribute('data-frame', '1')
  })

  test('language and theme switch', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(pingpong)
    await app.menu('view', 'locale-zh-CN')
    await expect(app.page.getByTestId('col-no')).toContainText('序号')
    await expect(app.page.getByTestId('col-source')).toContainText('源地址')
    await expect(app.page.getByTestId('menu-file')).toHaveText('文件')
    await expect(app.page.getByTestId('status-packets')).toHaveText('分组：11')
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await app.screenshot('packet-list-zh-CN')
    // The choice survives a reload (localStorage).
    await app.page.reload()
    await expect(app.page.getByTestId('menu-view')).toHaveText('视图')
    await app.menu('view', 'locale-en')
    await expect(app.page.getByTestId('menu-view')).toHaveText('View')

    const bg = () => app.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    await app.menu('view', 'theme-dark')
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect.poll(bg).toBe('rgb(30, 31, 34)')
    const darkRow = await app.rowAt(2).evaluate((el) => getComputedStyle(el).backgroundColor)
    await app.screenshot('packet-list-dark')
    await app.menu('view', 'theme-light')
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'light')
    await expect.poll(bg).toBe('rgb(246, 247, 249)')
    expect(await app.rowAt(2).evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(darkRow)
    // 'system' follows prefers-color-scheme.
    await app.menu('view', 'theme-system')
    await app.page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(bg).toBe('rgb(30, 31, 34)')
    await app.page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(bg).toBe('rgb(246, 247, 249)')
  })

  test('the menu bar works from the keyboard', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(pingpong)
    await app.page.getByTestId('menu-view').focus()
    await app.page.keyboard.press('ArrowDown')
    await expect(app.page.getByTestId('menuitem-time-sinceStart')).toBeFocused()
    await app.page.keyboard.press('ArrowDown')
    await expect(app.page.getByTestId('menuitem-time-sincePrevious')).toBeFocused()
    await app.page.keyboard.press('End')
    await expect(app.page.getByTestId('menuitem-legend')).toBeFocused()
    await app.page.keyboard.press('Enter')
    await expect(app.legend).toBeVisible()
    await expect(app.page.getByTestId('menu-view-items')).toHaveCount(0)
    // ← / → move between the menus of an open menu bar; Escape closes and returns to the title.
    await app.page.getByTestId('menu-go').focus()
    await app.page.keyboard.press('ArrowDown')
    await expect(app.page.getByTestId('menuitem-goto')).toBeFocused()
    await app.page.keyboard.press('ArrowLeft')
    await expect(app.page.getByTestId('menu-view-items')).toBeVisible()
    await app.page.keyboard.press('Escape')
    await expect(app.page.getByTestId('menu-view-items')).toHaveCount(0)
    await expect(app.page.getByTestId('menu-view')).toBeFocused()
  })

  test('the splitter between the list and the panes resizes them, and the size is kept', async ({ app }) => {
    await app.waitReady()
    await app.openCapture(pingpong)
    const splitter = app.page.locator('[role="separator"][aria-orientation="horizontal"]')
    const listHeight = () => app.scroller.evaluate((el) => el.clientHeight)
    const before = await listHeight()
    const box = (await splitter.boundingBox())!
    await app.page.mouse.move(box.x + box.width / 2, box.y + 2)
    await app.page.mouse.down()
    await app.page.mouse.move(box.x + box.width / 2, box.y - 150, { steps: 5 })
    await app.page.mouse.up()
    await expect.poll(listHeight).toBeLessThan(before - 100)
    const after = await listHeight()
    await app.page.reload()
    await expect(app.rowAt(0)).toHaveAttribute('data-frame', '1')
    await expect.poll(listHeight).toBe(after)
  })

  test.describe('a large capture', () => {
    let dir = ''
    let big = ''
    test.beforeAll(async () => {
      test.setTimeout(180_000)
      dir = mkdtempSync(join(tmpdir(), 'wirelite-e2e-list-'))
      big = join(dir, 'big.pcap')
      const gen = resolve(root, '../shared/tools/make-bench-pcap.py')
      expect(existsSync(gen), `${gen} (../shared must sit beside the project)`).toBe(true)
      const r = spawnSync('python3', [gen, big, '--packets', String(BIG_PACKETS), '--snaplen', '128'], {
        stdio: 'ignore',
      })
      expect(r.status).toBe(0)
    })
    test.afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    test('rows appear while indexing; End and the scrollbar reach the last packet', async ({ app }) => {
      test.setTimeout(120_000)
      await app.waitReady()
      await app.openCapture(big, { waitLoaded: false })
      await app.waitLoaded()
      // The first rows were on screen before indexing finished.
      const marks = await app.page.evaluate(() =>
        Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
      )
      expect(marks['wl-first-rows']).toBeLessThan(marks['wl-indexed']!)
      await expect(app.page.getByTestId('status-packets')).toHaveText(
        `Packets: ${BIG_PACKETS.toLocaleString('en')}`,
      )
      await expect(app.rowAt(0)).toHaveAttribute('data-frame', '1')

      // Drag the scrollbar to the bottom: the last row is drawn, flush with the bottom edge.
      await app.scroller.evaluate((el) => (el.scrollTop = el.scrollHeight))
      await expect(app.rowOfFrame(BIG_PACKETS)).toBeInViewport()
      await expect(app.rowOfFrame(BIG_PACKETS).locator('[data-col="info"]')).not.toBeEmpty()
      await app.screenshot('packet-list-1m-end')
      // Home and End from the keyboard.
      await app.rowOfFrame(BIG_PACKETS).click()
      await app.page.keyboard.press('Home')
      await expect(app.selectedRow()).toHaveAttribute('data-frame', '1')
      await app.page.keyboard.press('End')
      await expect(app.selectedRow()).toHaveAttribute('data-frame', String(BIG_PACKETS))
      await expect(app.selectedRow()).toBeInViewport()
      await app.goToPacket(123_456)
      await expect(app.selectedRow()).toHaveAttribute('data-frame', '123456')
      await expect(app.selectedRow()).toBeInViewport()
    })

    test('Cancel stops indexing and keeps the rows read so far', async ({ app }) => {
      test.setTimeout(120_000)
      await app.waitReady()
      // Press Cancel the moment the progress bar appears: indexing this file from the page cache takes
      // only a few hundred ms on a fast machine, and the TCP analysis that follows it cannot be
      // cancelled — a click from the test process could arrive too late. So the page clicks it itself.
      await app.page.addInitScript(() => {
        new MutationObserver((_, mo) => {
          const b = document.querySelector<HTMLButtonElement>('[data-testid="load-cancel"]')
          if (b) {
            mo.disconnect()
            b.click()
          }
        }).observe(document, { childList: true, subtree: true })
      })
      await app.openCapture(big, { waitLoaded: false, waitRows: false })
      await expect(app.page.getByTestId('status-cancelled')).toBeVisible({ timeout: 30_000 })
      await expect(app.progress).toHaveCount(0)
      const total = Number(
        ((await app.page.getByTestId('status-packets').textContent()) ?? '').replace(/\D/g, ''),
      )
      expect(total).toBeGreaterThan(0)
      expect(total).toBeLessThan(BIG_PACKETS)
      await expect(app.rowAt(0)).toHaveAttribute('data-frame', '1')
    })
  })
})
