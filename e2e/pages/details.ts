import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the packet list rows (A1's list, by its test ids), the details tree and the hex pane. */
export class DetailsPage {
  readonly tree: Locator
  readonly nodes: Locator
  readonly experts: Locator
  readonly menu: Locator
  readonly hex: Locator
  readonly litBytes: Locator
  readonly litChars: Locator
  readonly hexFooter: Locator

  constructor(readonly page: Page) {
    this.tree = page.getByTestId('details-tree')
    this.nodes = page.getByTestId('details-node')
    this.experts = page.getByTestId('details-expert')
    this.menu = page.getByTestId('details-menu')
    this.hex = page.getByTestId('hex-rows')
    this.litBytes = page.locator('[data-testid="hex-byte"].lit')
    this.litChars = page.locator('[data-testid="hex-char"].lit')
    this.hexFooter = page.getByTestId('hex-footer')
  }

  /** Clicks the packet list row of a frame (1-based frame.number). */
  async selectFrame(frame: number): Promise<void> {
    const row = this.page.locator(`[data-testid="packet-row"][data-frame="${frame}"]`)
    await row.click()
    await expect(row).toHaveAttribute('aria-selected', 'true')
    await expect(this.tree).toHaveAttribute('aria-label', new RegExp(`\\b${frame}\\b`))
  }

  /** The tree row of a field / protocol (Wireshark name), first occurrence. */
  node(field: string): Locator {
    return this.page.locator(`[data-testid="details-node"][data-field="${field}"]`).first()
  }

  /** Expands a layer or subtree (no-op when already open). */
  async expand(field: string): Promise<void> {
    const n = this.node(field)
    if ((await n.getAttribute('aria-expanded')) !== 'true') await n.getByTestId('details-twisty').click()
    await expect(n).toHaveAttribute('aria-expanded', 'true')
  }

  /** The hex cell of a byte offset. */
  byte(offset: number): Locator {
    return this.page.locator(`[data-testid="hex-byte"][data-offset="${offset}"]`)
  }

  /** Text of the lit hex cells, joined ("ae64"). */
  async litHex(): Promise<string> {
    return (await this.litBytes.allTextContents()).join('')
  }
}
