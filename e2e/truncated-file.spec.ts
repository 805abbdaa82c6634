import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures/app'

/*
 * A capture that ends in the middle of a packet (a tcpdump still writing it, a copy cut short): every
 * complete packet is a row, and the status bar says what happened to the rest and what to do.
 */
const fixture = resolve(process.cwd(), 'test/fixtures/seed-003-pingpong.pcap')

test.describe('a capture cut short', () => {
  let dir: string
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wirelite-e2e-cut-'))
  })
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('complete packets are shown and the status bar warns about the cut tail', async ({ app, page }) => {
    const cut = join(dir, 'cut.pcap')
    copyFileSync(fixture, cut)
    // 11 packets; cutting 20 bytes leaves the last record's header and part of its data.
    truncateSync(cut, statSync(fixture).size - 20)
    await app.openCapture(cut)
    await expect(page.locator('[data-testid="packet-row"][data-frame="10"]')).toBeVisible()
    await expect(page.locator('[data-testid="packet-row"][data-frame="11"]')).toHaveCount(0)
    const warning = page.getByTestId('status-warning')
    await expect(warning).toContainText('ends in the middle of a packet')
    await expect(warning).toContainText('open the file again')
  })

  test('a whole capture has no warning', async ({ app, page }) => {
    await app.openCapture(fixture)
    await expect(page.locator('[data-testid="packet-row"][data-frame="11"]')).toBeVisible()
    await expect(page.getByTestId('status-file')).toBeVisible()
    await expect(page.getByTestId('status-warning')).toHaveCount(0)
  })
})
