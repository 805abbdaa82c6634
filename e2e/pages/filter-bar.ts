import { expect, type Locator, type Page } from '@playwright/test'
import type { AppWindow } from './app-window'

/**
 * Opens a capture in browser mode the way `wirelite serve FILE` does: the page URL's &file= parameter
 * (with the serve token, which the WebSocket needs). Uses the app page object's own opener when it has
 * one (A1's AppWindow.openCapture), so Electron runs go through the command line there.
 */
export async function openCapture(app: AppWindow, absPath: string): Promise<void> {
  const own = (app as unknown as { openCapture?: (p: string) => Promise<void> }).openCapture
  if (typeof own === 'function') {
    await own.call(app, absPath)
    return
  }
  const token = process.env.WIRELITE_SERVE_TOKEN ?? ''
  await app.page.goto(`/?token=${encodeURIComponent(token)}&file=${encodeURIComponent(absPath)}`)
}

/** Page object for the display filter bar. */
export class FilterBarPage {
  readonly root: Locator
  readonly input: Locator
  readonly box: Locator
  readonly apply: Locator
  readonly clear: Locator
  readonly status: Locator
  readonly error: Locator
  readonly errorRange: Locator
  readonly completion: Locator
  readonly historyButton: Locator
  readonly history: Locator
  readonly savedButton: Locator
  readonly saved: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('filter-bar')
    this.input = page.getByTestId('filter-input')
    this.box = page.getByTestId('filter-box')
    this.apply = page.getByTestId('filter-apply')
    this.clear = page.getByTestId('filter-clear')
    this.status = page.getByTestId('filter-status')
    this.error = page.getByTestId('filter-error')
    this.errorRange = page.getByTestId('filter-error-range')
    this.completion = page.getByTestId('filter-completion')
    this.historyButton = page.getByTestId('filter-history-button')
    this.history = page.getByTestId('filter-history')
    this.savedButton = page.getByTestId('filter-saved-button')
    this.saved = page.getByTestId('filter-saved')
  }

  /** Types a filter (replacing the box's text) without applying it. */
  async type(text: string): Promise<void> {
    await this.input.fill('')
    await this.input.pressSequentially(text)
  }

  /** Types and presses Enter. */
  async applyFilter(text: string): Promise<void> {
    await this.type(text)
    await this.input.press('Enter')
  }

  /** "N of M displayed": waits until the bar shows counts and returns them. */
  async counts(): Promise<{ displayed: number; total: number }> {
    await expect(this.status).toHaveText(/\d+\D+\d+/)
    const m = /(\d+)\D+(\d+)/.exec((await this.status.textContent()) ?? '')!
    return { displayed: Number(m[1]), total: Number(m[2]) }
  }

  /** valid | invalid | empty (the box's data-state). */
  state(): Promise<string | null> {
    return this.box.getAttribute('data-state')
  }
}
