import { expect, type Locator, type Page } from '@playwright/test'

/** Page object for Statistics ▸ Conversations. */
export class ConversationsPage {
  readonly window: Locator
  readonly table: Locator
  readonly rows: Locator
  readonly empty: Locator
  readonly message: Locator
  readonly count: Locator
  readonly close: Locator
  readonly follow: Locator
  readonly filter: Locator

  constructor(readonly page: Page) {
    this.window = page.getByTestId('conversations-window')
    this.table = page.getByTestId('conversations-table')
    this.rows = page.getByTestId('conversations-row')
    this.empty = page.getByTestId('conversations-empty')
    this.message = page.getByTestId('conversations-message')
    this.count = page.getByTestId('conversations-count')
    this.close = page.getByTestId('conversations-close')
    this.follow = page.getByTestId('conversations-follow')
    this.filter = page.getByTestId('conversations-filter')
  }

  /** Opens the window through the menu bar (Statistics ▸ Conversations). */
  async open(): Promise<void> {
    await this.page.getByTestId('menu-statistics').click()
    const item = this.page.getByTestId('menuitem-conversations')
    await expect(item).toBeEnabled()
    await item.click()
    await expect(this.window).toBeVisible()
  }

  row(stream: number): Locator {
    return this.page.locator(`[data-testid="conversations-row"][data-stream="${stream}"]`)
  }

  /** The cell texts of a row keyed by column (data-col). */
  async cells(stream: number): Promise<Record<string, string>> {
    return this.row(stream).evaluate((tr) => {
      const out: Record<string, string> = {}
      for (const td of tr.querySelectorAll<HTMLElement>('td[data-col]'))
        out[td.dataset.col!] = td.innerText.trim()
      return out
    })
  }

  /** Stream numbers in display order. */
  async order(): Promise<number[]> {
    return (await this.rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.stream))).map(
      Number,
    )
  }

  async sortBy(column: string): Promise<void> {
    await this.page.getByTestId(`conversations-sort-${column}`).click()
  }
}
