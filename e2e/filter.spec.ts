import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, test } from './fixtures/app'
import { FilterBarPage, openCapture } from './pages/filter-bar'

/*
 * The display filter bar against the reference: the count the app displays for a filter equals the
 * number of lines tshark prints for the same display filter over the same capture.
 */
const CAPTURES = resolve('..', 'shared', 'captures', 'real')
const SYN_FILE = resolve(CAPTURES, 'packets', 'activeosfingerprinting.pcapng')
const SYN_FILTER = 'tcp.flags.syn==1 && tcp.flags.ack==0'

function tsharkCount(file: string, filter: string): number {
  const out = execFileSync('tshark', ['-n', '-r', file, '-Y', filter], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  return out.split('\n').filter((l) => l.trim() !== '').length
}
function tsharkTotal(file: string): number {
  return tsharkCount(file, 'frame')
}

test.describe('display filter bar', () => {
  test(`${SYN_FILTER} displays as many packets as tshark -Y`, async ({ app }) => {
    const expected = tsharkCount(SYN_FILE, SYN_FILTER)
    const total = tsharkTotal(SYN_FILE)
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(total)
    await openCapture(app, SYN_FILE)
    const bar = new FilterBarPage(app.page)
    await expect(bar.status).toHaveText(new RegExp(`^${total}\\D+${total}\\b`))
    await bar.applyFilter(SYN_FILTER)
    await expect(bar.box).toHaveAttribute('data-state', 'valid')
    await expect(bar.status).toHaveText(new RegExp(`^${expected}\\D+${total}\\b`))
    // The engine's time is shown with the count.
    await expect(bar.status).toContainText('ms')
    await expect(bar.error).toHaveCount(0)
    await app.screenshot('filter-syn')

    // Clear shows everything again.
    await bar.clear.click()
    await expect(bar.input).toHaveValue('')
    await expect(bar.status).toHaveText(new RegExp(`^${total}\\D+${total}\\b`))
  })

  test('on a busier capture, each displayed count equals tshark -Y', async ({ app }) => {
    const file = resolve(CAPTURES, 'packets', 'http_espn_fail.pcapng')
    const total = tsharkTotal(file)
    await openCapture(app, file)
    const bar = new FilterBarPage(app.page)
    await expect(bar.status).toHaveText(new RegExp(`^${total}\\D+${total}\\b`))
    for (const filter of [
      SYN_FILTER,
      'tcp.analysis.retransmission',
      'tcp.port == 80 && !(ip.addr == 203.0.113.0/24)',
      'udp || tcp.flags.reset == 1',
      'frame.len > 1000 and tcp.len > 0',
    ]) {
      const expected = tsharkCount(file, filter)
      await bar.applyFilter(filter)
      await expect(bar.status, filter).toHaveText(new RegExp(`^${expected}\\D+${total}\\b`))
    }
  })

  test('a bad filter turns the box red, shows the message and underlines its position', async ({ app }) => {
    await openCapture(app, SYN_FILE)
    const bar = new FilterBarPage(app.page)
    await bar.counts()
    await bar.type('tcp.port ==')
    await expect(bar.box).toHaveAttribute('data-state', 'invalid')
    await expect(bar.input).toHaveAttribute('aria-invalid', 'true')
    await expect(bar.error).toContainText("expected a value after '=='")
    // The filter module reports [9, 11): the operator is underlined, and the message gives column 10.
    await expect(bar.error).toContainText('column 10')
    await expect(bar.errorRange).toHaveText('==')
    const red = await bar.box.evaluate((el) => getComputedStyle(el).borderTopColor)
    const ok = await app.page.evaluate(() => {
      const probe = document.createElement('div')
      probe.style.color = 'var(--wl-error)'
      document.body.appendChild(probe)
      const c = getComputedStyle(probe).color
      probe.remove()
      return c
    })
    expect(red).toBe(ok)
    // Enter does not apply it: the count stays.
    const before = await bar.counts()
    await bar.input.press('Enter')
    await expect(bar.box).toHaveAttribute('data-state', 'invalid')
    expect(await bar.counts()).toEqual(before)
    await app.screenshot('filter-bad')

    // An unknown field: the field name is underlined, with a suggestion.
    await bar.type('tcp.prt == 80')
    await expect(bar.errorRange).toHaveText('tcp.prt')
    await expect(bar.error).toContainText('did you mean tcp.port')
    // Fixing it turns the box green.
    await bar.type('tcp.port == 135')
    await expect(bar.box).toHaveAttribute('data-state', 'valid')
    await expect(bar.error).toHaveCount(0)
  })

  test('history (↑ in the box, dropdown) and saved filters', async ({ app }) => {
    await openCapture(app, SYN_FILE)
    const bar = new FilterBarPage(app.page)
    await bar.counts()
    await bar.applyFilter('tcp.port == 135')
    await expect(bar.status).toHaveText(new RegExp(`^${tsharkCount(SYN_FILE, 'tcp.port == 135')}\\D`))
    await bar.applyFilter('!tcp')
    await expect(bar.status).toHaveText(new RegExp(`^${tsharkCount(SYN_FILE, '!tcp')}\\D`))
    await bar.type('')
    await bar.input.press('ArrowUp')
    await expect(bar.input).toHaveValue('!tcp')
    await bar.input.press('ArrowUp')
    await expect(bar.input).toHaveValue('tcp.port == 135')
    await bar.input.press('ArrowDown')
    await bar.input.press('ArrowDown')
    await expect(bar.input).toHaveValue('')
    await bar.historyButton.click()
    await expect(bar.history.getByTestId('filter-history-item').first()).toHaveText('!tcp')
    // History survives a reload (localStorage).
    await app.page.reload()
    await bar.historyButton.click()
    await expect(bar.history.getByTestId('filter-history-item')).toHaveText(['!tcp', 'tcp.port == 135'])
    await bar.historyButton.click()

    // Saved filters: the defaults include the SYN filter; applying one filters.
    await bar.savedButton.click()
    await expect(bar.saved).toContainText(SYN_FILTER)
    await bar.saved.getByTestId('filter-saved-item').filter({ hasText: SYN_FILTER }).click()
    await expect(bar.input).toHaveValue(SYN_FILTER)
    await expect(bar.status).toHaveText(new RegExp(`^${tsharkCount(SYN_FILE, SYN_FILTER)}\\D`))
    // Save the current one under a name, then delete it.
    await bar.savedButton.click()
    await bar.saved.getByTestId('filter-save-name').fill('my syns')
    await bar.saved.getByTestId('filter-save').click()
    const mine = bar.saved.locator('.saved-row').filter({ hasText: 'my syns' })
    await expect(mine).toHaveCount(1)
    await mine.getByTestId('filter-saved-delete').click()
    await expect(mine).toHaveCount(0)
  })

  test('field names complete from the filter field table', async ({ app }) => {
    await openCapture(app, SYN_FILE)
    const bar = new FilterBarPage(app.page)
    await bar.counts()
    await bar.type('tcp.flags.sy')
    await expect(bar.completion).toBeVisible()
    await expect(bar.completion.getByRole('option').first()).toContainText('tcp.flags.syn')
    await bar.input.press('Tab')
    await expect(bar.input).toHaveValue('tcp.flags.syn')
    // Ctrl+/ brings the focus back to the box from anywhere, as in Wireshark.
    await bar.input.blur()
    await expect(bar.input).not.toBeFocused()
    await app.page.keyboard.press('Control+/')
    await expect(bar.input).toBeFocused()
  })
})
