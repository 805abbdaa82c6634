import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for the TCP inspector tab: the RFC header grid, the tcpdump line, the explanation. */
export class TcpInspectorPage {
  readonly tab: Locator
  readonly root: Locator
  readonly grid: Locator
  readonly ruler: Locator
  readonly line: Locator
  readonly tokens: Locator
  readonly explanation: Locator
  readonly explanationText: Locator
  readonly toggleAbsolute: Locator
  readonly toggleVerbose: Locator
  readonly litBytes: Locator

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('tab-tcp')
    this.root = page.getByTestId('tcp-inspector')
    this.grid = page.getByTestId('tcp-grid')
    this.ruler = page.getByTestId('tcp-ruler')
    this.line = page.getByTestId('tcpdump-line')
    this.tokens = page.getByTestId('tcpdump-token')
    this.explanation = page.getByTestId('tcp-explain')
    this.explanationText = page.getByTestId('tcp-explain-text')
    this.toggleAbsolute = page.getByTestId('toggle-S')
    this.toggleVerbose = page.getByTestId('toggle-v')
    this.litBytes = page.locator('[data-testid="hex-byte"].lit')
  }

  /** Clicks the packet list row of a frame (1-based) and waits for it to be selected. */
  async selectFrame(frame: number): Promise<void> {
    const row = this.page.locator(`[data-testid="packet-row"][data-frame="${frame}"]`)
    await row.click()
    await expect(row).toHaveAttribute('aria-selected', 'true')
  }

  async open(): Promise<void> {
    await this.tab.click()
    await expect(this.root).toBeVisible()
    await expect(this.grid).toBeVisible()
  }

  /** A header cell by id: srcport, dstport, seq, ack, hdr_len, res, flag-syn …, window, checksum, urgent, opt-N. */
  cell(id: string): Locator {
    return this.page.getByTestId(`tcp-cell-${id}`)
  }

  /** The value lines of a cell. */
  async values(id: string): Promise<string[]> {
    return (await this.page.getByTestId(`tcp-value-${id}`).allTextContents()).map((s) => s.trim())
  }

  /** The tcpdump line's tokens showing a field (e.g. tcp.seq). */
  token(field: string): Locator {
    return this.page.locator(`[data-testid="tcpdump-token"][data-field="${field}"]`)
  }

  /** Hex digits of the bytes lit in the hex pane, concatenated. */
  async litHex(): Promise<string> {
    return (await this.litBytes.allTextContents()).join('')
  }

  /** The tcpdump line's text. */
  async lineText(): Promise<string> {
    return (await this.line.textContent()) ?? ''
  }
}
