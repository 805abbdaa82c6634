import { expect, type Locator, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Runtime } from '../fixtures/app'

/** Page object for the main window: what a spec may look at, named for the user, not for the DOM. */
export class AppWindow {
  readonly titleBar: Locator
  readonly appName: Locator
  readonly version: Locator
  readonly modeBadge: Locator
  readonly emptyState: Locator

  constructor(
    readonly page: Page,
    readonly runtime: Runtime,
  ) {
    this.titleBar = page.getByTestId('title-bar')
    this.appName = page.getByTestId('app-name')
    this.version = page.getByTestId('app-version')
    this.modeBadge = page.getByTestId('app-mode')
    this.emptyState = page.getByTestId('empty-state')
  }

  /** Waits until the window shows its chrome (title bar with a version). */
  async waitReady(): Promise<void> {
    await expect(this.appName).toBeVisible()
    await expect(this.version).toBeVisible()
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
