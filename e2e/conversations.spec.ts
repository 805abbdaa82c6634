import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test } from './fixtures/app'
import { ConversationsPage } from './pages/conversations'
import { FilterBarPage, openCapture } from './pages/filter-bar'

/*
 * The conversations window lists exactly the streams of `wirelite conv --json` (the CLI over the same
 * engine, itself checked against tshark -z conv,tcp by the CLI tests), with the same endpoints and
 * per-direction counts; a double-click filters on the stream (count checked against tshark).
 */
const CAPTURES = resolve('..', 'shared', 'captures', 'real')
const TCP_FILE = resolve(CAPTURES, 'packets', 'http_espn_fail.pcapng')
const NO_TCP_FILE = resolve(CAPTURES, 'arkime', 'bigendian.pcap')

interface CliConv {
  stream: number
  client: { address: string; port: number }
  server: { address: string; port: number }
  packets: { clientToServer: number; serverToClient: number }
  bytes: { clientToServer: number; serverToClient: number }
}

function cliConv(file: string): CliConv[] {
  const out = execFileSync('node', ['out/cli/wirelite.mjs', 'conv', '--json', file], { encoding: 'utf8' })
  return JSON.parse(out) as CliConv[]
}

function tsharkCount(file: string, filter: string): number {
  const out = execFileSync('tshark', ['-n', '-r', file, '-Y', filter], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return out.split('\n').filter((l) => l.trim() !== '').length
}

const ep = (e: { address: string; port: number }): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`

test.describe('conversations window', () => {
  test('lists the streams of wirelite conv with the same endpoints and counts', async ({ app }) => {
    const expected = cliConv(TCP_FILE)
    expect(expected.length).toBeGreaterThan(1)
    await openCapture(app, TCP_FILE)
    const conv = new ConversationsPage(app.page)
    await conv.open()
    await expect(conv.rows).toHaveCount(expected.length)
    await expect(conv.count).toContainText(String(expected.length))
    for (const c of expected) {
      expect(await conv.cells(c.stream)).toMatchObject({
        stream: String(c.stream),
        client: ep(c.client),
        server: ep(c.server),
        packetsClientToServer: String(c.packets.clientToServer),
        packetsServerToClient: String(c.packets.serverToClient),
        bytesClientToServer: String(c.bytes.clientToServer),
        bytesServerToClient: String(c.bytes.serverToClient),
      })
    }
    await app.screenshot('conversations')

    // Sorting: Packets C→S biggest first, then reversed; ties in stream order.
    const byPackets = [...expected].sort(
      (a, b) => b.packets.clientToServer - a.packets.clientToServer || a.stream - b.stream,
    )
    await conv.sortBy('packetsClientToServer')
    expect(await conv.order()).toEqual(byPackets.map((c) => c.stream))
    await conv.sortBy('stream')
    expect(await conv.order()).toEqual(expected.map((c) => c.stream))
    await conv.sortBy('stream')
    expect(await conv.order()).toEqual(expected.map((c) => c.stream).reverse())
  })

  const busiestOf = (list: CliConv[]): CliConv =>
    [...list].sort(
      (a, b) =>
        b.packets.clientToServer +
        b.packets.serverToClient -
        (a.packets.clientToServer + a.packets.serverToClient),
    )[0]!

  test('double-click filters on the stream (count = tshark)', async ({ app }) => {
    const busiest = busiestOf(cliConv(TCP_FILE))
    await openCapture(app, TCP_FILE)
    const conv = new ConversationsPage(app.page)
    const bar = new FilterBarPage(app.page)
    await conv.open()
    await conv.row(busiest.stream).dblclick()
    await expect(conv.window).toBeHidden()
    await expect(bar.input).toHaveValue(`tcp.stream == ${busiest.stream}`)
    const n = tsharkCount(TCP_FILE, `tcp.stream == ${busiest.stream}`)
    expect(n).toBe(busiest.packets.clientToServer + busiest.packets.serverToClient)
    await expect(bar.status).toHaveText(new RegExp(`^${n}\\D`))
  })

  test('Follow on the selected row opens the stream view', async ({ app }) => {
    const busiest = busiestOf(cliConv(TCP_FILE))
    await openCapture(app, TCP_FILE)
    const conv = new ConversationsPage(app.page)
    await conv.open()
    await expect(conv.follow).toBeDisabled()
    await conv.row(busiest.stream).click()
    await expect(conv.row(busiest.stream)).toHaveAttribute('aria-selected', 'true')
    await conv.follow.click()
    await expect(conv.window).toBeHidden()
    await expect(app.page.getByTestId('stream-view')).toBeVisible()
  })

  test('a capture without TCP says so', async ({ app }) => {
    expect(cliConv(NO_TCP_FILE)).toEqual([])
    await openCapture(app, NO_TCP_FILE)
    const conv = new ConversationsPage(app.page)
    await conv.open()
    await expect(conv.empty).toBeVisible()
    await expect(conv.rows).toHaveCount(0)
    // Escape closes the window.
    await conv.window.press('Escape')
    await expect(conv.window).toBeHidden()
  })
})
