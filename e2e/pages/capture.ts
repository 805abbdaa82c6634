import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for Capture ▸ Interfaces… (the capture dialog) and the capture bar. */
export class CapturePage {
  readonly dialog: Locator
  readonly interfaces: Locator
  readonly filter: Locator
  readonly filterMessage: Locator
  readonly start: Locator
  readonly error: Locator
  readonly bar: Locator
  readonly packets: Locator
  readonly barStop: Locator
  readonly barSave: Locator
  readonly barDiscard: Locator
  readonly savePath: Locator
  readonly saveFormat: Locator
  readonly save: Locator
  readonly saved: Locator
  readonly openSaved: Locator

  constructor(readonly page: Page) {
    this.dialog = page.getByTestId('capture-dialog')
    this.interfaces = page.locator('[data-testid="capture-interfaces"] [role="radio"]')
    this.filter = page.getByTestId('capture-filter')
    this.filterMessage = page.getByTestId('capture-filter-message')
    this.start = page.getByTestId('capture-start')
    this.error = page.getByTestId('capture-error')
    this.bar = page.getByTestId('capture-bar')
    this.packets = this.bar.getByTestId('capture-packets')
    this.barStop = page.getByTestId('capture-bar-stop')
    this.barSave = page.getByTestId('capture-bar-save')
    this.barDiscard = page.getByTestId('capture-bar-discard')
    this.savePath = page.getByTestId('capture-save-path')
    this.saveFormat = page.getByTestId('capture-save-format')
    this.save = page.getByTestId('capture-save')
    this.saved = page.getByTestId('capture-saved')
    this.openSaved = page.getByTestId('capture-open-saved')
  }

  /** Capture ▸ Interfaces… (Ctrl+K, as in Wireshark); waits for the interface list. */
  async open(): Promise<void> {
    await this.page.locator('body').click({ position: { x: 1, y: 1 } })
    await this.page.keyboard.press('Control+k')
    await expect(this.dialog).toBeVisible()
    await expect(this.interfaces.first()).toBeVisible({ timeout: 15_000 })
  }

  iface(name: string): Locator {
    return this.page.locator(`[data-testid="capture-interfaces"] [data-iface="${name}"]`)
  }

  async pick(name: string): Promise<void> {
    await this.iface(name).click()
    await expect(this.iface(name)).toHaveAttribute('aria-checked', 'true')
  }

  /** Types a capture filter and waits for libpcap's verdict under the box. */
  async setFilter(text: string, verdict: 'valid' | 'invalid' | 'empty'): Promise<void> {
    await this.filter.fill(text)
    await expect(this.filterMessage).toHaveAttribute('data-state', verdict, { timeout: 15_000 })
  }

  /** Packets counted by the capture bar. */
  async packetCount(): Promise<number> {
    return Number(await this.packets.getAttribute('data-count'))
  }
}
