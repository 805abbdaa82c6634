import { expect, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Runtime } from '../fixtures/app'

/** Texts of one packet-list row, by column. */
export interface RowTexts {
  no: string
  time: string
  source: string
  destination: string
  protocol: string
  length: string
  info: string
}
const COLS = ['no', 'time', 'source', 'destination', 'protocol', 'length', 'info'] as const

/** Page object for the main window: what a spec may look at, named for the user, not for the DOM. */
export class AppWindow {
  readonly titleBar: Locator
  readonly appName: Locator
  readonly version: Locator
  readonly modeBadge: Locator
  readonly emptyState: Locator
  readonly menuBar: Locator
  readonly packetList: Locator
  /** The scrolling, focusable grid of rows (keyboard navigation goes here). */
  readonly scroller: Locator
  readonly statusBar: Locator
  readonly progress: Locator
  readonly goToInput: Locator
  readonly goToError: Locator
  readonly legend: Locator

  constructor(
    readonly page: Page,
    readonly runtime: Runtime,
  ) {
    this.titleBar = page.getByTestId('title-bar')
    this.appName = page.getByTestId('app-name')
    this.version = page.getByTestId('app-version')
    this.modeBadge = page.getByTestId('app-mode')
    this.emptyState = page.getByTestId('empty-state')
    this.menuBar = page.getByTestId('menu-bar')
    this.packetList = page.getByTestId('packet-list')
    this.scroller = page.getByTestId('packet-scroller')
    this.statusBar = page.getByTestId('status-bar')
    this.progress = page.getByTestId('load-progress')
    this.goToInput = page.getByTestId('goto-input')
    this.goToError = page.getByTestId('goto-error')
    this.legend = page.getByTestId('color-legend')
  }

  /** Waits until the window shows its chrome (title bar with a version). */
  async waitReady(): Promise<void> {
    await expect(this.appName).toBeVisible()
    await expect(this.version).toBeVisible()
  }

  /**
   * Opens a capture the way `wirelite serve FILE` does: the page is (re)loaded with &file=PATH, which
   * the renderer opens at start (the token of the current URL is kept). Waits for the first row.
   */
  async openCapture(absPath: string, opts: { waitLoaded?: boolean; waitRows?: boolean } = {}): Promise<void> {
    const url = new URL(this.page.url())
    url.searchParams.set('file', absPath)
    await this.page.goto(url.toString())
    await this.waitReady()
    if (opts.waitRows === false) return
    await expect(this.rows.first()).toHaveAttribute('data-frame', /\d+/)
    if (opts.waitLoaded !== false) await this.waitLoaded()
  }

  /** Waits until indexing has finished (the status bar shows the load time). */
  async waitLoaded(timeout = 60_000): Promise<void> {
    await expect(this.page.getByTestId('status-load-time')).toBeVisible({ timeout })
  }

  /** Row elements currently drawn (the visible window only). */
  get rows(): Locator {
    return this.packetList.getByTestId('packet-row')
  }

  /** The drawn row at a displayed position (0-based). */
  rowAt(pos: number): Locator {
    return this.packetList.locator(`[data-testid="packet-row"][data-pos="${pos}"]`)
  }

  /** The drawn row of a frame number. */
  rowOfFrame(frame: number): Locator {
    return this.packetList.locator(`[data-testid="packet-row"][data-frame="${frame}"]`)
  }

  selectedRow(): Locator {
    return this.packetList.locator('[data-testid="packet-row"][aria-selected="true"]')
  }

  /** Column texts of the drawn rows, top to bottom (waits until they have loaded). */
  async rowTexts(count: number): Promise<RowTexts[]> {
    await expect(this.rows.nth(Math.min(count, 1) - 1)).toHaveAttribute('data-frame', /\d+/)
    return this.page.evaluate(
      ({ count, cols }) => {
        const rows = [...document.querySelectorAll('[data-testid="packet-row"]')].slice(0, count)
        return rows.map((r) => {
          const o: Record<string, string> = {}
          for (const c of cols) o[c] = r.querySelector(`[data-col="${c}"]`)?.textContent ?? ''
          return o
        })
      },
      { count, cols: COLS as unknown as string[] },
    ) as unknown as Promise<RowTexts[]>
  }

  /** Frame numbers of the drawn rows that have loaded. */
  async drawnFrames(): Promise<number[]> {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="packet-row"][data-frame]')].map((r) =>
        Number((r as HTMLElement).dataset.frame),
      ),
    )
  }

  async statusText(): Promise<string> {
    return (await this.statusBar.textContent()) ?? ''
  }

  /** Clicks a menu of the in-page menu bar, then one of its items (ids as in MenuBar.vue). */
  async menu(menu: string, item: string): Promise<void> {
    await this.page.getByTestId(`menu-${menu}`).click()
    await this.page.getByTestId(`menuitem-${item}`).click()
  }

  /** Go ▸ Go to Packet with Ctrl+G, typing the number and Enter. */
  async goToPacket(frame: number | string): Promise<void> {
    await this.scroller.focus()
    await this.page.keyboard.press('Control+g')
    await expect(this.goToInput).toBeFocused()
    await this.goToInput.fill(String(frame))
    await this.goToInput.press('Enter')
  }

  /** Clicks a column header (sorting). */
  async clickHeader(col: (typeof COLS)[number]): Promise<void> {
    await this.page.getByTestId(`col-${col}`).locator('.head-label').click()
  }

  /** Saves a screenshot under e2e/screenshots/ (git-ignored), named by runtime. */
  async screenshot(name: string): Promise<string> {
    const dir = join('e2e', 'screenshots')
    mkdirSync(dir, { recursive: true })
    const path = join(dir, `${this.runtime}-${name}.png`)
    await this.page.screenshot({ path })
    return path
  }
}
