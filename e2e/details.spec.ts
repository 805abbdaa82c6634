import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test } from './fixtures/app'
import { DetailsPage } from './pages/details'
import { FilterBarPage, openCapture } from './pages/filter-bar'

/*
 * Details tree + hex pane: the layers of a selected packet, field → bytes and bytes → field selection,
 * expert items, "Apply as filter". Expected values come from tshark over the same file.
 */
const CAPTURES = resolve('..', 'shared', 'captures', 'real')
const HTTP_FILE = resolve(CAPTURES, 'gopacket', 'test_ethernet.pcap')
const RETRANS_FILE = resolve(CAPTURES, 'arkime', 'wireshark-retrans.pcap')
/** One 80054-byte IPv6 "BIG TCP" frame whose TCP header is cut short: a malformed expert item. */
const BIG_FILE = resolve('..', 'shared', 'captures', 'tcpdump-tests', 'bigtcp-ipv6.pcap')

function tsharkFields(file: string, filter: string, ...fields: string[]): string[][] {
  const args = ['-n', '-r', file, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])]
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'))
}

test.describe('details tree and hex pane', () => {
  test('the TCP layer shows Source Port, and clicking it lights exactly its 2 bytes', async ({ app }) => {
    const [[srcPort, dstPort]] = tsharkFields(
      HTTP_FILE,
      'frame.number == 1',
      'tcp.srcport',
      'tcp.dstport',
    ) as [[string, string]]
    await openCapture(app, HTTP_FILE)
    const d = new DetailsPage(app.page)
    await d.selectFrame(1)
    const tcp = d.node('tcp')
    await expect(tcp).toContainText('Transmission Control Protocol')
    await expect(tcp).toHaveAttribute('aria-level', '1')
    await d.expand('tcp')
    const src = d.node('tcp.srcport')
    await expect(src).toHaveText(new RegExp(`Source Port: ${srcPort}$`))
    await src.click()
    await expect(src).toHaveAttribute('aria-selected', 'true')
    await expect(d.litBytes).toHaveCount(2)
    await expect(d.litChars).toHaveCount(2)
    expect(await d.litHex()).toBe(Number(srcPort).toString(16).padStart(4, '0'))
    await app.screenshot('details-srcport')

    // Bytes → tree: hovering a byte of the destination port names it and outlines its row; clicking
    // the second byte selects that field.
    const dstOffset = Number(await d.litBytes.first().getAttribute('data-offset')) + 2
    await d.byte(dstOffset).hover()
    await expect(d.hexFooter).toContainText(`Destination Port: ${dstPort}`)
    await expect(d.node('tcp.dstport')).toHaveClass(/\bhovered\b/)
    await d.byte(dstOffset + 1).click()
    const dst = d.node('tcp.dstport')
    await expect(dst).toHaveAttribute('aria-selected', 'true')
    await expect(dst).toHaveText(new RegExp(`Destination Port: ${dstPort}$`))
    expect(await d.litHex()).toBe(Number(dstPort).toString(16).padStart(4, '0'))

    // Keyboard: ↑ goes back to Source Port; ← then ← closes... first goes to the parent layer.
    await d.tree.press('ArrowUp')
    await expect(src).toHaveAttribute('aria-selected', 'true')
    await d.tree.press('ArrowLeft')
    await expect(tcp).toHaveAttribute('aria-selected', 'true')

    // The layer stays expanded for the next packet, like Wireshark.
    await d.selectFrame(2)
    await expect(d.node('tcp')).toHaveAttribute('aria-expanded', 'true')
    await expect(d.node('tcp.srcport')).toHaveText(new RegExp(`Source Port: ${dstPort}$`))
  })

  test('Apply as filter on a field filters the list like tshark', async ({ app }) => {
    await openCapture(app, HTTP_FILE)
    const d = new DetailsPage(app.page)
    const bar = new FilterBarPage(app.page)
    await d.selectFrame(2)
    await d.expand('tcp')
    await d.node('tcp.srcport').click({ button: 'right' })
    await expect(d.menu).toBeVisible()
    const [[port]] = tsharkFields(HTTP_FILE, 'frame.number == 2', 'tcp.srcport') as [[string]]
    const filter = `tcp.srcport == ${port}`
    await expect(d.menu.getByTestId('details-apply-filter')).toContainText(filter)
    await d.menu.getByTestId('details-apply-filter').click()
    await expect(bar.input).toHaveValue(filter)
    const expected = tsharkFields(HTTP_FILE, filter, 'frame.number').length
    await expect(bar.status).toHaveText(new RegExp(`^${expected}\\D`))
  })

  test('expert items: a retransmission is a Note on the frame, listed under Expert info', async ({ app }) => {
    const [[frame]] = tsharkFields(RETRANS_FILE, 'tcp.analysis.retransmission', 'frame.number') as [[string]]
    await openCapture(app, RETRANS_FILE)
    const d = new DetailsPage(app.page)
    await d.selectFrame(Number(frame))
    await expect(d.experts).toContainText('This frame is a (suspected) retransmission')
    const item = d.experts.getByTestId('details-expert-item').filter({ hasText: 'retransmission' }).first()
    await expect(item).toHaveAttribute('data-severity', 'note')
    // Collapsed, the TCP layer carries the severity of what it holds.
    await expect(d.node('tcp')).toHaveAttribute('data-severity', /note|warning|error/)
    // Clicking the item reveals it in the tree.
    await item.click()
    const node = d.node('tcp.analysis.retransmission')
    await expect(node).toBeVisible()
    await expect(node).toHaveAttribute('aria-selected', 'true')
    await app.screenshot('details-expert')
  })

  test('a malformed 80 KB frame: an error expert item, and a virtualized hex pane', async ({ app }) => {
    const [[capLen]] = tsharkFields(BIG_FILE, 'frame.number == 1', 'frame.cap_len') as [[string]]
    const size = Number(capLen)
    expect(size).toBeGreaterThan(65536)
    await openCapture(app, BIG_FILE)
    const d = new DetailsPage(app.page)
    await d.selectFrame(1)
    const item = d.experts.getByTestId('details-expert-item').first()
    await expect(item).toHaveAttribute('data-severity', 'error')
    await expect(item).toContainText('TCP header cut short')
    await expect(d.node('frame')).toHaveAttribute('data-severity', 'error')
    await expect(d.hexFooter).toContainText(`${size} bytes`)
    // Only the rows on screen are drawn, with a 5-digit offset column (the frame is over 64 KiB).
    const drawn = await app.page.getByTestId('hex-row').count()
    expect(drawn).toBeGreaterThan(0)
    expect(drawn).toBeLessThan(200)
    await expect(app.page.getByTestId('hex-row').first().locator('.offset')).toHaveText('00000')
    // The IPv6 header: 40 bytes lit.
    await d.node('ipv6').click()
    await expect(d.litBytes).toHaveCount(40)
    // Scrolled to the end, the last row starts at the last multiple of 16.
    await d.hex.evaluate((el) => (el.scrollTop = el.scrollHeight))
    const lastOffset = ((size - 1) & ~15).toString(16).padStart(5, '0')
    await expect(
      app.page.getByTestId('hex-row').locator('.offset').filter({ hasText: lastOffset }),
    ).toHaveCount(1)
    await app.screenshot('details-malformed')
  })
})
